package io.upliftsuite.evaluation;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/** The bootstrap sums of {@link OffPolicyEvaluation}; turns them into estimates, intervals and paired contrasts. */
public final class OffPolicyResult {
  private final List<String> policies;
  private final int segments;
  private final int replicates;
  private final double[] sums;

  OffPolicyResult(List<String> policies, int segments, int replicates, double[] sums) {
    this.policies = policies;
    this.segments = segments;
    this.replicates = replicates;
    this.sums = sums;
  }

  public List<String> policies() {
    return policies;
  }

  public int replicates() {
    return replicates;
  }

  /** Rows (bootstrap weight 1) in a segment. */
  public double rows(int segment) {
    return sums[OffPolicyEvaluation.index(segment, 0, 0, 0, policies.size(), replicates)];
  }

  /** Mean contact probability of {@code policy} over the segment's rows: the share it contacts. */
  public double shareContacted(String policy, int segment) {
    int i = OffPolicyEvaluation.index(segment, policyIndex(policy), 0, 0, policies.size(), replicates);
    return sums[i] == 0 ? Double.NaN : sums[i + 4] / sums[i];
  }

  public Interval estimate(String policy, OpeEstimator estimator) {
    return estimate(policy, estimator, 0);
  }

  public Interval estimate(String policy, OpeEstimator estimator, int segment) {
    int p = policyIndex(policy);
    double[] reps = new double[replicates];
    for (int b = 1; b <= replicates; b++) {
      reps[b - 1] = value(segment, p, b, estimator);
    }
    return interval(value(segment, p, 0, estimator), reps);
  }

  /** Value of {@code policy} minus value of {@code baseline}, with the paired bootstrap interval. */
  public Interval contrast(String policy, String baseline, OpeEstimator estimator, int segment) {
    int p = policyIndex(policy);
    int q = policyIndex(baseline);
    double[] reps = new double[replicates];
    for (int b = 1; b <= replicates; b++) {
      reps[b - 1] = value(segment, p, b, estimator) - value(segment, q, b, estimator);
    }
    return interval(value(segment, p, 0, estimator) - value(segment, q, 0, estimator), reps);
  }

  private double value(int segment, int policy, int replicate, OpeEstimator estimator) {
    int i = OffPolicyEvaluation.index(segment, policy, replicate, 0, policies.size(), replicates);
    double w = sums[i];
    double wy = sums[i + 1];
    double wRatio = sums[i + 2];
    double dr = sums[i + 3];
    return switch (estimator) {
      case IPS -> w == 0 ? Double.NaN : wy / w;
      case SNIPS -> wRatio == 0 ? Double.NaN : wy / wRatio;
      case DR -> w == 0 ? Double.NaN : dr / w;
    };
  }

  /** Percentile interval (2.5%, 97.5%) of the replicates, Commons Math's R-7 (linear) quantile definition. */
  static Interval interval(double point, double[] replicates) {
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(replicates);
    return new Interval(point, percentile.evaluate(2.5), percentile.evaluate(97.5));
  }

  private int policyIndex(String policy) {
    int p = policies.indexOf(policy);
    if (p < 0) {
      throw new IllegalArgumentException("Unknown policy '" + policy + "'; evaluated: " + policies);
    }
    return p;
  }
}
