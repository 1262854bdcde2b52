package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OffPolicyEvaluationTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
  }

  /** Four rows; the point estimates are computed by hand below. */
  @Test
  void pointEstimatesMatchHandComputedIpsSnipsAndDr() {
    StructType schema = new StructType().add("row_seed", DataTypes.LongType).add("action", DataTypes.IntegerType)
        .add("outcome", DataTypes.DoubleType).add("propensity", DataTypes.DoubleType)
        .add("mu1", DataTypes.DoubleType).add("mu0", DataTypes.DoubleType).add("contact", DataTypes.IntegerType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(1L, 1, 1.0, 0.5, 0.6, 0.2, 1),
        RowFactory.create(2L, 0, 0.0, 0.5, 0.6, 0.2, 1),
        RowFactory.create(3L, 1, 0.0, 0.25, 0.3, 0.1, 0),
        RowFactory.create(4L, 0, 1.0, 0.25, 0.3, 0.4, 0)), schema);
    OffPolicyResult r = OffPolicyEvaluation.of(rows).replicates(50)
        .policy(new Policy("target", col("contact"))).policy(new Policy("logging", col("propensity"))).execute();
    // target: w = (1/0.5, 0, 0, 1/0.75); w·y = (2, 0, 0, 4/3)
    assertThat(r.estimate("target", OpeEstimator.IPS).value()).isCloseTo((2 + 4.0 / 3) / 4, within(1e-12));
    assertThat(r.estimate("target", OpeEstimator.SNIPS).value())
        .isCloseTo((2 + 4.0 / 3) / (2 + 4.0 / 3), within(1e-12));
    // dr_i = μ_π + w(y − μ_a): 0.6+2·0.4=1.4; 0.6; 0.1; 0.4+(4/3)·0.6=1.2
    assertThat(r.estimate("target", OpeEstimator.DR).value()).isCloseTo((1.4 + 0.6 + 0.1 + 1.2) / 4, within(1e-12));
    // the logging policy's IPS weights are all 1: its value is the observed mean outcome
    assertThat(r.estimate("logging", OpeEstimator.IPS).value()).isCloseTo(0.5, within(1e-12));
    assertThat(r.estimate("logging", OpeEstimator.SNIPS).value()).isCloseTo(0.5, within(1e-12));
    assertThat(r.rows(0)).isEqualTo(4.0);
    assertThat(r.shareContacted("target", 0)).isCloseTo(0.5, within(1e-12));
    assertThat(r.shareContacted("logging", 0)).isCloseTo(0.375, within(1e-12));
  }

  @Test
  void sameSeedsGiveIdenticalIntervalsWhateverThePartitioning() {
    Dataset<Row> data = withOpeColumns(SyntheticPredictions.generate(spark, 2000, 7, 0.05, 3), 11);
    Interval a = recommended(data.repartition(1), 100).estimate("recommended", OpeEstimator.DR);
    Interval b = recommended(data.repartition(3), 100).estimate("recommended", OpeEstimator.DR);
    assertThat(b.value()).isCloseTo(a.value(), within(1e-12));
    assertThat(b.low()).isCloseTo(a.low(), within(1e-12));
    assertThat(b.high()).isCloseTo(a.high(), within(1e-12));
  }

  /**
   * Observational data with known potential outcomes: the 95% interval of the recommended policy's value (contact
   * when predicted CATE > 0) must cover the true value, mean of p1 or p0 under the policy's action, for most seeds.
   */
  @Test
  void bootstrapIntervalsCoverTheTrueValueOfTheRecommendedPolicyForMostSeeds() {
    int coveredDr = 0;
    int coveredSnips = 0;
    long[] seeds = {101, 202, 303};
    for (long seed : seeds) {
      Dataset<Row> data = withOpeColumns(SyntheticPredictions.generate(spark, 4000, seed, 0.05, 1), seed).cache();
      double truth = data.agg(avg(when(col("cate").gt(0), col("p_delivery_90d_contact"))
          .otherwise(col("p_delivery_90d_no_contact")))).first().getDouble(0);
      OffPolicyResult r = recommended(data, 200);
      Interval dr = r.estimate("recommended", OpeEstimator.DR);
      Interval snips = r.estimate("recommended", OpeEstimator.SNIPS);
      Interval existing = r.estimate("existing", OpeEstimator.IPS);
      System.out.printf("seed %d: truth %.4f, DR %.4f [%.4f, %.4f], SNIPS %.4f [%.4f, %.4f], existing %.4f%n",
          seed, truth, dr.value(), dr.low(), dr.high(), snips.value(), snips.low(), snips.high(), existing.value());
      coveredDr += dr.covers(truth) ? 1 : 0;
      coveredSnips += snips.covers(truth) ? 1 : 0;
      // intervals are informative, not vacuous: narrower than 0.1 on 4,000 rows
      assertThat(dr.width()).isLessThan(0.1).isGreaterThan(0.0);
      // targeting by CATE beats the existing policy by a clear margin on this design
      assertThat(r.contrast("recommended", "existing", OpeEstimator.DR, 0).low()).isGreaterThan(0.0);
      data.unpersist();
    }
    assertThat(coveredDr).as("DR intervals covering the truth").isGreaterThanOrEqualTo(2);
    assertThat(coveredSnips).as("SNIPS intervals covering the truth").isGreaterThanOrEqualTo(2);
  }

  static Dataset<Row> withOpeColumns(Dataset<Row> predictions, long seed) {
    return predictions
        .withColumn("row_seed", xxhash64(col("item_id"), col("decision_day"), lit(seed)))
        .withColumn("mu1", OutcomeModel.mu1("baseline_score", "cate", "propensity"))
        .withColumn("mu0", OutcomeModel.mu0("baseline_score", "cate", "propensity"));
  }

  private static OffPolicyResult recommended(Dataset<Row> data, int replicates) {
    Column contact = when(col("cate").gt(0), 1.0).otherwise(0.0);
    return OffPolicyEvaluation.of(data).columns("action", "outcome_90d", "propensity", "mu1", "mu0")
        .replicates(replicates)
        .policy(new Policy("recommended", contact))
        .policy(new Policy("existing", col("propensity")))
        .execute();
  }
}
