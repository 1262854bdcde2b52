package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Evaluates several policies in ONE pass over the cached score blocks: per policy the objective, the use of every
 * constraint and the count per arm, summed on the executors and merged on the driver (a few doubles per policy).
 *
 * <p>Layout of the per-policy slice of the aggregate: {@code [objective, use_0 .. use_{m-1}, count_0 .. count_K]}.
 */
final class PolicyEvaluation {
  private PolicyEvaluation() {}

  static List<PolicyStats> evaluate(JavaRDD<ScoreBlock> blocks, List<? extends ArmRule> rules,
      List<AllocationConstraint> constraints, int arms) {
    int m = constraints.size();
    int width = 1 + m + arms;
    int size = width * rules.size();
    AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
    ArmRule[] rs = rules.toArray(ArmRule[]::new);
    double[] total = blocks.treeAggregate(new double[size], (acc, b) -> {
      for (int p = 0; p < rs.length; p++) {
        int base = p * width;
        for (int i = 0; i < b.rows; i++) {
          int arm = rs[p].arm(b, i);
          acc[base] += b.value(i, arm);
          for (int j = 0; j < m; j++) {
            acc[base + 1 + j] += cs[j].coefficient(b, i, arm);
          }
          acc[base + 1 + m + arm] += 1.0;
        }
      }
      return acc;
    }, PolicyEvaluation::merge, 2);
    List<PolicyStats> out = new ArrayList<>();
    for (int p = 0; p < rs.length; p++) {
      int base = p * width;
      double[] use = new double[m];
      System.arraycopy(total, base + 1, use, 0, m);
      long[] counts = new long[arms];
      for (int k = 0; k < arms; k++) {
        counts[k] = Math.round(total[base + 1 + m + k]);
      }
      out.add(new PolicyStats(total[base], use, counts));
    }
    return out;
  }

  static double[] merge(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException("aggregate sizes differ: " + a.length + " vs " + b.length);
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
