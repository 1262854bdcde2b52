package io.upliftsuite.allocation;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The published grouped method: customers are bucketed into G equal-size groups by their best predicted value
 * max_k w*tau_k (cut points are quantiles of the seeded sample already on the driver), one aggregation sums per group and arm
 * the value and every constraint's use, and an LP over group shares x_gk (sum_k x_gk = 1) runs on the driver.
 *
 * <p>The LP is solved in its dual form, min sum_g u_g + lambda.b s.t. u_g + lambda.A_gk &gt;= V_gk, because the
 * dual's lambda (the price of each constraint at the group optimum) is what the individual assignment inside the
 * groups needs: each customer takes argmax_k (v_ik - lambda.a_ik). Compared with drawing customers at random in
 * proportion to the group shares this uses the same LP but no sampling noise, so a constraint cannot be broken by
 * an unlucky draw, and customers of one group who differ get different arms.
 */
final class GroupedLp {
  private GroupedLp() {}

  record Outcome(double[] lambda, double groupObjective, int groups, long[] groupSizes) {}

  static Outcome solve(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints, int arms,
      ScoreBlock sample, int groups) {
    double[] cuts = cutPoints(sample, groups);
    int g = cuts.length + 1;
    int m = constraints.size();
    AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
    // Layout per (group, arm): [value, signedUse_0 .. signedUse_{m-1}] at ((group * arms + arm) * (1 + m)); then
    // the group sizes at g * arms * (1 + m) + group.
    int width = 1 + m;
    double[] agg = blocks.treeAggregate(new double[g * arms * width + g], (acc, b) -> {
      for (int i = 0; i < b.rows; i++) {
        int group = groupOf(score(b, i), cuts);
        for (int k = 0; k < arms; k++) {
          int base = (group * arms + k) * width;
          acc[base] += b.value(i, k);
          for (int j = 0; j < m; j++) {
            acc[base + 1 + j] += cs[j].signedCoefficient(b, i, k);
          }
        }
        acc[g * arms * width + group] += 1;
      }
      return acc;
    }, PolicyEvaluation::merge, 2);

    // Solved in scaled units so the simplex sees numbers of order 1/G whatever the money or sales units:
    // u'_g = u_g / V and mu_j = lambda_j |b_j| / V, with V = sum_g max_k |V_gk|; rows are divided by V.
    double v = 0;
    for (int grp = 0; grp < g; grp++) {
      double best = 0;
      for (int k = 0; k < arms; k++) {
        best = Math.max(best, Math.abs(agg[(grp * arms + k) * width]));
      }
      v += best;
    }
    double scaleV = v > 0 ? v : 1.0;
    double[] limit = new double[m];
    for (int j = 0; j < m; j++) {
      limit[j] = Math.max(Math.abs(constraints.get(j).limit()), 1e-9);
    }
    LinearProgram dual = new LinearProgram();
    long[] sizes = new long[g];
    for (int grp = 0; grp < g; grp++) {
      sizes[grp] = Math.round(agg[g * arms * width + grp]);
      dual.variable(null, null, 1.0); // u'_g
    }
    for (int j = 0; j < m; j++) {
      dual.variable(0.0, null, constraints.get(j).signedLimit() / limit[j]); // mu_j
    }
    for (int grp = 0; grp < g; grp++) {
      if (sizes[grp] == 0) {
        continue;
      }
      for (int k = 0; k < arms; k++) {
        int base = (grp * arms + k) * width;
        int[] index = new int[1 + m];
        double[] coef = new double[1 + m];
        index[0] = grp;
        coef[0] = 1.0;
        for (int j = 0; j < m; j++) {
          index[1 + j] = g + j;
          coef[1 + j] = agg[base + 1 + j] / limit[j];
        }
        dual.row(index, coef, agg[base] / scaleV, null);
      }
    }
    LinearProgram.Solution s = dual.minimise();
    if (!s.state().isFeasible() || s.state() == org.ojalgo.optimisation.Optimisation.State.UNBOUNDED) {
      throw infeasible(agg, g, arms, width, constraints);
    }
    double[] lambda = new double[m];
    for (int j = 0; j < m; j++) {
      lambda[j] = s.x()[g + j] * scaleV / limit[j];
    }
    return new Outcome(lambda, s.value() * scaleV, g, sizes);
  }

  /** A group LP without a solution: name the constraint that even its least-using shares cannot meet. */
  private static MultiplierSearch.JointlyInfeasible infeasible(double[] agg, int g, int arms, int width,
      List<AllocationConstraint> constraints) {
    int worst = 0;
    double worstGap = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < constraints.size(); j++) {
      double minUse = 0;
      for (int grp = 0; grp < g; grp++) {
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < arms; k++) {
          min = Math.min(min, agg[(grp * arms + k) * width + 1 + j]);
        }
        minUse += min;
      }
      double gap = (minUse - constraints.get(j).signedLimit()) / Math.max(Math.abs(constraints.get(j).limit()), 1e-9);
      if (gap > worstGap) {
        worstGap = gap;
        worst = j;
      }
    }
    return new MultiplierSearch.JointlyInfeasible(worst, constraints.get(worst));
  }

  static double score(ScoreBlock b, int i) {
    double best = 0;
    for (int k = 1; k < b.arms(); k++) {
      best = Math.max(best, b.value(i, k));
    }
    return best;
  }

  /** Group index: the number of cut points strictly below the score (cuts are sorted). */
  static int groupOf(double score, double[] cuts) {
    int lo = 0;
    int hi = cuts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cuts[mid] < score) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** G-1 distinct quantile cut points of the score, from the seeded sample held on the driver. */
  static double[] cutPoints(ScoreBlock sample, int groups) {
    double[] sorted = new double[sample.rows];
    for (int i = 0; i < sample.rows; i++) {
      sorted[i] = score(sample, i);
    }
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new double[0];
    }
    return Arrays.stream(java.util.stream.IntStream.range(1, groups)
            .mapToDouble(q -> sorted[(int) Math.min(sorted.length - 1, (long) q * sorted.length / groups)])
            .toArray())
        .distinct().toArray();
  }
}
