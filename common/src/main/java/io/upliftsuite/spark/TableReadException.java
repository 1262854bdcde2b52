package io.upliftsuite.spark;

/**
 * A table that cannot be read as configured: missing, empty, or holding another format than its config says. The
 * message names the logical table, its path and the configured format, and says what to change.
 */
public final class TableReadException extends IllegalArgumentException {
  private final TableLocation table;

  public TableReadException(TableLocation table, String problem) {
    this(table, problem, null);
  }

  public TableReadException(TableLocation table, String problem, Throwable cause) {
    super((table.name().equals(table.path())
        ? "Cannot read " + table.path() + " (" + table.format().sparkName() + ")"
        : "Cannot read table '" + table.name() + "' (" + table.format().sparkName() + " at " + table.path() + ")")
        + ": " + problem, cause);
    this.table = table;
  }

  public TableLocation table() {
    return table;
  }
}
