package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model judged against the truth, where the truth is known (the simulator's {@code oracle_episodes}: both
 * potential outcomes of every decision point). Not an estimate: these numbers say how good the CATE and its policy
 * really are, so the estimates of {@link PredictionsEvaluation} can be checked against them.
 *
 * <p>With τ = p_contact − p_no_contact per row (the true CATE) and ĉ the predicted one:
 * <ul>
 *   <li>ranking: Pearson and Spearman correlation of ĉ with τ (Spearman with average ranks for ties, MLlib's
 *       distributed rank correlation);</li>
 *   <li>level: mean ĉ against the true average effect mean τ;</li>
 *   <li>calibration: OLS slope of τ on ĉ with an HC0 95% interval (1 = calibrated, 0 = no information);</li>
 *   <li>policies: the true value of the learned policy (given as a 0/1 column), of contacting everyone, of contacting no one, of the
 *       existing policy (the logged actions: mean of a·p_contact + (1 − a)·p_no_contact) and of the oracle policy
 *       (contact iff τ &gt; 0: mean of max(p_contact, p_no_contact)); and the share of the oracle's gain over the
 *       existing policy, and over contact-all, that the learned policy captures. A model that beats the existing
 *       policy only by contacting everyone captures nothing over contact-all.</li>
 * </ul>
 * Two aggregations and one rank correlation over the joined rows; nothing is collected.
 */
public final class OracleComparison {
  private static final double Z = new NormalDistribution().inverseCumulativeProbability(0.975);

  /** The comparison's numbers; {@link #metrics()} gives them as {@code evaluations} rows. */
  public record Result(long rows, double pearson, double spearman, double meanCate, double trueAte,
      Interval trueSlope, double recommendedValue, double contactAllValue, double contactNoneValue,
      double existingValue, double oracleValue, double recommendedShareContacted) {

    /** (V_recommended − V_base) / (V_oracle − V_base): 1 = all of the oracle's gain, 0 = none, &lt; 0 = worse. */
    public static double gainShare(double value, double base, double oracle) {
      return oracle - base <= 0 ? Double.NaN : (value - base) / (oracle - base);
    }

    public double gainShareOverExisting() {
      return gainShare(recommendedValue, existingValue, oracleValue);
    }

    public double gainShareOverContactAll() {
      return gainShare(recommendedValue, contactAllValue, oracleValue);
    }

    /**
     * The comparison as {@code evaluations} rows (the policies' own true values, {@code <policy>_value_true}, are
     * written by the evaluation's policy loop; the oracle policy's and the gain shares are here).
     */
    public List<MetricRow> metrics() {
      List<MetricRow> m = new ArrayList<>();
      m.add(MetricRow.of("true_rows", rows));
      m.add(MetricRow.of("cate_true_pearson", pearson));
      m.add(MetricRow.of("cate_true_spearman", spearman));
      m.add(MetricRow.of("mean_cate", meanCate));
      m.add(MetricRow.of("true_ate", trueAte));
      m.add(MetricRow.of("true_calibration_slope", trueSlope));
      m.add(MetricRow.of("oracle_value_true", oracleValue));
      m.add(MetricRow.of("recommended_gain_share_over_existing_true", gainShareOverExisting()));
      m.add(MetricRow.of("recommended_gain_share_over_contact_all_true", gainShareOverContactAll()));
      return m;
    }
  }

  private OracleComparison() {}

  /** Rank correlation of c and tau from one vector column, so both ranks come from the same rows. */
  private static double spearman(Dataset<Row> base) {
    Dataset<Row> pairs = new VectorAssembler().setInputCols(new String[] {"c", "tau"}).setOutputCol("ct")
        .transform(base).select("ct");
    Matrix corr = Correlation.corr(pairs, "ct", "spearman").first().getAs(0);
    return corr.apply(0, 1);
  }

  /**
   * @param joined rows with the predicted CATE, the logged action and both true potential outcomes
   * @param cateCol predicted CATE
   * @param policyCol the learned policy's decision per row: 1 = contact, 0 = not
   * @param actionCol logged action (0/1)
   * @param p1Col true P(outcome | contact)
   * @param p0Col true P(outcome | no contact)
   */
  public static Result of(Dataset<Row> joined, String cateCol, String policyCol, String actionCol, String p1Col,
      String p0Col) {
    Dataset<Row> base = joined.select(col(cateCol).cast("double").as("c"), col(actionCol).cast("double").as("a"),
        col(p1Col).cast("double").as("p1"), col(p0Col).cast("double").as("p0"),
        col(policyCol).cast("double").as("pi"))
        .withColumn("tau", col("p1").minus(col("p0")));
    Column contacts = col("pi").gt(0.5);
    Row m = base.agg(count(lit(1)), avg("c"), avg("tau"), avg("p1"), avg("p0"),
        avg(org.apache.spark.sql.functions.when(contacts, col("p1")).otherwise(col("p0"))),
        avg(col("a").multiply(col("p1")).plus(lit(1.0).minus(col("a")).multiply(col("p0")))),
        avg(greatest(col("p1"), col("p0"))),
        avg(org.apache.spark.sql.functions.when(contacts, 1.0).otherwise(0.0))).first();
    long n = m.getLong(0);
    if (n == 0) {
      throw new IllegalArgumentException("no rows to compare with the oracle");
    }
    double meanC = m.getDouble(1);
    double meanTau = m.getDouble(2);
    Column dc = col("c").minus(meanC);
    Column dt = col("tau").minus(meanTau);
    Row s = base.agg(sum(dc.multiply(dc)), sum(dt.multiply(dt)), sum(dc.multiply(dt)),
        sum(dc.multiply(dc).multiply(dt).multiply(dt)), sum(dc.multiply(dc).multiply(dc).multiply(dt)),
        sum(dc.multiply(dc).multiply(dc).multiply(dc))).first();
    double sxx = s.getDouble(0);
    double syy = s.getDouble(1);
    double sxy = s.getDouble(2);
    double pearson = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    Interval slope;
    if (sxx > 0) {
      double beta = sxy / sxx;
      // HC0: Σ dc²·(dt − β·dc)², expanded so the residuals need no third pass
      double meat = s.getDouble(3) - 2 * beta * s.getDouble(4) + beta * beta * s.getDouble(5);
      double se = Math.sqrt(Math.max(0.0, meat)) / sxx;
      slope = new Interval(beta, beta - Z * se, beta + Z * se);
    } else {
      slope = new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double spearman = sxx > 0 && syy > 0 ? spearman(base) : Double.NaN;
    return new Result(n, pearson, spearman, meanC, meanTau, slope, m.getDouble(5), m.getDouble(3), m.getDouble(4),
        m.getDouble(6), m.getDouble(7), m.getDouble(8));
  }
}
