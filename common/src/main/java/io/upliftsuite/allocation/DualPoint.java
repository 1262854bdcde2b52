package io.upliftsuite.allocation;

import java.util.List;

/**
 * The Lagrangian dual at one multiplier vector (signed "&lt;=" form): D(lambda) = sum_i max_k (v_ik - lambda.a_ik)
 * + lambda.b is an upper bound on the LP optimum for every lambda &gt;= 0; its subgradient is b - A(argmax), i.e. the
 * slack of each constraint under the argmax assignment. {@code objective} and {@code use} describe that assignment.
 */
record DualPoint(double[] lambda, double dualValue, double objective, double[] use, double[] gradient) {

  static DualPoint evaluate(org.apache.spark.api.java.JavaRDD<ScoreBlock> blocks, double[] lambda,
      List<AllocationConstraint> constraints) {
    int m = constraints.size();
    MultiplierRule rule = new MultiplierRule(lambda, constraints, null);
    AllocationConstraint[] cs = constraints.toArray(AllocationConstraint[]::new);
    // Layout: [sum of best reduced values, objective, use_0 .. use_{m-1}] (use in natural units).
    double[] total = blocks.treeAggregate(new double[2 + m], (acc, b) -> {
      for (int i = 0; i < b.rows; i++) {
        int arm = rule.bestArm(b, i);
        acc[0] += rule.reduced(b, i, arm);
        acc[1] += b.value(i, arm);
        for (int j = 0; j < m; j++) {
          acc[2 + j] += cs[j].coefficient(b, i, arm);
        }
      }
      return acc;
    }, PolicyEvaluation::merge, 2);
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
