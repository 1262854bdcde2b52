package io.upliftsuite.spark;

import java.util.Locale;

/**
 * An export that failed. The message is one line that names the table, where it was going and why (the first line
 * of the underlying error, which for Spark's analysis errors is the readable part; the plan follows on later lines).
 * The cause keeps the full stack for debug logging.
 */
public final class TableExportException extends RuntimeException {
  private final String table;

  public TableExportException(TableLocation source, TableExport.Format format, String output, String where,
      Throwable cause) {
    super("Cannot export table '" + source.name() + "' (" + source.format().sparkName() + " at " + source.path()
        + ")" + (where == null || where.isBlank() ? "" : " where " + where) + " to " + output + " as "
        + format.name().toLowerCase(Locale.ROOT) + ": " + reason(cause), cause);
    this.table = source.name();
  }

  public String table() {
    return table;
  }

  /** The first message along the cause chain (Spark's errors carry their cause's text), on one line. */
  static String reason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String firstLine = c.getMessage() == null ? "" : c.getMessage().strip().lines().findFirst().orElse("").strip();
      if (!firstLine.isEmpty()) {
        return firstLine;
      }
    }
    return t.getClass().getName();
  }
}
