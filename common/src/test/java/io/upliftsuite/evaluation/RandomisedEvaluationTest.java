package io.upliftsuite.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole evaluation on a real randomised experiment (Hillstrom, women's e-mail vs none) shaped as a predictions
 * table: the design is detected as randomised, the ranking metrics equal scikit-uplift's, and with a constant
 * propensity e = N_T/N the IPS value of "contact everyone" is exactly the treated arm's visit rate.
 */
class RandomisedEvaluationTest {
  private static ModelEvaluation evaluation;

  @BeforeAll
  static void evaluateHillstrom() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> h = Hillstrom.withReferenceScore(spark).where("segment IN ('Womens E-Mail', 'No E-Mail')")
        .selectExpr("'hillstrom' AS model_id", "CAST(monotonically_increasing_id() AS STRING) AS item_id",
            "0 AS decision_day", "score AS cate", "21387.0D / 42693.0D AS propensity",
            "0.1D + 0.01D * log1p(history) AS baseline_score",
            "CASE WHEN segment = 'Womens E-Mail' THEN 1 ELSE 0 END AS action", "visit AS outcome_90d",
            "recency", "history", "newbie")
        .cache();
    evaluation = PredictionsEvaluation.of(h, "hillstrom")
        .options(new EvaluationOptions("outcome_90d", 50, 42, 4, 100, 10, 5, 0.3, "auto", 0.1))
        .covariates(h.select("item_id", "decision_day", "recency", "history", "newbie"),
            List.of("recency", "history", "newbie"))
        .execute();
  }

  @Test
  void randomisedDesignIsDetectedAndArmsAreBalanced() {
    assertThat(value("randomised_design")).isEqualTo(1.0);
    assertThat(value("max_abs_smd")).isLessThan(0.05);
    assertThat(evaluation.metric("smd_recency")).isPresent();
  }

  @Test
  void rankingMetricsEqualScikitUplift() {
    assertThat(value("qini_auc")).isCloseTo(
        Hillstrom.scikitUpliftReference().get("scalars").get("qini_auc_score").asDouble(), within(1e-10));
    assertThat(value("outcome_rate_contacted")).isCloseTo(0.1514, within(5e-5));
    assertThat(value("outcome_rate_not_contacted")).isCloseTo(0.1062, within(5e-5));
  }

  @Test
  void contactEveryoneAndNobodyHaveTheArmRatesAsIpsValues() {
    List<CurveRow> ips = evaluation.curve("ope_cate_ips");
    assertThat(ips.get(0).x()).isEqualTo(0.0);
    assertThat(ips.get(0).y()).isCloseTo(2262.0 / 21306, within(1e-12));
    assertThat(ips.get(ips.size() - 1).y()).isCloseTo(3238.0 / 21387, within(1e-12));
    MetricRow all = evaluation.metric("existing_value_ips").orElseThrow();
    assertThat(all.value()).isCloseTo(5500.0 / 42693, within(1e-12));
    // per-bin difference in means (randomised), 5 bins with intervals
    assertThat(evaluation.curve("calibration")).hasSize(5)
        .allSatisfy(c -> assertThat(c.hi()).isGreaterThan(c.lo()));
  }

  private static double value(String metric) {
    return evaluation.metric(metric).orElseThrow(() -> new AssertionError("no metric " + metric)).value();
  }
}
