package io.upliftsuite.allocation;

import java.util.List;
import java.util.Map;

/**
 * The Lagrangian decision: each customer takes argmax_k (w*tau_k - sum_j lambda_j * a_j(k)) in the signed "&lt;="
 * form; ties go to the lowest arm (control first), so every pass over the data makes the same choice. Optional
 * overrides (customer id to arm) carry the exact decisions of the core LP for the few customers near a tie.
 */
final class MultiplierRule implements ArmRule {
  final double[] lambda;
  private final AllocationConstraint[] constraints;
  private final Map<String, Integer> overrides;

  MultiplierRule(double[] lambda, List<AllocationConstraint> constraints, Map<String, Integer> overrides) {
    this.lambda = lambda.clone();
    this.constraints = constraints.toArray(AllocationConstraint[]::new);
    this.overrides = overrides;
  }

  double reduced(ScoreBlock b, int i, int arm) {
    double r = b.value(i, arm);
    for (int j = 0; j < constraints.length; j++) {
      if (lambda[j] != 0.0) {
        r -= lambda[j] * constraints[j].signedCoefficient(b, i, arm);
      }
    }
    return r;
  }

  /** The argmax arm ignoring overrides. */
  int bestArm(ScoreBlock b, int i) {
    int best = 0;
    double bestValue = reduced(b, i, 0);
    for (int k = 1; k < b.arms(); k++) {
      double r = reduced(b, i, k);
      if (r > bestValue) {
        best = k;
        bestValue = r;
      }
    }
    return best;
  }

  /** Best reduced value minus the second best: how close row i is to switching arms. */
  double margin(ScoreBlock b, int i) {
    double first = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < b.arms(); k++) {
      double r = reduced(b, i, k);
      if (r > first) {
        second = first;
        first = r;
      } else if (r > second) {
        second = r;
      }
    }
    return first - second;
  }

  @Override
  public int arm(ScoreBlock b, int i) {
    if (overrides != null && !overrides.isEmpty()) {
      Integer fixed = overrides.get(b.ids[i]);
      if (fixed != null) {
        return fixed;
      }
    }
    return bestArm(b, i);
  }
}
