package io.upliftsuite.evaluation;

/** A point estimate with a 95% interval. */
public record Interval(double value, double low, double high) {
  public boolean covers(double truth) {
    return low <= truth && truth <= high;
  }

  public double width() {
    return high - low;
  }
}
