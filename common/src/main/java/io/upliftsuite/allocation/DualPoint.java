package io.upliftsuite.allocation;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The Lagrangian dual at one multiplier vector (signed "&lt;=" form): D(lambda) = sum_i max_k (v_ik - lambda.a_ik)
 * + lambda.b is an upper bound on the LP optimum for every lambda &gt;= 0; its subgradient is b - A(argmax), i.e. the
 * slack of each constraint under the argmax assignment. {@code objective} and {@code use} describe that assignment.
 */
record DualPoint(double[] lambda, double dualValue, double objective, double[] use, double[] gradient) {

  /** Evaluates D and its subgradient at lambda: one pass over the data (or over a sample held on the driver). */
  interface Evaluator {
    DualPoint evaluate(double[] lambda);
  }

  /** Over the cached blocks: one Spark aggregation per evaluation. */
  static Evaluator distributed(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints,
      AllocationConstraint objective) {
    int m = constraints.size();
    return lambda -> {
      MultiplierRule rule = new MultiplierRule(lambda, constraints, null, objective);
      AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
      double[] total = blocks.treeAggregate(new double[2 + m], (acc, b) -> accumulate(acc, b, rule, cs),
          PolicyEvaluation::merge, 2);
      return finish(total, lambda, constraints);
    };
  }

  /** Over blocks held in memory (the driver's sample, or tests). */
  static Evaluator local(List<ScoreBlock> blocks, List<AllocationConstraint> constraints,
      AllocationConstraint objective) {
    int m = constraints.size();
    return lambda -> {
      MultiplierRule rule = new MultiplierRule(lambda, constraints, null, objective);
      AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
      double[] total = new double[2 + m];
      for (Iterator<ScoreBlock> it = blocks.iterator(); it.hasNext(); ) {
        accumulate(total, it.next(), rule, cs);
      }
      return finish(total, lambda, constraints);
    };
  }

  /** Layout: [sum of best reduced values, objective, use_0 .. use_{m-1}] (use in natural units). */
  private static double[] accumulate(double[] acc, ScoreBlock b, MultiplierRule rule, AllocationConstraint[] cs) {
    for (int i = 0; i < b.rows; i++) {
      int arm = rule.bestArm(b, i);
      acc[0] += rule.reduced(b, i, arm);
      acc[1] += rule.value(b, i, arm);
      for (int j = 0; j < cs.length; j++) {
        acc[2 + j] += cs[j].coefficient(b, i, arm);
      }
    }
    return acc;
  }

  private static DualPoint finish(double[] total, double[] lambda, List<AllocationConstraint> constraints) {
    int m = constraints.size();
    double dual = total[0];
    double[] use = new double[m];
    double[] gradient = new double[m];
    for (int j = 0; j < m; j++) {
      AllocationConstraint c = constraints.get(j);
      use[j] = total[2 + j];
      dual += lambda[j] * c.signedLimit();
      gradient[j] = c.signedLimit() - (c.atLeast() ? -use[j] : use[j]);
    }
    return new DualPoint(lambda.clone(), dual, total[1], use, gradient);
  }

  boolean feasible(List<AllocationConstraint> constraints) {
    for (int j = 0; j < use.length; j++) {
      if (!constraints.get(j).satisfiedBy(use[j])) {
        return false;
      }
    }
    return true;
  }
}
