package io.upliftsuite.selection;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The F-filter and the LR-filter of Zhao et al. 2020: for each feature X, fit the outcome on z = (1, T, X, T·X) and
 * test the interaction coefficient.
 * <ul>
 *   <li>F: linear regression; F = (RSS_restricted − RSS_full) / (RSS_full / (n − 4)), where the restricted model
 *       drops T·X. Exact least squares from the sufficient statistics Z'Z, Z'y, y'y (one pass for all features).</li>
 *   <li>LR: logistic regression; the likelihood-ratio statistic 2 (ℓ_full − ℓ_restricted), both models fitted by
 *       Newton–Raphson where each iteration is ONE pass that accumulates every feature's gradient and Hessian of
 *       both models. X is standardised first (the statistic is invariant to it; Newton is better conditioned).</li>
 * </ul>
 * Rows are aggregated with {@code treeAggregate} over flat {@code double[]} statistics; the driver only holds the
 * statistics (a few dozen doubles per feature). A degenerate feature (constant, or a singular system) scores 0.
 */
public final class InteractionFilter {
  /** Z'Z (16) + Z'y (4) + y'y (1) per feature: index = f * F_STATS + k. */
  static final int F_STATS = 21;
  /** Per feature and model m (0 full, 1 restricted): gradient (4), Hessian (16), log-likelihood (1). */
  static final int LR_MODEL_STATS = 21;
  static final int LR_STATS = 2 * LR_MODEL_STATS;
  static final int MAX_NEWTON_ITERATIONS = 30;
  /** Row layout of the aggregated data: t, y, w, then the features. */
  private static final int FIRST_FEATURE = 3;
  static final double NEWTON_TOLERANCE = 1e-8;

  private InteractionFilter() {}

  /** Scores of {@code features} (numeric columns of {@code rows}) by the F or LR filter, in the same order. */
  public static double[] scores(UpliftFilter method, Dataset<Row> rows, List<String> features, String treatmentCol,
      String outcomeCol) {
    return scores(method, rows, features, treatmentCol, outcomeCol, null);
  }

  /**
   * As {@link #scores(UpliftFilter, Dataset, List, String, String)} with row weights ({@code weightCol}, null = 1):
   * weighted least squares for F, the weighted log-likelihood for LR. With inverse-propensity weights the interaction
   * is tested in the re-weighted population, where T is independent of the features the propensity model sees.
   */
  public static double[] scores(UpliftFilter method, Dataset<Row> rows, List<String> features, String treatmentCol,
      String outcomeCol, String weightCol) {
    if (method != UpliftFilter.F && method != UpliftFilter.LR) {
      throw new IllegalArgumentException(method + " is not an interaction-test filter");
    }
    int p = features.size();
    List<Column> cols = new ArrayList<>();
    cols.add(col(treatmentCol).cast("double"));
    cols.add(col(outcomeCol).cast("double"));
    cols.add(weightCol == null ? lit(1.0) : col(weightCol).cast("double"));
    for (String f : features) {
      cols.add(col("`" + f + "`").cast("double"));
    }
    JavaRDD<double[]> data = rows.select(cols.toArray(Column[]::new)).javaRDD().map(r -> {
      double[] v = new double[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.isNullAt(i) ? 0.0 : r.getDouble(i);
      }
      return v;
    });
    double[] fStats = data.treeAggregate(new double[p * F_STATS], (acc, v) -> {
      double w = v[2];
      for (int f = 0; f < p; f++) {
        double[] z = design(v[0], v[FIRST_FEATURE + f]);
        int o = f * F_STATS;
        for (int a = 0; a < 4; a++) {
          for (int b = 0; b < 4; b++) {
            acc[o + a * 4 + b] += w * z[a] * z[b];
          }
          acc[o + 16 + a] += w * z[a] * v[1];
        }
        acc[o + 20] += w * v[1] * v[1];
      }
      return acc;
    }, InteractionFilter::add);
    double[] out = new double[p];
    if (method == UpliftFilter.F) {
      for (int f = 0; f < p; f++) {
        out[f] = fStatistic(fStats, f * F_STATS);
      }
      return out;
    }
    return likelihoodRatios(data, fStats, p);
  }

  static double[] design(double t, double x) {
    return new double[] {1.0, t, x, t * x};
  }

  static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** F statistic of the interaction term from one feature's sufficient statistics at offset {@code o}. */
  static double fStatistic(double[] s, int o) {
    double n = s[o];
    double yy = s[o + 20];
    double rssFull = rss(s, o, 4, yy);
    double rssRestricted = rss(s, o, 3, yy);
    if (Double.isNaN(rssFull) || Double.isNaN(rssRestricted) || n <= 4) {
      return 0.0;
    }
    double sigma2 = rssFull / (n - 4);
    if (sigma2 <= 1e-12 * Math.max(1.0, yy)) {
      return 0.0;
    }
    return Math.max(0.0, (rssRestricted - rssFull) / sigma2);
  }

  /** Residual sum of squares of least squares on the first {@code k} design columns; NaN when singular. */
  private static double rss(double[] s, int o, int k, double yy) {
    double[][] a = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] = s[o + i * 4 + j];
      }
      b[i] = s[o + 16 + i];
    }
    RealVector beta = solve(a, b);
    if (beta == null) {
      return Double.NaN;
    }
    return yy - beta.dotProduct(new ArrayRealVector(b));
  }

  private static RealVector solve(double[][] a, double[] b) {
    try {
      DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(a, false), 1e-11).getSolver();
      if (!solver.isNonSingular()) {
        return null;
      }
      return solver.solve(new ArrayRealVector(b, false));
    } catch (SingularMatrixException e) {
      return null;
    }
  }

  private static double[] likelihoodRatios(JavaRDD<double[]> data, double[] fStats, int p) {
    double[] mean = new double[p];
    double[] sd = new double[p];
    double[][][] beta = new double[p][2][4];
    boolean[] active = new boolean[p];
    for (int f = 0; f < p; f++) {
      int o = f * F_STATS;
      double n = fStats[o];
      mean[f] = fStats[o + 2] / n;
      double var = fStats[o + 2 * 4 + 2] / n - mean[f] * mean[f];
      sd[f] = var > 1e-12 ? Math.sqrt(var) : 0.0;
      double ybar = fStats[o + 16] / n;
      active[f] = sd[f] > 0 && ybar > 0 && ybar < 1;
      double intercept = active[f] ? Math.log(ybar / (1 - ybar)) : 0.0;
      beta[f][0][0] = intercept;
      beta[f][1][0] = intercept;
    }
    double[] lastStats = null;
    for (int iter = 0; iter < MAX_NEWTON_ITERATIONS; iter++) {
      final double[][][] current = beta;
      lastStats = data.treeAggregate(new double[p * LR_STATS], (acc, v) -> {
        for (int f = 0; f < p; f++) {
          if (!active[f]) {
            continue;
          }
          double[] z = design(v[0], (v[FIRST_FEATURE + f] - mean[f]) / sd[f]);
          double rowWeight = v[2];
          for (int m = 0; m < 2; m++) {
            double[] b = current[f][m];
            double eta = b[0] * z[0] + b[1] * z[1] + b[2] * z[2] + (m == 0 ? b[3] * z[3] : 0.0);
            double mu = 1.0 / (1.0 + Math.exp(-eta));
            double w = rowWeight * mu * (1 - mu);
            int o = f * LR_STATS + m * LR_MODEL_STATS;
            for (int a = 0; a < 4; a++) {
              acc[o + a] += rowWeight * (v[1] - mu) * z[a];
              for (int c = 0; c < 4; c++) {
                acc[o + 4 + a * 4 + c] += w * z[a] * z[c];
              }
            }
            // log-likelihood y·eta − log(1 + e^eta), computed without overflow
            acc[o + 20] += rowWeight
                * (v[1] * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))));
          }
        }
        return acc;
      }, InteractionFilter::add);
      double maxStep = 0;
      double[][][] next = new double[p][2][4];
      for (int f = 0; f < p; f++) {
        for (int m = 0; m < 2; m++) {
          next[f][m] = beta[f][m].clone();
          if (!active[f]) {
            continue;
          }
          int k = m == 0 ? 4 : 3;
          int o = f * LR_STATS + m * LR_MODEL_STATS;
          double[][] h = new double[k][k];
          double[] g = new double[k];
          for (int a = 0; a < k; a++) {
            g[a] = lastStats[o + a];
            for (int c = 0; c < k; c++) {
              h[a][c] = lastStats[o + 4 + a * 4 + c];
            }
          }
          RealVector step = solve(h, g);
          if (step == null) {
            active[f] = false;
            continue;
          }
          for (int a = 0; a < k; a++) {
            next[f][m][a] += step.getEntry(a);
            maxStep = Math.max(maxStep, Math.abs(step.getEntry(a)));
          }
        }
      }
      beta = next;
      if (maxStep < NEWTON_TOLERANCE) {
        break; // lastStats were computed at (numerically) the optimum
      }
    }
    double[] out = new double[p];
    for (int f = 0; f < p; f++) {
      if (active[f]) {
        double llFull = lastStats[f * LR_STATS + 20];
        double llRestricted = lastStats[f * LR_STATS + LR_MODEL_STATS + 20];
        out[f] = Math.max(0.0, 2 * (llFull - llRestricted));
      }
    }
    return out;
  }
}
