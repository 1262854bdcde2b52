package io.upliftsuite.evaluation;

/** One point of a named curve in the {@code curves} table, with its 95% band (NaN when none). */
public record CurveRow(String curve, double x, double y, double lo, double hi) {
  public static CurveRow of(String curve, double x, double y) {
    return new CurveRow(curve, x, y, Double.NaN, Double.NaN);
  }

  public static CurveRow of(String curve, double x, Interval i) {
    return new CurveRow(curve, x, i.value(), i.low(), i.high());
  }
}
