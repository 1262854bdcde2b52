package io.upliftsuite.allocation;

import java.io.Serializable;

/**
 * A per-arm quantity that constraints can limit (sales, reward cost, ...), read from the scores table:
 * {@code column} is a pattern with {@code {arm}} that names the column of each treatment arm; {@code controlColumn}
 * holds the value under control (null: 0 under control); with {@code uplift} the treatment columns hold the change
 * over control, so the value under treatment k is control + column(k). Count constraints need no metric ("count").
 */
public record Metric(String name, String column, String controlColumn, boolean uplift) implements Serializable {
  public static final String COUNT = "count";
  public static final String ARM = "{arm}";

  public Metric {
    if (name == null || name.isBlank() || name.equals(COUNT)) {
      throw new IllegalArgumentException("allocation.metrics: a metric needs a name other than '" + COUNT + "'");
    }
    if (column == null || !column.contains(ARM)) {
      throw new IllegalArgumentException("allocation.metrics: column of metric '" + name + "' must contain " + ARM
          + " (e.g. \"" + name + "_" + ARM + "\"), got '" + column + "'");
    }
    if (controlColumn != null && controlColumn.isBlank()) {
      controlColumn = null;
    }
    if (uplift && controlColumn == null) {
      throw new IllegalArgumentException("allocation.metrics: metric '" + name
          + "' has uplift = true, so it needs a control-column (the value under control)");
    }
  }

  public String column(String treatment) {
    return column.replace(ARM, treatment);
  }
}
