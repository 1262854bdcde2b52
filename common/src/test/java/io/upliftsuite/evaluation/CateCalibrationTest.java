package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CateCalibrationTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
  }

  @Test
  void differenceInMeansMatchesHandComputation() {
    // treated y = {1,1,0,0}: mean 0.5, var 1/3; control y = {1,0,0,0}: mean 0.25, var 0.25
    Interval i = CateCalibration.differenceInMeans(4, 2, 2, 4, 1, 1);
    double se = Math.sqrt((1.0 / 3) / 4 + 0.25 / 4);
    assertThat(i.value()).isCloseTo(0.25, within(1e-12));
    assertThat(i.high() - i.value()).isCloseTo(1.959963984540054 * se, within(1e-9));
  }

  @Test
  void trueCateIsCalibratedAndDoubledCateHasSlopeOneHalf() {
    Dataset<Row> data = OffPolicyEvaluationTest.withOpeColumns(SyntheticPredictions.generate(spark, 20000, 17, 0.0, 1), 1)
        .cache();
    CalibrationResult exact = CateCalibration.of(data)
        .columns("cate", "action", "outcome_90d", "propensity", "mu1", "mu0").bins(5).execute();
    assertThat(exact.bins()).hasSize(5);
    assertThat(exact.method()).isEqualTo("AIPW");
    assertThat(1.0).isBetween(exact.slope().low(), exact.slope().high());
    // bins ordered by predicted CATE, realised effects increase from the lowest to the highest bin
    assertThat(exact.bins().get(0).realised().value()).isLessThan(exact.bins().get(4).realised().value());

    Dataset<Row> doubled = data.withColumn("cate2", col("cate").multiply(2.0));
    CalibrationResult over = CateCalibration.of(doubled)
        .columns("cate2", "action", "outcome_90d", "propensity", "mu1", "mu0").bins(5).execute();
    assertThat(0.5).isBetween(over.slope().low(), over.slope().high());
    assertThat(over.slope().high()).isLessThan(1.0);
    data.unpersist();
  }

  @Test
  void hillstromArmsAreBalanced() {
    Dataset<Row> h = Hillstrom.withReferenceScore(spark).where("segment IN ('Womens E-Mail', 'No E-Mail')")
        .selectExpr("*", "CASE WHEN segment = 'Womens E-Mail' THEN 1 ELSE 0 END AS t");
    Map<String, Double> smd = CovariateBalance.smd(h, "t", List.of("recency", "history", "mens", "womens", "newbie"));
    assertThat(smd).hasSize(5);
    smd.values().forEach(v -> assertThat(Math.abs(v)).isLessThan(0.05));
    // an imbalanced covariate by construction: recency shifted by 2 months in the treated arm
    Dataset<Row> shifted = h.selectExpr("*", "recency + 2 * t AS recency_shifted");
    assertThat(CovariateBalance.smd(shifted, "t", List.of("recency_shifted")).get("recency_shifted"))
        .isGreaterThan(0.5);
  }

  @Test
  void smdMatchesHandComputation() {
    // treated {1,3}: mean 2, var 2; control {0,0,3}: mean 1, var 3 → (2−1)/√2.5
    assertThat(CovariateBalance.smd(2, 4, 10, 3, 3, 9)).isCloseTo(1 / Math.sqrt(2.5), within(1e-12));
  }
}
