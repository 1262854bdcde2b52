package io.upliftsuite.runs;

import io.upliftsuite.config.SettingException;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.CommitRetry;
import io.upliftsuite.spark.Tables;

/**
 * Where run units keep their state and how they behave (config section {@code runs}, conf/runs.conf).
 *
 * @param runsDir folder (path or URI) with the heartbeats of live runs and the staged writes of open units
 * @param modelsDir the warehouse's model folder ({@link ModelFolders})
 * @param heartbeatSeconds how often a live run touches its heartbeat file
 * @param deadAfterSeconds a run whose heartbeat is older than this is dead (on the driver's own host a run whose
 *     process is gone is dead at once)
 * @param retry how often a commit that lost a race with another writer is tried
 */
public record RunSettings(String runsDir, String modelsDir, long heartbeatSeconds, long deadAfterSeconds,
    CommitRetry retry) {

  public RunSettings {
    if (heartbeatSeconds < 1) {
      throw new SettingException("runs.heartbeat-seconds", Long.toString(heartbeatSeconds), "must be >= 1");
    }
    if (deadAfterSeconds <= 2 * heartbeatSeconds) {
      throw new SettingException("runs.dead-after-seconds", Long.toString(deadAfterSeconds),
          "must be more than twice runs.heartbeat-seconds (" + heartbeatSeconds + ")");
    }
  }

  public static RunSettings from(SuiteConfig config, Tables tables) {
    int attempts = config.getInt("runs.commit-attempts");
    if (attempts < 1) {
      throw new SettingException("runs.commit-attempts", Integer.toString(attempts), "must be >= 1");
    }
    return new RunSettings(tables.underRoot(config.getString("runs.dir")), tables.modelsDir(),
        config.getLong("runs.heartbeat-seconds"), config.getLong("runs.dead-after-seconds"),
        new CommitRetry(attempts, config.getLong("runs.retry-backoff-ms")));
  }
}
