package io.upliftsuite.spark;

/**
 * Bad input data. The message names the table, the column, the rule broken and how many rows break it, so a user can
 * find and fix the rows; the job that throws it has written nothing.
 */
public final class InputValidationException extends IllegalArgumentException {
  private final String table;
  private final String column;
  private final long offendingRows;

  /** @param column the column, or null for a rule about the whole table (e.g. "the table has no rows") */
  public InputValidationException(String table, String column, String rule, long offendingRows) {
    super("Invalid input in table '" + table + "'" + (column == null ? "" : ", column '" + column + "'") + ": " + rule
        + (offendingRows > 0 ? " (" + offendingRows + " offending row" + (offendingRows == 1 ? "" : "s") + ")" : ""));
    this.table = table;
    this.column = column;
    this.offendingRows = offendingRows;
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  public long offendingRows() {
    return offendingRows;
  }
}
