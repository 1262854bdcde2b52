package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Lagrange multipliers minimising the dual D(lambda) by Kelley's cutting-plane method: every iteration is ONE
 * Spark aggregation ({@link DualPoint#evaluate}) that returns D and its subgradient at the current lambda; the driver
 * adds the cut D(l) &gt;= D_t + g_t.(l - l_t) to a tiny LP (m+1 variables) whose minimiser is the next lambda. The LP's
 * value is a lower bound on min D and the best evaluated D an upper bound, so the loop stops when they meet. With one
 * constraint this is a safeguarded bisection on a piecewise-linear convex function; with several it converges
 * in far fewer passes than plain subgradient steps, which matters when each pass touches every customer.
 *
 * <p>Multipliers are searched in scaled units (lambda_j * |b_j| / V, V = sum_i max_k |v_ik|) so that one box
 * [0, {@link #BOX}] fits every constraint; a multiplier stuck at the box edge with its constraint still violated
 * means the constraints cannot be met together.
 */
final class MultiplierSearch {
  private static final Logger LOG = LoggerFactory.getLogger(MultiplierSearch.class);
  static final double BOX = 1e4;

  private final JavaRDD<ScoreBlock> blocks;
  private final List<AllocationConstraint> constraints;
  private final double valueScale;
  private int maxIterations = 100;
  private double tolerance = 1e-7;

  MultiplierSearch(JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> constraints, double valueScale) {
    this.blocks = blocks;
    this.constraints = constraints;
    this.valueScale = valueScale > 0 ? valueScale : 1.0;
  }

  MultiplierSearch maxIterations(int n) {
    this.maxIterations = n;
    return this;
  }

  MultiplierSearch tolerance(double t) {
    this.tolerance = t;
    return this;
  }

  record Outcome(DualPoint best, int iterations, double lowerBound) {}

  Outcome run() {
    int m = constraints.size();
    double[] scale = new double[m];
    for (int j = 0; j < m; j++) {
      scale[j] = valueScale / Math.max(Math.abs(constraints.get(j).limit()), 1e-9);
    }
    List<double[]> cutPoints = new ArrayList<>();
    List<DualPoint> cuts = new ArrayList<>();
    double[] scaled = new double[m];
    DualPoint best = null;
    double lower = Double.NEGATIVE_INFINITY;
    int iteration = 0;
    while (iteration < maxIterations) {
      iteration++;
      double[] lambda = new double[m];
      for (int j = 0; j < m; j++) {
        lambda[j] = scaled[j] * scale[j];
      }
      DualPoint point = DualPoint.evaluate(blocks, lambda, constraints);
      cuts.add(point);
      cutPoints.add(scaled.clone());
      if (best == null || point.dualValue() < best.dualValue()) {
        best = point;
      }
      if (m == 0) {
        lower = point.dualValue();
        break;
      }
      // Next point: minimise the cutting-plane model over the box (variables: scaled lambda_0..m-1, theta).
      LinearProgram lp = new LinearProgram();
      for (int j = 0; j < m; j++) {
        lp.variable(0.0, BOX, 0.0);
      }
      int theta = lp.variable(null, null, 1.0);
      for (int t = 0; t < cuts.size(); t++) {
        DualPoint c = cuts.get(t);
        double[] at = cutPoints.get(t);
        int[] index = new int[m + 1];
        double[] coef = new double[m + 1];
        double rhs = c.dualValue() / valueScale;
        for (int j = 0; j < m; j++) {
          double g = c.gradient()[j] * scale[j] / valueScale; // dD'/dscaled_j
          index[j] = j;
          coef[j] = -g;
          rhs -= g * at[j];
        }
        index[m] = theta;
        coef[m] = 1.0;
        lp.row(index, coef, rhs, null);
      }
      LinearProgram.Solution s = lp.minimise();
      if (!s.optimal() && !s.state().isFeasible()) {
        throw new IllegalStateException("cutting-plane LP failed at iteration " + iteration + ": " + s.state());
      }
      lower = s.x()[theta] * valueScale;
      double gap = best.dualValue() - lower;
      LOG.debug("iteration {}: D={} lower={} lambda={}", iteration, best.dualValue(), lower, lambda);
      if (gap <= tolerance * Math.max(Math.abs(best.dualValue()), 1e-9)) {
        break;
      }
      System.arraycopy(s.x(), 0, scaled, 0, m);
    }
    checkBox(best, scale);
    return new Outcome(best, iteration, lower);
  }

  /** A multiplier at the box edge whose constraint is still violated: no assignment meets all constraints. */
  private void checkBox(DualPoint best, double[] scale) {
    for (int j = 0; j < constraints.size(); j++) {
      boolean atEdge = best.lambda()[j] / scale[j] >= BOX * 0.999;
      if (atEdge && best.gradient()[j] < 0) {
        AllocationConstraint c = constraints.get(j);
        throw new AllocationInfeasibleException(c.name(), "not together with the other constraints ("
            + c.describe() + "; the closest assignment uses " + best.use()[j] + ")");
      }
    }
  }
}
