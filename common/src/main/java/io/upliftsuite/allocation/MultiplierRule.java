package io.upliftsuite.allocation;

import java.util.List;
import java.util.Map;

/**
 * The Lagrangian decision: each customer takes argmax_k (v_ik - sum_j lambda_j * a_j(i, k)) in the signed "&lt;="
 * form; ties go to the lowest arm (control first), so every pass over the data makes the same choice. Optional
 * overrides (customer id to arm) carry the exact decisions of the core LP for the few customers near a tie.
 *
 * <p>The value v_ik is the objective, or, to find the best value a constraint can reach under the others, that
 * constraint's own favourable direction (minus its signed coefficient).
 */
final class MultiplierRule implements ArmRule {
  final double[] lambda;
  private final AllocationConstraint[] constraints;
  private final Map<String, Integer> overrides;
  private final AllocationConstraint objective;
  /** lambda_j with the constraint's sign: reduced value = v - sum_j mu_j * a_j (natural units). */
  private final double[] mu;
  private final int[] active;

  MultiplierRule(double[] lambda, List<AllocationConstraint> constraints, Map<String, Integer> overrides) {
    this(lambda, constraints, overrides, null);
  }

  MultiplierRule(double[] lambda, List<AllocationConstraint> constraints, Map<String, Integer> overrides,
      AllocationConstraint objective) {
    this.lambda = lambda.clone();
    this.constraints = constraints.toArray(AllocationConstraint[]::new);
    this.overrides = overrides;
    this.objective = objective;
    this.mu = new double[lambda.length];
    int count = 0;
    for (int j = 0; j < lambda.length; j++) {
      mu[j] = this.constraints[j].atLeast() ? -lambda[j] : lambda[j];
      if (lambda[j] != 0.0) {
        count++;
      }
    }
    active = new int[count];
    count = 0;
    for (int j = 0; j < lambda.length; j++) {
      if (lambda[j] != 0.0) {
        active[count++] = j;
      }
    }
  }

  double value(ScoreBlock b, int i, int arm) {
    return objective == null ? b.value(i, arm) : -objective.signedCoefficient(b, i, arm);
  }

  double reduced(ScoreBlock b, int i, int arm) {
    double r = value(b, i, arm);
    for (int j : active) {
      r -= mu[j] * constraints[j].coefficient(b, i, arm);
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
