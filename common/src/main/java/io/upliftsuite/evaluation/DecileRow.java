package io.upliftsuite.evaluation;

/**
 * One bin of the decile table (bin 1 = highest scores): counts and outcome sums per arm. Counts are fractional only
 * when a group of tied scores straddles a bin boundary (it is shared in proportion to its rows).
 */
public record DecileRow(int bin, double nTreated, double nControl, double yTreated, double yControl) {
  public double rateTreated() {
    return UpliftMetrics.rate(yTreated, nTreated);
  }

  public double rateControl() {
    return UpliftMetrics.rate(yControl, nControl);
  }

  public double uplift() {
    return rateTreated() - rateControl();
  }
}
