package io.upliftsuite.runs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.upliftsuite.spark.CommitRetry;
import io.upliftsuite.spark.ConcurrentRunException;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.spark.WriteStaging;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job run's table writes as one unit: all visible or none, whatever happens to the driver.
 *
 * <p>PROTOCOL. (1) While the job computes, each write is <em>staged</em>: its rows are written to a Delta table under
 * {@code <runs dir>/units/<run id>/staging/} and nothing else changes. (2) When the job has finished without error,
 * the unit writes its manifest (every step, in order) and then commits the steps one by one to their tables. Each
 * commit carries the run id and step in its userMetadata and a Delta transaction id ({@code txnAppId} = job, run
 * date and table; {@code txnVersion} = the unit's start time), so repeating a step that already committed is a
 * no-op; a table the run creates is its staged table moved into place where the file system renames atomically.
 * (3) A {@code committed} marker ends the unit and its folder is removed.
 *
 * <p>A failure before (2) leaves only the staging folder, which is deleted. A {@code kill -9} during (2) leaves a
 * manifest without a marker: the next job that starts in the warehouse finds the dead run ({@link RunHeartbeat}) and
 * finishes its commits from the staged rows ({@link RunRecovery}) before it reads or writes anything, so every table
 * ends at the old state or the new one, never a mix across tables. Steps a newer run of the same job and date has
 * already committed are skipped by Delta (their txnVersion is older).
 */
public final class RunUnit implements WriteStaging {
  private static final Logger LOG = LoggerFactory.getLogger(RunUnit.class);
  private static final AtomicLong LAST_VERSION = new AtomicLong();

  private final SparkSession spark;
  private final RunSettings settings;
  private final RunFiles files;
  private final WriteContext context;
  private final RunHeartbeat heartbeat;
  private final long txnVersion;
  private final List<RunManifest.Step> steps = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final Map<String, Integer> occurrences = new HashMap<>();
  private long stagingNanos;
  private boolean closed;

  private RunUnit(SparkSession spark, RunSettings settings, RunFiles files, WriteContext context,
      RunHeartbeat heartbeat) {
    this.spark = spark;
    this.settings = settings;
    this.files = files;
    this.context = context;
    this.heartbeat = heartbeat;
    this.txnVersion = nextVersion();
  }

  /** Opens the unit of run {@code context}: starts its heartbeat and makes it the JVM's active staging. */
  public static RunUnit open(SparkSession spark, RunSettings settings, WriteContext context) {
    RunFiles files = new RunFiles(settings.runsDir(), spark.sparkContext().hadoopConfiguration());
    RunHeartbeat heartbeat = RunHeartbeat.start(files, context, settings.heartbeatSeconds());
    RunUnit unit = new RunUnit(spark, settings, files, context, heartbeat);
    WriteStaging.activate(unit);
    return unit;
  }

  /** Unique and increasing within a JVM; across JVMs the clock orders runs of the same job and date. */
  private static long nextVersion() {
    return LAST_VERSION.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
  }

  public String runId() {
    return context.runId();
  }

  /**
   * A folder of this unit for Spark checkpoints ({@code io.upliftsuite.spark.Lineage}): deleted with the unit when
   * the run commits or aborts, and by the next run's recovery when the run died.
   */
  public String checkpointDir() {
    return new org.apache.hadoop.fs.Path(files.unit(context.runId()), "checkpoints").toString();
  }

  /** The tables staged so far, in commit order. */
  public List<String> tables() {
    return steps.stream().map(RunManifest.Step::table).toList();
  }

  /** Whether this unit's writes may still become visible: its manifest is written and it has not committed. */
  public boolean mayStillCommit() {
    return RunRecovery.mayStillCommit(files, context.runId());
  }

  /** Whether a write to {@code table} is staged. */
  public synchronized boolean writes(TableLocation table) {
    return steps.stream().anyMatch(s -> s.path().equals(table.path()));
  }

  @Override
  public synchronized void stage(TableLocation table, Mode mode, Dataset<Row> rows, String predicate,
      List<String> keys, List<String> partitionColumns) {
    checkOpen();
    int occurrence = occurrences.merge(table.path(), 1, Integer::sum) - 1;
    int index = steps.size();
    Path staged = new Path(files.staging(context.runId()), index + "-" + safe(table.name()));
    String appId = "uplift-suite/" + context.job() + "/" + context.runDate() + "/" + table.name()
        + (occurrence == 0 ? "" : "#" + occurrence);
    long t0 = System.nanoTime();
    // written as the table itself would be (partitions, commit metadata, transaction id), so that a table this run
    // creates can be moved into place instead of copied
    DataFrameWriter<Row> writer = rows.write().format("delta").mode("overwrite")
        .option("userMetadata", context.userMetadata(Map.of("step", Integer.toString(index + 1))))
        .option("txnAppId", appId).option("txnVersion", txnVersion);
    if (!partitionColumns.isEmpty()) {
      writer = writer.partitionBy(partitionColumns.toArray(String[]::new));
    }
    writer.save(staged.toString());
    stagingNanos += System.nanoTime() - t0;
    steps.add(new RunManifest.Step(table.name(), table.path(), mode, predicate, List.copyOf(keys),
        List.copyOf(partitionColumns), appId, staged.toString()));
    LOG.debug("{}: staged {} of {} at {}", context.runId(), mode, table, staged);
  }

  @Override
  public synchronized Dataset<Row> readYourWrites(TableLocation table) {
    if (closed) {
      return null;
    }
    Dataset<Row> result = null;
    boolean any = false;
    for (RunManifest.Step step : steps) {
      if (!step.path().equals(table.path())) {
        continue;
      }
      if (!any) {
        result = TableIO.pathExists(spark, table.path()) ? TableIO.readCommitted(spark, table, null) : null;
        any = true;
      }
      Dataset<Row> staged = spark.read().format("delta").load(step.staged());
      result = applied(result, step, staged);
    }
    return any ? result : null;
  }

  /** {@code before} (null = no table yet) as it is after {@code step} commits {@code staged}. */
  static Dataset<Row> applied(Dataset<Row> before, RunManifest.Step step, Dataset<Row> staged) {
    if (before == null || step.mode() == Mode.OVERWRITE) {
      return staged;
    }
    if (step.mode() == Mode.REPLACE_WHERE) {
      // replaceWhere deletes the rows where the predicate is true, and keeps those where it is false or null
      Column replaced = coalesce(expr(step.predicate()), lit(false));
      return before.where(not(replaced)).unionByName(staged, true);
    }
    List<String> keys = step.keys();
    Column match = null;
    for (String k : keys) {
      Column c = before.col(k).eqNullSafe(staged.col(k));
      match = match == null ? c : match.and(c);
    }
    return before.join(staged, match, "left_anti").unionByName(staged, true);
  }

  @Override
  public synchronized void afterCommit(Runnable action) {
    checkOpen();
    afterCommit.add(action);
  }

  /**
   * Commits every staged write in order (see the class comment), then runs the after-commit actions. A conflict
   * that outlasts the retries fails here; the manifest stays, so the next job's recovery finishes the unit.
   */
  public synchronized void commit() {
    checkOpen();
    try {
      if (!steps.isEmpty()) {
        RunManifest manifest = new RunManifest(context.runId(), context.job(), context.runDate().toString(),
            txnVersion, List.copyOf(steps));
        long t0 = System.nanoTime();
        files.writeAtomically(files.manifest(context.runId()), manifest.toJson());
        try {
          commitSteps(spark, manifest, settings.retry());
        } catch (ConcurrentRunException e) {
          throw outcome(e, manifest, e.failedStep());
        }
        files.writeAtomically(files.committed(context.runId()), "");
        LOG.info("{}: committed {} (writing the staged rows took {} s, the commits {} s)", context.runId(),
            manifest.tables(), String.format(java.util.Locale.ROOT, "%.1f", stagingNanos / 1e9),
            String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
      }
      for (Runnable action : afterCommit) {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.warn("{}: an after-commit clean-up failed (the next run repeats it): {}", context.runId(),
              e.toString());
          LOG.debug("after-commit failure", e);
        }
      }
      files.deleteQuietly(files.unit(context.runId()));
    } finally {
      end();
    }
  }

  /** Drops everything staged: the job failed and no table changes. */
  public synchronized void abort() {
    if (closed) {
      return;
    }
    try {
      files.deleteQuietly(files.unit(context.runId()));
      if (!steps.isEmpty()) {
        LOG.info("{}: nothing committed; dropped the staged writes of {}", context.runId(), tables());
      }
    } finally {
      end();
    }
  }

  /**
   * Commits the steps of {@code manifest} in order from their staged rows; steps that already committed (this run's
   * or a newer run's of the same job and date) are skipped by Delta's transaction ids.
   */
  static void commitSteps(SparkSession spark, RunManifest manifest, CommitRetry retry) {
    WriteContext who = new WriteContext(manifest.job(), manifest.runId(), java.time.LocalDate.parse(manifest.runDate()));
    List<String> tables = manifest.tables();
    for (int i = 0; i < manifest.steps().size(); i++) {
      RunManifest.Step step = manifest.steps().get(i);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("step", (i + 1) + "/" + tables.size());
      extra.put("unit", tables);
      if (createdByMove(spark, step)) {
        continue;
      }
      Dataset<Row> staged = spark.read().format("delta").load(step.staged());
      try {
        DeltaTables.commit(step.write(), staged, who.userMetadata(extra),
            new DeltaTables.Txn(step.appId(), manifest.txnVersion()), retry);
      } catch (ConcurrentRunException e) {
        throw e.atStep(i);
      }
    }
  }

  /**
   * A table the step creates is the staged table moved into place: one atomic rename on file systems that have one
   * (local, HDFS), instead of a copy. True when the step is done that way — now, or before a kill (the staged table
   * is gone and the target exists); false when the step must be copied.
   */
  private static boolean createdByMove(SparkSession spark, RunManifest.Step step) {
    try {
      Path staged = new Path(step.staged());
      Path target = new Path(step.path());
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(staged)) {
        if (DeltaTables.exists(spark, step.path())) {
          return true; // moved into place before the run died
        }
        throw new IllegalStateException("The staged rows of " + step.table() + " (" + staged + ") are missing");
      }
      String scheme = fs.getUri().getScheme();
      if (!("file".equals(scheme) || "hdfs".equals(scheme)) || fs.exists(target)) {
        return false;
      }
      fs.mkdirs(target.getParent());
      FileContext.getFileContext(target.toUri(), spark.sparkContext().hadoopConfiguration())
          .rename(staged, target, Options.Rename.NONE);
      LOG.debug("created {} by moving its staged rows into place", step.path());
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // another run created it first: copy into it
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + step.path() + " from its staged rows", e);
    }
  }

  /**
   * The conflict as the user needs to hear it: if it hit the first step nothing is visible and the unit is dropped;
   * later steps leave the manifest, and the next job in the warehouse commits the rest.
   */
  private RuntimeException outcome(ConcurrentRunException e, RunManifest manifest, int failedStep) {
    if (failedStep <= 0) {
      files.deleteQuietly(files.unit(context.runId()));
      return e.withOutcome("Nothing of this run is visible; run it again.");
    }
    return e.withOutcome("Its commits to " + manifest.tables().subList(0, failedStep) + " went through; the next "
        + "job started in this warehouse (e.g. doctor) commits the rest from the staged rows.");
  }

  private void end() {
    closed = true;
    if (WriteStaging.active() == this) {
      WriteStaging.activate(null);
    }
    heartbeat.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("run unit " + context.runId() + " is already committed or aborted");
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
