package io.upliftsuite.campaign.evaluation;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The allocation guard's decision over its grid of policies, from their constraint slacks on the guard split (pure
 * arithmetic, no Spark). Step 0 is the fallback policy; step j keeps the allocated arm for the share {@code share} of
 * the customers the allocation moves. A step holds when the policy meets every constraint on the models' scores and
 * every constraint's one-sided lower confidence bound of its slack is at least 0. The guard takes the last step of
 * the unbroken run of holding steps from the fallback: a later step that holds by chance after one that does not is
 * not trusted, since the slack falls as more customers move.
 */
public final class GuardChoice {
  private GuardChoice() {}

  /**
   * One policy of the grid: the share of moved customers it keeps moved, how many customers that is, whether it meets
   * the constraints on the scores, and per constraint the slack's DR point estimate and lower confidence bound.
   */
  public record Step(double share, long moved, boolean feasibleOnScores, double[] slack, double[] lowerBound) {
    public boolean holds() {
      if (!feasibleOnScores) {
        return false;
      }
      for (double lb : lowerBound) {
        if (!(lb >= 0)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Index of the last step of the unbroken run of holding steps from step 0; -1 when step 0 does not hold. */
  public static int choose(List<Step> steps) {
    int chosen = -1;
    for (int j = 0; j < steps.size() && steps.get(j).holds(); j++) {
      chosen = j;
    }
    return chosen;
  }

  /** The grid of shares: (j / steps)^2 for j = 0..steps, fine near the fallback where a small experiment decides. */
  public static double[] shares(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("allocation.guard.steps must be >= 1, got " + steps);
    }
    double[] out = new double[steps + 1];
    for (int j = 0; j <= steps; j++) {
      double x = j / (double) steps;
      out[j] = x * x;
    }
    return out;
  }

  /**
   * One-sided lower confidence bound from bootstrap replicates: the (1 - confidence) percentile of replicates
   * 1..B (index 0 is the point estimate). A slack whose replicates all equal the point estimate (a policy that is the
   * reference itself) gets exactly that value. NaN with fewer than 20 finite replicates.
   */
  public static double lowerBound(double[] values, double confidence) {
    double[] finite = Arrays.stream(values, 1, values.length).filter(Double::isFinite).toArray();
    if (finite.length < 20) {
      return Double.NaN;
    }
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(finite);
    return percentile.evaluate(100 * (1 - confidence));
  }
}
