package io.upliftsuite.spark;

import java.util.Locale;

/** Storage formats the suite reads. It always writes Delta. */
public enum TableFormat {
  DELTA, PARQUET, CSV;

  public static TableFormat parse(String value, String where) {
    try {
      return TableFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown format '" + value + "' in " + where + " (allowed: delta, parquet, csv)");
    }
  }

  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
