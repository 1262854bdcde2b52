package io.upliftsuite.allocation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaRDD;

/**
 * Turns near-optimal multipliers into a feasible, near-exact integer assignment. At the LP optimum only customers
 * whose two best reduced values (nearly) tie have fractional or uncertain decisions; everybody else's argmax is the
 * LP's choice. So: fix every customer to its argmax except the {@code coreSize} customers with the smallest margin
 * (collected in one pass: each partition keeps its own smallest, the driver the overall smallest), subtract the
 * fixed customers' use from every limit, and solve the exact LP over the core on the driver with ojAlgo. The LP
 * solution has at most m fractional customers; each is rounded to the best arm that keeps every constraint met.
 */
final class CoreRefinement {
  private CoreRefinement() {}

  /** One near-tie customer with everything the core LP needs. */
  record CoreRow(String id, double margin, int argmax, double[] value, double[] signedCoef) implements Serializable {}

  /** The core's decisions, its size, its objective, and the passes over the data it took to collect it. */
  record Refined(Map<String, Integer> overrides, int coreRows, double coreObjective, int passes) {}

  static Refined refine(JavaRDD<ScoreBlock> blocks, DualPoint point, List<AllocationConstraint> constraints,
      int arms, int coreSize) {
    int m = constraints.size();
    if (m == 0) {
      return new Refined(Map.of(), 0, 0.0, 0);
    }
    int size = coreSize;
    MultiplierSearch.JointlyInfeasible last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      List<CoreRow> core = collectCore(blocks, point, constraints, size);
      try {
        Refined r = solveCore(core, point, constraints, arms);
        return new Refined(r.overrides(), r.coreRows(), r.coreObjective(), attempt + 1);
      } catch (MultiplierSearch.JointlyInfeasible e) {
        last = e; // multipliers not close enough for this core; widen it
        size *= 4;
      }
    }
    throw last;
  }

  static List<CoreRow> collectCore(JavaRDD<ScoreBlock> blocks, DualPoint point,
      List<AllocationConstraint> constraints, int coreSize) {
    MultiplierRule rule = new MultiplierRule(point.lambda(), constraints, null);
    AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
    List<CoreRow> local = blocks.mapPartitions((Iterator<ScoreBlock> it) -> {
      // Largest margin on top, evicted first (built here: a Comparator lambda is not serializable).
      PriorityQueue<CoreRow> heap = new PriorityQueue<>(Comparator.comparingDouble(CoreRow::margin).reversed());
      while (it.hasNext()) {
        ScoreBlock b = it.next();
        for (int i = 0; i < b.rows; i++) {
          double margin = rule.margin(b, i);
          if (heap.size() >= coreSize && margin >= heap.peek().margin()) {
            continue;
          }
          double[] value = new double[b.arms()];
          double[] coef = new double[cs.length * b.arms()];
          for (int k = 0; k < b.arms(); k++) {
            value[k] = b.value(i, k);
            for (int j = 0; j < cs.length; j++) {
              coef[j * b.arms() + k] = cs[j].signedCoefficient(b, i, k);
            }
          }
          heap.add(new CoreRow(b.ids[i], margin, rule.bestArm(b, i), value, coef));
          if (heap.size() > coreSize) {
            heap.poll();
          }
        }
      }
      return new ArrayList<>(heap).iterator();
    }).collect();
    List<CoreRow> all = new ArrayList<>(local);
    all.sort(Comparator.comparingDouble(CoreRow::margin));
    return new ArrayList<>(all.subList(0, Math.min(coreSize, all.size())));
  }

  static Refined solveCore(List<CoreRow> core, DualPoint point, List<AllocationConstraint> constraints, int arms) {
    int m = constraints.size();
    double[] residual = new double[m];
    for (int j = 0; j < m; j++) {
      AllocationConstraint c = constraints.get(j);
      double signedUse = c.atLeast() ? -point.use()[j] : point.use()[j];
      residual[j] = c.signedLimit() - signedUse;
    }
    for (CoreRow r : core) {
      for (int j = 0; j < m; j++) {
        residual[j] += r.signedCoef()[j * arms + r.argmax()];
      }
    }
    LinearProgram lp = new LinearProgram();
    int n = core.size();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < arms; k++) {
        lp.variable(0.0, 1.0, core.get(i).value()[k]);
      }
    }
    int[] armIndex = new int[arms];
    double[] ones = new double[arms];
    java.util.Arrays.fill(ones, 1.0);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < arms; k++) {
        armIndex[k] = i * arms + k;
      }
      lp.row(armIndex.clone(), ones, 1.0, 1.0);
    }
    int[] all = new int[n * arms];
    for (int v = 0; v < all.length; v++) {
      all[v] = v;
    }
    for (int j = 0; j < m; j++) {
      double[] coef = new double[n * arms];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < arms; k++) {
          coef[i * arms + k] = core.get(i).signedCoef()[j * arms + k];
        }
      }
      lp.row(all, coef, null, residual[j]);
    }
    LinearProgram.Solution s = lp.maximise();
    if (!s.state().isFeasible()) {
      // With everybody else at the best multipliers found, not even the n customers nearest to switching can
      // bring this constraint within its limit.
      int worst = mostViolated(core, residual, constraints, arms);
      throw new MultiplierSearch.JointlyInfeasible(worst, constraints.get(worst));
    }
    int[] chosen = round(core, s.x(), residual, arms, m);
    Map<String, Integer> overrides = new HashMap<>();
    double objective = 0;
    for (int i = 0; i < n; i++) {
      overrides.put(core.get(i).id(), chosen[i]);
      objective += core.get(i).value()[chosen[i]];
    }
    return new Refined(overrides, n, objective, 1);
  }

  /**
   * Rounds the LP's fractional customers one at a time: each takes its most valuable arm that keeps every
   * constraint met while the remaining fractional customers keep their LP fractions.
   */
  static int[] round(List<CoreRow> core, double[] x, double[] residual, int arms, int m) {
    int n = core.size();
    int[] chosen = new int[n];
    double[] use = new double[m];
    List<Integer> fractional = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int top = 0;
      for (int k = 1; k < arms; k++) {
        if (x[i * arms + k] > x[i * arms + top]) {
          top = k;
        }
      }
      chosen[i] = top;
      if (x[i * arms + top] < 1 - 1e-7) {
        fractional.add(i);
        for (int k = 0; k < arms; k++) {
          for (int j = 0; j < m; j++) {
            use[j] += x[i * arms + k] * core.get(i).signedCoef()[j * arms + k];
          }
        }
      } else {
        for (int j = 0; j < m; j++) {
          use[j] += core.get(i).signedCoef()[j * arms + top];
        }
      }
    }
    for (int i : fractional) {
      CoreRow r = core.get(i);
      for (int k = 0; k < arms; k++) {
        for (int j = 0; j < m; j++) {
          use[j] -= x[i * arms + k] * r.signedCoef()[j * arms + k];
        }
      }
      Integer[] order = new Integer[arms];
      for (int k = 0; k < arms; k++) {
        order[k] = k;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(r.value()[b], r.value()[a]));
      int pick = -1;
      double leastViolation = Double.POSITIVE_INFINITY;
      int leastViolating = order[0];
      for (int k : order) {
        double violation = 0;
        for (int j = 0; j < m; j++) {
          double over = use[j] + r.signedCoef()[j * arms + k] - residual[j];
          double slack = 1e-9 * Math.max(1.0, Math.abs(residual[j]));
          violation = Math.max(violation, over - slack);
        }
        if (violation <= 0) {
          pick = k;
          break;
        }
        if (violation < leastViolation) {
          leastViolation = violation;
          leastViolating = k;
        }
      }
      chosen[i] = pick >= 0 ? pick : leastViolating;
      for (int j = 0; j < m; j++) {
        use[j] += r.signedCoef()[j * arms + chosen[i]];
      }
    }
    return chosen;
  }

  private static int mostViolated(List<CoreRow> core, double[] residual, List<AllocationConstraint> constraints,
      int arms) {
    // The constraint whose residual the core cannot reach even when every core customer minimises its use.
    int worst = 0;
    double worstGap = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < constraints.size(); j++) {
      double minUse = 0;
      for (CoreRow r : core) {
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < arms; k++) {
          min = Math.min(min, r.signedCoef()[j * arms + k]);
        }
        minUse += min;
      }
      double gap = (minUse - residual[j]) / Math.max(Math.abs(constraints.get(j).limit()), 1e-9);
      if (gap > worstGap) {
        worstGap = gap;
        worst = j;
      }
    }
    return worst;
  }
}
