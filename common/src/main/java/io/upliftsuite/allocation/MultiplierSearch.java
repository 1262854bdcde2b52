package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Lagrange multipliers that minimise the dual D(lambda) = sum_i max_k (v_ik - lambda.a_ik) + lambda.b, where
 * every evaluation of D on the full data is one pass over the cached scores. The search spends as few of those passes
 * as it can:
 * <ol>
 *   <li><b>Warm start on a sample</b> (driver only): the same problem on a uniform sample of S customers, limits
 *       scaled by S/N, solved to high precision by Kelley's cutting planes in memory. Multipliers are prices per unit
 *       of a constraint, so the sample's are within sampling error of the full data's; the sample also gives the
 *       Jacobian J = dg/dlambda of the subgradient g(lambda) = b - A x(lambda) by finite differences (scaled by N/S).
 *       With many customers D is, at the scale of the optimum, a smooth convex function (its kinks are single
 *       customers switching arms), and J is its curvature.</li>
 *   <li><b>Newton steps on the full data</b>: each pass returns D and g at lambda; the step solves J_A d_A = -g_A on
 *       the active constraints (lambda_j &gt; 0 or violated), projects onto lambda &gt;= 0, and J is corrected by a
 *       Broyden update from the observed change of g. The search stops when the step's predicted decrease of D,
 *       -g.d/2, is below {@code tolerance} x |D|: two or three passes from a sample of 200k. A step that makes D worse
 *       is halved.</li>
 *   <li><b>Fallback</b>: if the Newton steps do not settle (ties, a sample too small to see a constraint bind, or
 *       constraints that cannot be met together), Kelley's cutting planes on the full data take over, starting with
 *       every cut already evaluated; its lower bound stops it when it meets the best D within {@code tolerance}.
 *       Multipliers are searched in scaled units (lambda_j |b_j| / V, V = sum_i max_k |v_ik|) in one box
 *       [0, {@link #BOX}]; a multiplier stuck at the box edge with its constraint still violated means the
 *       constraints cannot be met together.</li>
 * </ol>
 * Every D(lambda) is a valid upper bound on the LP optimum whatever route found lambda, so the reported dual bound
 * and gap stay honest.
 */
final class MultiplierSearch {
  private static final Logger LOG = LoggerFactory.getLogger(MultiplierSearch.class);
  static final double BOX = 1e4;
  /** Newton passes before the cutting planes take over. */
  private static final int NEWTON_PASSES = 8;
  private static final double SAMPLE_TOLERANCE = 1e-9;
  private static final int SAMPLE_ITERATIONS = 300;

  private final DualPoint.Evaluator full;
  private final List<AllocationConstraint> constraints;
  private final double valueScale;
  private DualPoint.Evaluator sample;
  private double sampleFraction = 1.0;
  private int maxIterations = 100;
  private double tolerance = 1e-7;

  MultiplierSearch(DualPoint.Evaluator full, List<AllocationConstraint> constraints, double valueScale) {
    this.full = full;
    this.constraints = constraints;
    this.valueScale = valueScale > 0 ? valueScale : 1.0;
  }

  /** The same problem on a sample of {@code fraction} of the customers (its constraint limits scaled to match). */
  MultiplierSearch warmStart(DualPoint.Evaluator sampleEvaluator, double fraction) {
    this.sample = sampleEvaluator;
    this.sampleFraction = fraction;
    return this;
  }

  MultiplierSearch maxIterations(int n) {
    this.maxIterations = n;
    return this;
  }

  MultiplierSearch tolerance(double t) {
    this.tolerance = t;
    return this;
  }

  /** The best point found, the full-data passes it took, the sample's in-memory iterations, and the route. */
  record Outcome(DualPoint best, int iterations, int sampleIterations, String route) {}

  /** One evaluated cut: the point in scaled units and D, g there. */
  private record Cut(double[] scaled, DualPoint point) {}

  Outcome run() {
    int m = constraints.size();
    if (m == 0) {
      return new Outcome(full.evaluate(new double[0]), 1, 0, "unconstrained");
    }
    double[] scale = new double[m];
    for (int j = 0; j < m; j++) {
      scale[j] = valueScale / Math.max(Math.abs(constraints.get(j).limit()), 1e-9);
    }
    List<Cut> cuts = new ArrayList<>();
    int sampleIterations = 0;
    if (sample != null) {
      Kelley warm = kelley(sample, valueScale * sampleFraction, scale, new ArrayList<>(), SAMPLE_ITERATIONS,
          SAMPLE_TOLERANCE);
      sampleIterations = warm.iterations();
      double[] lambda0 = warm.best().lambda();
      if (sampleFraction >= 1.0 && !atBoxEdge(warm.best(), scale)) {
        // The "sample" is every customer: its cutting planes have already solved the problem.
        DualPoint p = full.evaluate(lambda0);
        LOG.info("multipliers: all {} in memory ({} iterations): D = {}", "customers", sampleIterations,
            p.dualValue());
        return new Outcome(p, 1, sampleIterations, "in-memory");
      }
      if (!atBoxEdge(warm.best(), scale)) {
        double[][] jacobian = jacobian(sample, lambda0, scale, sampleFraction);
        Newton newton = newton(lambda0, jacobian, scale, cuts);
        if (newton.converged()) {
          LOG.info("multipliers: sample of {} ({} in-memory iterations), then {} Newton passes: D = {}",
              String.format("%.3g", sampleFraction), sampleIterations, newton.passes(), newton.best().dualValue());
          return new Outcome(newton.best(), newton.passes(), sampleIterations, "sample+newton");
        }
        LOG.info("multipliers: Newton steps did not settle in {} passes; cutting planes take over", newton.passes());
      } else {
        LOG.info("multipliers: on the sample a multiplier reached the box edge; searching the full data by "
            + "cutting planes");
      }
    }
    Kelley k = kelley(full, valueScale, scale, cuts, Math.max(1, maxIterations - cuts.size()), tolerance);
    checkBox(k.best(), scale);
    return new Outcome(k.best(), cuts.size(), sampleIterations, sample == null ? "cutting-planes"
        : "sample+cutting-planes");
  }

  private record Kelley(DualPoint best, int iterations, double lowerBound) {}

  /**
   * Kelley's method over the box: every iteration evaluates D at the minimiser of the piecewise-linear model built
   * from all cuts so far (those passed in included; new ones are appended to {@code cuts}).
   */
  private Kelley kelley(DualPoint.Evaluator evaluator, double vScale, double[] scale, List<Cut> cuts,
      int maxIter, double tol) {
    int m = scale.length;
    DualPoint best = null;
    for (Cut c : cuts) {
      if (best == null || c.point().dualValue() < best.dualValue()) {
        best = c.point();
      }
    }
    double[] scaled = new double[m];
    if (best != null) {
      for (int j = 0; j < m; j++) {
        scaled[j] = best.lambda()[j] / scale[j];
      }
      double[] next = modelMinimiser(cuts, scale, vScale, m);
      if (next != null) {
        System.arraycopy(next, 0, scaled, 0, m);
      }
    }
    double lower = Double.NEGATIVE_INFINITY;
    int iteration = 0;
    while (iteration < maxIter) {
      iteration++;
      double[] lambda = new double[m];
      for (int j = 0; j < m; j++) {
        lambda[j] = scaled[j] * scale[j];
      }
      DualPoint point = evaluator.evaluate(lambda);
      cuts.add(new Cut(scaled.clone(), point));
      if (best == null || point.dualValue() < best.dualValue()) {
        best = point;
      }
      LinearProgram.Solution s = model(cuts, scale, vScale, m).minimise();
      if (!s.optimal() && !s.state().isFeasible()) {
        throw new IllegalStateException("cutting-plane LP failed at iteration " + iteration + ": " + s.state());
      }
      lower = s.x()[m] * vScale;
      LOG.debug("cutting plane {}: D={} lower={}", iteration, best.dualValue(), lower);
      if (best.dualValue() - lower <= tol * Math.max(Math.abs(best.dualValue()), 1e-9)) {
        break;
      }
      System.arraycopy(s.x(), 0, scaled, 0, m);
    }
    return new Kelley(best, iteration, lower);
  }

  private double[] modelMinimiser(List<Cut> cuts, double[] scale, double vScale, int m) {
    if (cuts.isEmpty()) {
      return null;
    }
    LinearProgram.Solution s = model(cuts, scale, vScale, m).minimise();
    return s.state().isFeasible() ? java.util.Arrays.copyOf(s.x(), m) : null;
  }

  /** min theta s.t. theta &gt;= D_t/V + g'_t.(x - x_t) for every cut, x in [0, BOX]^m (variables x_0..x_{m-1}, theta). */
  private static LinearProgram model(List<Cut> cuts, double[] scale, double vScale, int m) {
    LinearProgram lp = new LinearProgram();
    for (int j = 0; j < m; j++) {
      lp.variable(0.0, BOX, 0.0);
    }
    int theta = lp.variable(null, null, 1.0);
    for (Cut c : cuts) {
      int[] index = new int[m + 1];
      double[] coef = new double[m + 1];
      double rhs = c.point().dualValue() / vScale;
      for (int j = 0; j < m; j++) {
        double g = c.point().gradient()[j] * scale[j] / vScale; // dD'/dscaled_j
        index[j] = j;
        coef[j] = -g;
        rhs -= g * c.scaled()[j];
      }
      index[m] = theta;
      coef[m] = 1.0;
      lp.row(index, coef, rhs, null);
    }
    return lp;
  }

  /**
   * J_jl = dg_j/dlambda_l at lambda on the sample, by central differences (forward at lambda_l = 0), divided by the
   * sample fraction so that it describes the full data's g. Steps are 2% of the multiplier, or 1e-3 of its scale.
   */
  private double[][] jacobian(DualPoint.Evaluator evaluator, double[] lambda, double[] scale, double fraction) {
    int m = lambda.length;
    double[][] jac = new double[m][m];
    for (int l = 0; l < m; l++) {
      double h = Math.max(0.02 * lambda[l], 1e-3 * scale[l]);
      double back = Math.min(h, lambda[l]);
      double[] up = lambda.clone();
      up[l] += h;
      double[] down = lambda.clone();
      down[l] -= back;
      double[] gUp = evaluator.evaluate(up).gradient();
      double[] gDown = evaluator.evaluate(down).gradient();
      for (int j = 0; j < m; j++) {
        jac[j][l] = (gUp[j] - gDown[j]) / (h + back) / fraction;
      }
    }
    return jac;
  }

  private record Newton(DualPoint best, int passes, boolean converged) {}

  private Newton newton(double[] lambda0, double[][] jacobian, double[] scale, List<Cut> cuts) {
    int m = lambda0.length;
    double[] lambda = lambda0.clone();
    DualPoint best = null;
    DualPoint previous = null;
    int halvings = 0;
    for (int pass = 1; pass <= Math.min(NEWTON_PASSES, maxIterations); pass++) {
      DualPoint p = full.evaluate(lambda);
      double[] scaled = new double[m];
      for (int j = 0; j < m; j++) {
        scaled[j] = lambda[j] / scale[j];
      }
      cuts.add(new Cut(scaled, p));
      double dTol = tolerance * Math.max(Math.abs(p.dualValue()), 1e-9);
      if (best != null && p.dualValue() > best.dualValue() + dTol) {
        // The step overshot (the curvature model was off): go half way back toward the best point.
        if (++halvings > 3) {
          return new Newton(best, pass, false);
        }
        for (int j = 0; j < m; j++) {
          lambda[j] = best.lambda()[j] + 0.5 * (lambda[j] - best.lambda()[j]);
        }
        broyden(jacobian, previous, p);
        previous = p;
        continue;
      }
      if (previous != null) {
        broyden(jacobian, previous, p);
      }
      previous = p;
      if (best == null || p.dualValue() < best.dualValue()) {
        best = p;
      }
      double[] step = step(jacobian, p);
      if (step == null) {
        return new Newton(best, pass, false);
      }
      double predicted = 0;
      boolean outside = false;
      for (int j = 0; j < m; j++) {
        double next = Math.max(0.0, lambda[j] + step[j]);
        predicted -= 0.5 * p.gradient()[j] * (next - lambda[j]);
        outside |= next > BOX * scale[j];
        lambda[j] = next;
      }
      LOG.debug("Newton pass {}: D={} predicted decrease {} lambda {}", pass, p.dualValue(), predicted,
          java.util.Arrays.toString(lambda));
      if (outside) {
        return new Newton(best, pass, false);
      }
      if (Math.abs(predicted) <= dTol) {
        return new Newton(best, pass, true);
      }
    }
    return new Newton(best, Math.min(NEWTON_PASSES, maxIterations), false);
  }

  /** The Newton step on the active set (lambda_j &gt; 0 or g_j &lt; 0); null when its system cannot be solved. */
  private static double[] step(double[][] jacobian, DualPoint p) {
    int m = p.lambda().length;
    List<Integer> active = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      if (p.lambda()[j] > 0 || p.gradient()[j] < 0) {
        active.add(j);
      }
    }
    double[] step = new double[m];
    if (active.isEmpty()) {
      return step;
    }
    int a = active.size();
    double[][] system = new double[a][a + 1];
    for (int r = 0; r < a; r++) {
      for (int c = 0; c < a; c++) {
        system[r][c] = jacobian[active.get(r)][active.get(c)];
      }
      if (!(system[r][r] > 0)) {
        return null; // a constraint whose use does not respond to its own price: no curvature to step on
      }
      system[r][a] = -p.gradient()[active.get(r)];
    }
    double[] d = solve(system);
    if (d == null) {
      return null;
    }
    for (int r = 0; r < a; r++) {
      step[active.get(r)] = d[r];
    }
    return step;
  }

  /** Gaussian elimination with partial pivoting of an a x (a+1) augmented system; null when singular. */
  static double[] solve(double[][] s) {
    int a = s.length;
    for (int col = 0; col < a; col++) {
      int pivot = col;
      for (int r = col + 1; r < a; r++) {
        if (Math.abs(s[r][col]) > Math.abs(s[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = s[col];
      s[col] = s[pivot];
      s[pivot] = tmp;
      if (Math.abs(s[col][col]) < 1e-300) {
        return null;
      }
      for (int r = col + 1; r < a; r++) {
        double f = s[r][col] / s[col][col];
        for (int c = col; c <= a; c++) {
          s[r][c] -= f * s[col][c];
        }
      }
    }
    double[] x = new double[a];
    for (int r = a - 1; r >= 0; r--) {
      double v = s[r][a];
      for (int c = r + 1; c < a; c++) {
        v -= s[r][c] * x[c];
      }
      x[r] = v / s[r][r];
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return x;
  }

  /** Broyden's rank-one correction: J += (dg - J ds) ds^T / (ds^T ds), from two evaluated points. */
  private static void broyden(double[][] jacobian, DualPoint from, DualPoint to) {
    int m = jacobian.length;
    double[] ds = new double[m];
    double norm = 0;
    for (int j = 0; j < m; j++) {
      ds[j] = to.lambda()[j] - from.lambda()[j];
      norm += ds[j] * ds[j];
    }
    if (norm == 0) {
      return;
    }
    for (int r = 0; r < m; r++) {
      double predicted = 0;
      for (int c = 0; c < m; c++) {
        predicted += jacobian[r][c] * ds[c];
      }
      double miss = (to.gradient()[r] - from.gradient()[r]) - predicted;
      for (int c = 0; c < m; c++) {
        jacobian[r][c] += miss * ds[c] / norm;
      }
    }
  }

  private boolean atBoxEdge(DualPoint p, double[] scale) {
    for (int j = 0; j < scale.length; j++) {
      if (p.lambda()[j] / scale[j] >= BOX * 0.999 && p.gradient()[j] < 0) {
        return true;
      }
    }
    return false;
  }

  /** A multiplier at the box edge whose constraint is still violated: no assignment meets all constraints. */
  private void checkBox(DualPoint best, double[] scale) {
    for (int j = 0; j < constraints.size(); j++) {
      boolean atEdge = best.lambda()[j] / scale[j] >= BOX * 0.999;
      if (atEdge && best.gradient()[j] < 0) {
        AllocationConstraint c = constraints.get(j);
        throw new JointlyInfeasible(j, c);
      }
    }
  }

  /** Constraint j cannot be met together with the others; the allocator works out the best value it can reach. */
  static final class JointlyInfeasible extends RuntimeException {
    final int index;
    final AllocationConstraint constraint;

    JointlyInfeasible(int index, AllocationConstraint constraint) {
      super(constraint.describe(), null, false, false);
      this.index = index;
      this.constraint = constraint;
    }
  }
}
