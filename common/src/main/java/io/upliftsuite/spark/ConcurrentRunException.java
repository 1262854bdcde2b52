package io.upliftsuite.spark;

/**
 * Another run kept changing a table this run was committing to, more times than the configured retries allow. Names
 * the table and the other writer's run id (from its commit's userMetadata) so the user can tell which job it was.
 */
public final class ConcurrentRunException extends IllegalStateException {
  private final String table;
  private final String otherRunId;
  private final int attempts;
  private final int failedStep;

  public ConcurrentRunException(String table, String otherRunId, int attempts, Throwable cause) {
    this(table, otherRunId, attempts, -1, "", cause);
  }

  private ConcurrentRunException(String table, String otherRunId, int attempts, int failedStep, String outcome,
      Throwable cause) {
    super("Table '" + table + "' was changed by another run (" + (otherRunId == null ? "run id not recorded"
        : otherRunId) + ") while this run committed to it; gave up after " + attempts + " attempt"
        + (attempts == 1 ? "" : "s") + " (runs.commit-attempts)." + (outcome.isEmpty() ? "" : " " + outcome), cause);
    this.table = table;
    this.otherRunId = otherRunId;
    this.attempts = attempts;
    this.failedStep = failedStep;
  }

  /** The same conflict, recorded as hitting step {@code step} (0-based) of a run unit. */
  public ConcurrentRunException atStep(int step) {
    return new ConcurrentRunException(table, otherRunId, attempts, step, "", getCause());
  }

  /** The same conflict with a sentence on what is visible now. */
  public ConcurrentRunException withOutcome(String outcome) {
    return new ConcurrentRunException(table, otherRunId, attempts, failedStep, outcome, getCause());
  }

  public String table() {
    return table;
  }

  public String otherRunId() {
    return otherRunId;
  }

  /** The 0-based step of the run unit that failed, or -1 outside a unit. */
  public int failedStep() {
    return failedStep;
  }
}
