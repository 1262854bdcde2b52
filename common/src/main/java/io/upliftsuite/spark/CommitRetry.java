package io.upliftsuite.spark;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Delta commit that lost an optimistic-concurrency race. Delta rejects a commit when another writer changed
 * files this one read (or created the table first); the write itself is repeatable (a replaceWhere, overwrite or
 * MERGE of the same rows), so trying again on the new table version is correct. After {@code attempts} losses the
 * conflict is reported naming the table and the other writer's run id.
 *
 * @param attempts how many times a commit is tried in all (at least 1)
 * @param backoffMillis wait before the second attempt; doubled before each further one
 */
public record CommitRetry(int attempts, long backoffMillis) {
  private static final Logger LOG = LoggerFactory.getLogger(CommitRetry.class);

  /** Used when no run settings are at hand (library calls outside a job). */
  public static final CommitRetry DEFAULT = new CommitRetry(5, 500);

  public CommitRetry {
    if (attempts < 1) {
      throw new IllegalArgumentException("runs.commit-attempts must be >= 1, got " + attempts);
    }
    if (backoffMillis < 0) {
      throw new IllegalArgumentException("runs.retry-backoff-ms must be >= 0, got " + backoffMillis);
    }
  }

  /** Runs {@code commit}, retrying it while it fails with a concurrent-modification conflict. */
  public void run(SparkSession spark, TableLocation table, Runnable commit) {
    long wait = backoffMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        commit.run();
        return;
      } catch (RuntimeException e) {
        if (!isConflict(e)) {
          throw e;
        }
        String other = otherWriter(spark, table);
        if (attempt >= attempts) {
          throw new ConcurrentRunException(table.name(), other, attempts, e);
        }
        LOG.info("commit to {} lost a race with run {} (attempt {} of {}); retrying in {} ms", table.name(), other,
            attempt, attempts, wait);
        sleep(wait);
        wait *= 2;
      }
    }
  }

  /** A lost optimistic-concurrency race, or a table created by someone else between our check and our create. */
  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException) {
        return true;
      }
      if (t instanceof AnalysisException a && a.getCondition() != null
          && (a.getCondition().equals("DELTA_PATH_EXISTS") || a.getCondition().equals("PATH_ALREADY_EXISTS"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The run id in the table's latest commit: the writer that won the race. */
  static String otherWriter(SparkSession spark, TableLocation table) {
    try {
      return WriteContext.runIdOf(DeltaTables.lastCommitUserMetadata(spark, table.path()));
    } catch (RuntimeException e) {
      LOG.debug("cannot read the history of {}", table, e);
      return null;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a commit", e);
    }
  }
}
