package io.upliftsuite.spark;

/**
 * A path the user gave (e.g. a {@code --model} folder) that does not exist, or lacks what the job reads from it,
 * found by a check BEFORE Spark is asked to read it: a failed Spark read logs stack traces on the console (Spark's
 * own WARN/ERROR lines), which the one-line failure contract does not allow. The failure line names the option whose
 * value the path is under ({@code io.upliftsuite.runs.FailureLine}).
 */
public final class MissingPathException extends IllegalArgumentException {
  private final String path;

  public MissingPathException(String path) {
    super("Path does not exist: " + path);
    this.path = path;
  }

  /** The missing path, as the job would have read it. */
  public String path() {
    return path;
  }
}
