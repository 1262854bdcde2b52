package io.upliftsuite.evaluation;

/** One row of the {@code evaluations} table: a named number with its 95% interval (NaN bounds when none). */
public record MetricRow(String metric, double value, double ciLow, double ciHigh) {
  public static MetricRow of(String metric, double value) {
    return new MetricRow(metric, value, Double.NaN, Double.NaN);
  }

  public static MetricRow of(String metric, Interval i) {
    return new MetricRow(metric, i.value(), i.low(), i.high());
  }
}
