package io.upliftsuite.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.spark.WriteContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells live runs from dead ones. A run keeps a file {@code live/<run id>} (its job, run date and {@code pid@host})
 * and touches it every few seconds; a {@code kill -9} stops the touching. A run is dead when its file is missing,
 * when it was started on this host and its process is gone, or when the file is older than
 * {@link RunSettings#deadAfterSeconds()}. Only dead runs' units are completed or removed by others.
 */
public final class RunHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunFiles files;
  private final Path file;
  private final ScheduledExecutorService timer;

  private RunHeartbeat(RunFiles files, Path file, ScheduledExecutorService timer) {
    this.files = files;
    this.file = file;
    this.timer = timer;
  }

  /** Writes the run's live file and starts touching it every {@code periodSeconds}. */
  static RunHeartbeat start(RunFiles files, WriteContext context, long periodSeconds) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("run_id", context.runId());
    info.put("job", context.job());
    info.put("run_date", context.runDate().toString());
    info.put("jvm", currentJvm());
    info.put("started", java.time.Instant.now().toString());
    Path file = files.live(context.runId());
    try {
      files.writeAtomically(file, JSON.writeValueAsString(info));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run-heartbeat-" + context.runId());
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> touch(files, file), periodSeconds, periodSeconds, TimeUnit.SECONDS);
    return new RunHeartbeat(files, file, timer);
  }

  private static void touch(RunFiles files, Path file) {
    try {
      files.fs().setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot touch {}", file, e);
    }
  }

  /** Stops touching and removes the live file: the run is over. */
  @Override
  public void close() {
    timer.shutdownNow();
    files.deleteQuietly(file);
  }

  /** Whether run {@code runId} is alive now. */
  static boolean isLive(RunFiles files, String runId, long deadAfterSeconds) {
    Path file = files.live(runId);
    try {
      if (!files.fs().exists(file)) {
        return false;
      }
      FileStatus status = files.fs().getFileStatus(file);
      if (System.currentTimeMillis() - status.getModificationTime() > deadAfterSeconds * 1000) {
        return false;
      }
      JsonNode info = JSON.readTree(files.read(file));
      return !(info.has("jvm") && goneOnThisHost(info.get("jvm").asText()));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read {}; taking the run as live", file, e);
      return true; // unsure: never complete or delete what might still be running
    }
  }

  /** True when {@code jvm} ("pid@host") names this host and no process with that pid exists. */
  static boolean goneOnThisHost(String jvm) {
    int at = jvm.indexOf('@');
    if (at <= 0) {
      return false;
    }
    String host = jvm.substring(at + 1);
    String thisHost = currentJvm().substring(currentJvm().indexOf('@') + 1);
    if (!host.equals(thisHost)) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(jvm.substring(0, at))).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String currentJvm() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
