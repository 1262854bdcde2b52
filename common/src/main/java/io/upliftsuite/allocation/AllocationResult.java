package io.upliftsuite.allocation;

import java.util.List;
import java.util.Map;

/**
 * What an allocation run found. {@code objective} is sum_i w_i*tau(assigned arm) of the written policy (primal);
 * {@code dualBound} is the Lagrangian bound D(lambda) &gt;= the LP optimum, so {@code gap} = (dualBound -
 * objective) / |dualBound| bounds how far the policy is from the best fractional allocation.
 */
public record AllocationResult(String method, long rows, double objective, double dualBound, double gap,
    int iterations, int dataPasses, int coreRows, double[] lambda, List<ConstraintUse> constraints,
    Map<String, Long> armCounts, List<Baseline> baselines) {

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("method=%s rows=%d objective=%.6g dual_bound=%.6g gap=%.3g%% iterations=%d passes=%d",
        method, rows, objective, dualBound, 100 * gap, iterations, dataPasses));
    sb.append(" arms=").append(armCounts);
    for (ConstraintUse c : constraints) {
      sb.append(String.format(" %s=%.6g%s%.6g", c.name(), c.use(), c.sense(), c.limit()));
    }
    return sb.toString();
  }
}
