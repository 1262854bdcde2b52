package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The recommended policy: contact iff the <em>calibrated</em> CATE is positive, with the calibration learned on other
 * rows than the ones it decides for.
 *
 * <p>Why not "contact iff CATE &gt; 0": an uplift model's CATE is noisy and usually too extreme (calibration slope
 * &lt; 1), so where the true effect is positive for everyone but small, a noisy but unbiased model still puts a share
 * of the rows below 0 and the raw rule stops contacting them — a loss against simply contacting everyone. The expected
 * true effect given the prediction, E[τ | ĉ] ≈ α + β·ĉ, is what a decision should use: (α, β) is the OLS fit of the
 * doubly robust (AIPW) pseudo-outcome ψ on ĉ, whose conditional mean is the true effect when the propensity (or the
 * outcome model) is right. A model without skill (β ≈ 0) then gives the same decision for everyone — contact all when
 * the estimated average effect α is positive, no one when it is negative — and a skilled one (β clearly above 0)
 * targets: contact iff ĉ &gt; −α/β.
 *
 * <p>Honesty: the rows are split in two halves by their bootstrap key; each half's decisions use the line fitted on
 * the other half (cross-fitting), so the policy's estimated value is not inflated by fitting the threshold to the
 * same outcomes. The line fitted on all rows gives the threshold to deploy ({@link Result#deployThreshold()}). One
 * aggregation.
 */
public final class CalibratedPolicy {
  /** E[τ | ĉ] ≈ intercept + slope·ĉ. */
  public record Line(double intercept, double slope, double rows) {
    /** The CATE above which this line's expected effect is positive (±∞ when the slope is not positive). */
    public double threshold() {
      if (slope > 0) {
        return -intercept / slope;
      }
      // flat or reversed: the same decision for every row, by the sign of the average effect
      return intercept > 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    static Line fit(double n, double sc, double sp, double scc, double scp) {
      if (n < 2) {
        return new Line(n == 0 ? 0 : sp / n, 0, n);
      }
      double mc = sc / n;
      double mp = sp / n;
      double sxx = scc - n * mc * mc;
      double beta = sxx > 1e-15 ? (scp - n * mc * mp) / sxx : 0.0;
      return new Line(mp - beta * mc, beta, n);
    }
  }

  /** The cross-fitted decisions and the lines behind them. */
  public record Result(Line all, List<Line> halves, Column contact) {
    /** Deploy: contact iff CATE &gt; this (−∞: contact everyone; +∞: no one). */
    public double deployThreshold() {
      return all.threshold();
    }
  }

  private CalibratedPolicy() {}

  /**
   * @param rows rows with the predicted CATE, the AIPW pseudo-outcome and a long key column
   * @param cateCol predicted CATE
   * @param psiCol AIPW pseudo-outcome ψ = μ1 − μ0 + a(y − μ1)/e − (1 − a)(y − μ0)/(1 − e)
   * @param keyCol a long column that hashes the row (splits the halves)
   */
  public static Result fit(Dataset<Row> rows, String cateCol, String psiCol, String keyCol) {
    Column half = pmod(col(keyCol), lit(2L)).cast("int");
    Column c = col(cateCol).cast("double");
    Column p = col(psiCol).cast("double");
    Column[] aggs = new Column[10];
    for (int h = 0; h < 2; h++) {
      Column in = half.equalTo(h);
      aggs[5 * h] = sum(when(in, 1.0).otherwise(0.0));
      aggs[5 * h + 1] = sum(when(in, c).otherwise(0.0));
      aggs[5 * h + 2] = sum(when(in, p).otherwise(0.0));
      aggs[5 * h + 3] = sum(when(in, c.multiply(c)).otherwise(0.0));
      aggs[5 * h + 4] = sum(when(in, c.multiply(p)).otherwise(0.0));
    }
    Row r = rows.agg(count(lit(1)), aggs).first();
    double[] s = new double[10];
    for (int i = 0; i < 10; i++) {
      s[i] = r.isNullAt(i + 1) ? 0.0 : r.getDouble(i + 1);
    }
    Line h0 = Line.fit(s[0], s[1], s[2], s[3], s[4]);
    Line h1 = Line.fit(s[5], s[6], s[7], s[8], s[9]);
    Line all = Line.fit(s[0] + s[5], s[1] + s[6], s[2] + s[7], s[3] + s[8], s[4] + s[9]);
    // half 0 decides with half 1's line and vice versa
    Column contact = when(half.equalTo(0), decide(h1, c)).otherwise(decide(h0, c));
    return new Result(all, List.of(h0, h1), contact);
  }

  private static Column decide(Line line, Column cate) {
    return when(lit(line.intercept()).plus(lit(line.slope()).multiply(cate)).gt(0), 1.0).otherwise(0.0);
  }
}
