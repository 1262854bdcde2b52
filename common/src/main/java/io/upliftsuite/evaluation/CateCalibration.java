package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Is the predicted CATE right on average? Rows are binned by predicted CATE (approximate quantiles, distributed);
 * in each bin the realised effect is estimated by difference in means (randomised data) or by the mean AIPW
 * pseudo-outcome ψ = μ1 − μ0 + a(y − μ1)/e − (1−a)(y − μ0)/(1−e) (observational data), with a normal 95% interval.
 * The calibration slope regresses ψ on the predicted CATE over all rows (OLS, heteroscedasticity-robust HC0 standard
 * error): 1 means well calibrated, below 1 over-confident predictions. Three aggregations, no rows to the driver.
 */
public final class CateCalibration {
  private static final double Z = new NormalDistribution().inverseCumulativeProbability(0.975);
  private final Dataset<Row> rows;
  private String cateCol = "cate";
  private String actionCol = "action";
  private String outcomeCol = "outcome";
  private String propensityCol = "propensity";
  private String mu1Col = "mu1";
  private String mu0Col = "mu0";
  private int bins = 10;
  private boolean randomised;

  private CateCalibration(Dataset<Row> rows) {
    this.rows = rows;
  }

  public static CateCalibration of(Dataset<Row> rows) {
    return new CateCalibration(rows);
  }

  public CateCalibration columns(String cate, String action, String outcome, String propensity, String mu1,
      String mu0) {
    this.cateCol = cate;
    this.actionCol = action;
    this.outcomeCol = outcome;
    this.propensityCol = propensity;
    this.mu1Col = mu1;
    this.mu0Col = mu0;
    return this;
  }

  public CateCalibration bins(int b) {
    if (b < 1) {
      throw new IllegalArgumentException("calibration bins must be >= 1, got " + b);
    }
    this.bins = b;
    return this;
  }

  /** Randomised data: per-bin difference in means; otherwise AIPW. */
  public CateCalibration randomised(boolean r) {
    this.randomised = r;
    return this;
  }

  public CalibrationResult execute() {
    Column a = col(actionCol).cast("double");
    Column y = col(outcomeCol).cast("double");
    Column e = col(propensityCol).cast("double");
    Column mu1 = col(mu1Col).cast("double");
    Column mu0 = col(mu0Col).cast("double");
    Column psi = mu1.minus(mu0)
        .plus(a.multiply(y.minus(mu1)).divide(e))
        .minus(lit(1.0).minus(a).multiply(y.minus(mu0)).divide(lit(1.0).minus(e)));
    Dataset<Row> base = rows.select(col(cateCol).cast("double").as("c"), a.as("a"), y.as("y"), psi.as("psi"));

    double[] probabilities = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      probabilities[i - 1] = (double) i / bins;
    }
    TreeSet<Double> cuts = new TreeSet<>();
    for (double q : base.stat().approxQuantile("c", probabilities, 1e-3)) {
      cuts.add(q);
    }
    List<Double> splits = new ArrayList<>();
    splits.add(Double.NEGATIVE_INFINITY);
    splits.addAll(cuts);
    splits.add(Double.POSITIVE_INFINITY);
    Dataset<Row> binned = new Bucketizer().setInputCol("c").setOutputCol("bin")
        .setSplits(splits.stream().mapToDouble(Double::doubleValue).toArray()).transform(base);

    Column t = col("a").equalTo(1.0);
    List<Row> perBin = binned.groupBy("bin").agg(
        count(lit(1)).as("n"), avg("c").as("mean_c"),
        sum(when(t, 1.0).otherwise(0.0)).as("n_t"), sum(when(t, col("y")).otherwise(0.0)).as("y_t"),
        sum(when(t, pow(col("y"), 2)).otherwise(0.0)).as("yy_t"),
        sum(when(t, 0.0).otherwise(1.0)).as("n_c"), sum(when(t, 0.0).otherwise(col("y"))).as("y_c"),
        sum(when(t, 0.0).otherwise(pow(col("y"), 2))).as("yy_c"),
        sum("psi").as("psi"), sum(pow(col("psi"), 2)).as("psi2")).orderBy("bin").collectAsList();
    List<CalibrationBin> result = new ArrayList<>();
    for (Row r : perBin) {
      double n = r.getLong(1);
      Interval effect = randomised
          ? differenceInMeans(r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6), r.getDouble(7),
              r.getDouble(8))
          : meanInterval(n, r.getDouble(9), r.getDouble(10));
      result.add(new CalibrationBin((int) r.getDouble(0) + 1, (long) n, r.getDouble(2), effect));
    }
    return new CalibrationResult(result, slope(base), randomised ? "difference in means" : "AIPW");
  }

  /** OLS slope of ψ on c with HC0 standard error, from centred moments (two passes). */
  private static Interval slope(Dataset<Row> base) {
    Row m = base.agg(avg("c"), avg("psi"), count(lit(1))).first();
    double mc = m.getDouble(0);
    double mp = m.getDouble(1);
    Column dc = col("c").minus(mc);
    Column dp = col("psi").minus(mp);
    Row s = base.agg(sum(dc.multiply(dc)), sum(dc.multiply(dp)), sum(dc.multiply(dc).multiply(dp).multiply(dp)),
        sum(dc.multiply(dc).multiply(dc).multiply(dp)), sum(dc.multiply(dc).multiply(dc).multiply(dc))).first();
    double sxx = s.getDouble(0);
    if (!(sxx > 0)) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double beta = s.getDouble(1) / sxx;
    // Σ dc²·(dp − β·dc)² expanded, so the residuals need no third pass
    double meat = s.getDouble(2) - 2 * beta * s.getDouble(3) + beta * beta * s.getDouble(4);
    double se = Math.sqrt(Math.max(0.0, meat)) / sxx;
    return new Interval(beta, beta - Z * se, beta + Z * se);
  }

  static Interval differenceInMeans(double nT, double yT, double yyT, double nC, double yC, double yyC) {
    if (nT < 2 || nC < 2) {
      double est = (nT > 0 && nC > 0) ? yT / nT - yC / nC : Double.NaN;
      return new Interval(est, Double.NaN, Double.NaN);
    }
    double mt = yT / nT;
    double mc = yC / nC;
    double vt = (yyT - nT * mt * mt) / (nT - 1);
    double vc = (yyC - nC * mc * mc) / (nC - 1);
    double se = Math.sqrt(vt / nT + vc / nC);
    return new Interval(mt - mc, mt - mc - Z * se, mt - mc + Z * se);
  }

  static Interval meanInterval(double n, double sum, double sumSquares) {
    double mean = sum / n;
    if (n < 2) {
      return new Interval(mean, Double.NaN, Double.NaN);
    }
    double var = (sumSquares - n * mean * mean) / (n - 1);
    double se = Math.sqrt(Math.max(0.0, var) / n);
    return new Interval(mean, mean - Z * se, mean + Z * se);
  }
}
