package io.upliftsuite.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what dead runs left half-done, before a job reads or writes anything: a unit with a manifest and no
 * {@code committed} marker has all its rows staged, so its remaining commits are made from them (steps that already
 * committed are skipped by their Delta transaction ids); a unit without a manifest never committed anything and is
 * deleted. Units of live runs are left alone. Every job runs this at start; {@code doctor} reports it.
 */
public final class RunRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

  /**
   * @param completed run ids whose commits were finished from their staged rows ("rolled forward")
   * @param dropped run ids that died before their commit began; their staged rows were deleted
   * @param live run ids of units still running (left alone)
   */
  public record Report(List<String> completed, List<String> dropped, List<String> live) {
    public boolean isEmpty() {
      return completed.isEmpty() && dropped.isEmpty();
    }
  }

  private RunRecovery() {}

  public static Report run(SparkSession spark, RunSettings settings) {
    RunFiles files = new RunFiles(settings.runsDir(), spark.sparkContext().hadoopConfiguration());
    List<String> completed = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> live = new ArrayList<>();
    List<RunManifest> toFinish = new ArrayList<>();
    for (String runId : list(files, files.unitsDir())) {
      if (files.exists(files.committed(runId))) {
        files.deleteQuietly(files.unit(runId)); // committed; only the folder was left behind
      } else if (RunHeartbeat.isLive(files, runId, settings.deadAfterSeconds())) {
        live.add(runId);
      } else if (files.exists(files.manifest(runId))) {
        toFinish.add(RunManifest.fromJson(files.read(files.manifest(runId))));
      } else {
        files.deleteQuietly(files.unit(runId));
        dropped.add(runId);
        LOG.info("run {} died before committing anything: dropped its staged rows", runId);
      }
    }
    // oldest first, so a table ends with the newest of the dead runs' rows
    toFinish.sort(Comparator.comparingLong(RunManifest::txnVersion));
    for (RunManifest m : toFinish) {
      LOG.info("run {} died while committing {}: finishing its commits from the staged rows", m.runId(), m.tables());
      RunUnit.commitSteps(spark, m, settings.retry());
      files.writeAtomically(files.committed(m.runId()), "");
      files.deleteQuietly(files.unit(m.runId()));
      completed.add(m.runId());
    }
    // heartbeats of runs killed after their unit ended (or of runs that wrote nothing)
    for (String runId : list(files, files.liveDir())) {
      if (!files.exists(files.unit(runId)) && !RunHeartbeat.isLive(files, runId, settings.deadAfterSeconds())) {
        files.deleteQuietly(files.live(runId));
      }
    }
    return new Report(List.copyOf(completed), List.copyOf(dropped), List.copyOf(live));
  }

  /** Whether run {@code runId} has a unit that may still commit (live, or dead with a manifest to finish). */
  static boolean mayStillCommit(RunFiles files, String runId) {
    return files.exists(files.manifest(runId)) && !files.exists(files.committed(runId));
  }

  private static List<String> list(RunFiles files, org.apache.hadoop.fs.Path dir) {
    try {
      if (!files.fs().exists(dir)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus s : files.fs().listStatus(dir)) {
        if (!s.getPath().getName().startsWith(".")) {
          names.add(s.getPath().getName());
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
