package io.upliftsuite.campaign.evaluation;

/**
 * One number of the campaign evaluation: a measure of a policy on an outcome by an estimator, with its 95% bootstrap
 * interval and, on simulated data, the true value (NaN when unknown).
 *
 * <p>Measures: {@code value} (mean outcome per customer); {@code relative_lift} against the policy {@code versus}
 * ((V - V_versus) / |V_versus|); {@code eis} (average reward expense / (average sales - average sales of
 * {@code versus})); {@code constraint_slack} of allocation constraint {@code outcome} ((use - limit) / |limit| for an
 * "at least" constraint, (limit - use) / |limit| for "at most": negative means broken); {@code treated_share}.
 */
public record PolicyMeasure(String policy, String measure, String outcome, String versus, String estimator,
    double estimate, double ciLow, double ciHigh, double truth) {

  public static final String VALUE = "value";
  public static final String RELATIVE_LIFT = "relative_lift";
  public static final String EIS = "eis";
  public static final String CONSTRAINT_SLACK = "constraint_slack";
  public static final String TREATED_SHARE = "treated_share";

  /** True when the interval covers the true value (false without a true value). */
  public boolean covers() {
    return !Double.isNaN(truth) && ciLow <= truth && truth <= ciHigh;
  }
}
