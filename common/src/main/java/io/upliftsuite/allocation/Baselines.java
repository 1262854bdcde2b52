package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The policies a business would otherwise use, evaluated under the same objective and constraints: treat nobody,
 * treat everybody with each treatment, a score threshold (give one treatment to customers whose score is below or
 * above a value, e.g. a completion score), and greedy by uplift (customers in order of their best uplift get their
 * best treatment, as many as the constraints allow). The fixed ones share one pass; greedy needs two (64 quantile
 * thresholds, then 32 between the best two).
 */
final class Baselines {
  private Baselines() {}

  /** The score-threshold baseline: customers with score below (or above) {@code value} get {@code treatment}. */
  record ScoreThreshold(double value, String treatment, boolean below) implements java.io.Serializable {}

  static List<Baseline> evaluate(JavaRDD<ScoreBlock> blocks, ScoreLayout layout,
      List<AllocationConstraint> constraints, ScoreBlock sample, ScoreThreshold threshold) {
    int arms = layout.arms();
    List<String> names = new ArrayList<>();
    List<ArmRule> rules = new ArrayList<>();
    names.add("nobody");
    rules.add((b, i) -> 0);
    for (int t = 0; t < layout.treatments().size(); t++) {
      int arm = t + 1;
      names.add("everybody_" + layout.treatments().get(t));
      rules.add((b, i) -> arm);
    }
    if (layout.score() != null && threshold != null && threshold.treatment() != null
        && !threshold.treatment().isBlank()) {
      int arm = layout.armIndex(threshold.treatment(), "allocation.baselines.score-threshold.treatment");
      double value = threshold.value();
      boolean below = threshold.below();
      names.add("score_" + (below ? "below_" : "above_") + value + "_" + threshold.treatment());
      rules.add((b, i) -> (below ? b.score[i] < value : b.score[i] >= value) ? arm : 0);
    }
    List<PolicyStats> stats = PolicyEvaluation.evaluate(blocks, rules, constraints, arms);
    List<Baseline> out = new ArrayList<>();
    for (int p = 0; p < rules.size(); p++) {
      out.add(baseline(names.get(p), stats.get(p), constraints));
    }
    out.add(greedy(blocks, constraints, arms, sample));
    return out;
  }

  private static Baseline baseline(String name, PolicyStats s, List<AllocationConstraint> constraints) {
    AllocationConstraint v = s.firstViolated(constraints);
    return new Baseline(name, s.objective(), v == null, v == null ? "" : v.name(), s.rows() - s.armCounts()[0]);
  }

  static ArmRule greedyRule(double threshold) {
    return (b, i) -> {
      int best = 0;
      double bestValue = 0;
      for (int k = 1; k < b.arms(); k++) {
        double v = b.value(i, k);
        if (v > bestValue) {
          best = k;
          bestValue = v;
        }
      }
      return best != 0 && bestValue >= threshold ? best : 0;
    };
  }

  private static Baseline greedy(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints, int arms,
      ScoreBlock sample) {
    double[] cuts = GroupedLp.cutPoints(sample, 64);
    double[] positive = java.util.Arrays.stream(cuts).filter(c -> c > Double.MIN_VALUE).toArray();
    double[] candidates = new double[positive.length + 2];
    candidates[0] = Double.MIN_VALUE; // everybody with a positive uplift
    System.arraycopy(positive, 0, candidates, 1, positive.length);
    candidates[candidates.length - 1] = Double.POSITIVE_INFINITY; // nobody
    int best = bestFeasible(blocks, constraints, arms, candidates);
    if (best > 0) {
      // The best threshold lies between the next lower candidate (more customers, too many or worse) and this one.
      double lo = candidates[best - 1];
      double hi = Double.isInfinite(candidates[best]) ? lo * 2 + 1 : candidates[best];
      double[] finer = new double[33];
      for (int s = 0; s < 32; s++) {
        finer[s] = lo + (hi - lo) * s / 32.0;
      }
      finer[32] = candidates[best];
      candidates = finer;
      best = bestFeasible(blocks, constraints, arms, candidates);
    }
    List<PolicyStats> s = PolicyEvaluation.evaluate(blocks, List.of(greedyRule(candidates[Math.max(best, 0)])),
        constraints, arms);
    return baseline("greedy_by_uplift", s.get(0), constraints);
  }

  /** Index of the feasible threshold with the largest objective (the last candidate, nobody, is the fallback). */
  private static int bestFeasible(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints, int arms,
      double[] thresholds) {
    List<PolicyStats> stats = thresholdStats(blocks, constraints, arms, thresholds);
    int best = -1;
    for (int p = 0; p < stats.size(); p++) {
      if (stats.get(p).feasible(constraints)
          && (best < 0 || stats.get(p).objective() > stats.get(best).objective())) {
        best = p;
      }
    }
    return best < 0 ? thresholds.length - 1 : best;
  }

  /**
   * The greedy policy at every threshold in ONE pass, at the cost of one policy: with thresholds sorted, a row
   * whose best value v is treated exactly for the thresholds t_p &lt;= v, i.e. for p &lt; idx = #{t_p &lt;= v}. Each
   * row adds its treated contribution to bucket idx and its control contribution to bucket idx; the driver then
   * gets threshold p as (sum of treated parts of buckets &gt; p) + (sum of control parts of buckets &lt;= p).
   * Bucket layout: [treated: value, use_0..m-1, count_0..K | control: same] at bucket * 2 * width.
   */
  static List<PolicyStats> thresholdStats(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints,
      int arms, double[] thresholds) {
    double[] sorted = thresholds.clone();
    java.util.Arrays.sort(sorted);
    if (!java.util.Arrays.equals(sorted, thresholds)) {
      throw new IllegalArgumentException("thresholds must be sorted ascending");
    }
    int m = constraints.size();
    int width = 1 + m + arms;
    int buckets = thresholds.length + 1;
    AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
    ArmRule best = greedyRule(Double.MIN_VALUE);
    double[] agg = blocks.treeAggregate(new double[buckets * 2 * width], (acc, b) -> {
      for (int i = 0; i < b.rows; i++) {
        int arm = best.arm(b, i);
        int idx = 0;
        if (arm != 0) {
          double v = b.value(i, arm);
          int lo = 0;
          int hi = thresholds.length;
          while (lo < hi) { // first threshold > v
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] <= v) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          idx = lo;
        }
        int treated = idx * 2 * width;
        int control = treated + width;
        acc[treated] += b.value(i, arm);
        acc[control] += 0.0;
        for (int j = 0; j < m; j++) {
          acc[treated + 1 + j] += cs[j].coefficient(b, i, arm);
          acc[control + 1 + j] += cs[j].coefficient(b, i, 0);
        }
        acc[treated + 1 + m + arm] += 1;
        acc[control + 1 + m] += 1;
      }
      return acc;
    }, PolicyEvaluation::merge, 2);
    List<PolicyStats> out = new ArrayList<>();
    for (int p = 0; p < thresholds.length; p++) {
      double[] total = new double[width];
      for (int bucket = 0; bucket < buckets; bucket++) {
        int base = bucket * 2 * width + (bucket > p ? 0 : width);
        for (int x = 0; x < width; x++) {
          total[x] += agg[base + x];
        }
      }
      double[] use = java.util.Arrays.copyOfRange(total, 1, 1 + m);
      long[] counts = new long[arms];
      for (int k = 0; k < arms; k++) {
        counts[k] = Math.round(total[1 + m + k]);
      }
      out.add(new PolicyStats(total[0], use, counts));
    }
    return out;
  }
}
