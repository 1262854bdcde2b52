package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * The outcome model the doubly robust estimator needs, derived from the predictions table without refitting:
 * {@code baseline_score} predicts the outcome under the logged (existing) policy, E[Y|x] = e·μ1 + (1−e)·μ0, and
 * {@code cate} predicts μ1 − μ0. Solving both: μ1 = baseline + (1−e)·cate, μ0 = baseline − e·cate. The DR estimate
 * stays unbiased when the propensities are right even if these are wrong; good μ only narrow its interval.
 */
public final class OutcomeModel {
  private OutcomeModel() {}

  public static Column mu1(String baseline, String cate, String propensity) {
    return col(baseline).plus(lit(1.0).minus(col(propensity)).multiply(col(cate)));
  }

  public static Column mu0(String baseline, String cate, String propensity) {
    return col(baseline).minus(col(propensity).multiply(col(cate)));
  }
}
