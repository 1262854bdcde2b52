package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictionsEvaluationTest {
  private static SparkSession spark;
  private static Dataset<Row> synthetic;
  private static ModelEvaluation evaluation;

  /**
   * Synthetic observational data with known potential outcomes; the model's CATE is informative on decision day 1
   * only (pure noise on days 0 and 2), so day 1 must be chosen.
   */
  @BeforeAll
  static void evaluateOnce() {
    spark = SparkTestSession.get();
    synthetic = SyntheticPredictions.generate(spark, 4500, 5, 0.03, 3)
        .withColumn("cate", when(col("decision_day").equalTo(1), col("cate")).otherwise(randn(9).multiply(0.1)))
        .cache();
    evaluation = PredictionsEvaluation.of(synthetic, "synthetic-5")
        .options(EvaluationOptions.defaults().withReplicates(80).withSeed(3))
        .oracle(synthetic.select("item_id", "decision_day", "p_delivery_90d_contact", "p_delivery_90d_no_contact"))
        .execute();
  }

  @Test
  void existingPolicyValueIsTheObservedOutcomeRate() {
    double observed = synthetic.agg(avg("outcome_90d")).first().getDouble(0);
    assertThat(value("existing_value_ips")).isCloseTo(observed, within(1e-12));
    assertThat(value("existing_value_snips")).isCloseTo(observed, within(1e-12));
    assertThat(value("existing_share_contacted"))
        .isCloseTo(synthetic.agg(avg("propensity")).first().getDouble(0), within(1e-12));
  }

  @Test
  void recommendedPolicyIntervalCoversItsOracleValue() {
    MetricRow dr = evaluation.metric("recommended_value_dr").orElseThrow();
    double truth = value("recommended_value_true");
    assertThat(truth).isBetween(dr.ciLow(), dr.ciHigh());
    MetricRow added = evaluation.metric("recommended_added_value_dr").orElseThrow();
    assertThat(value("recommended_added_value_true")).isBetween(added.ciLow(), added.ciHigh());
  }

  @Test
  void informativeModelIsRecommendedAsATargetingPolicy() {
    assertThat(value("skill")).isEqualTo(1.0);
    assertThat(value("recommended_targets")).isEqualTo(1.0);
    assertThat(value("recommended_value_dr")).isEqualTo(value("calibrated_value_dr"));
    assertThat(value("recommended_share_contacted")).isStrictlyBetween(0.05, 0.95);
  }

  /**
   * A model without skill (CATE = pure noise) where contact helps every row by 0.10 in truth: acting on the noise
   * would skip rows at random and lose to contacting everyone, so the recommendation is contact-all and says so.
   */
  @Test
  void modelWithoutSkillRecommendsContactingEveryone() {
    ModelEvaluation noSkill = noiseModelWithConstantEffect(0.10);
    assertThat(metric(noSkill, "skill")).isEqualTo(0.0);
    assertThat(metric(noSkill, "recommended_targets")).isEqualTo(0.0);
    assertThat(metric(noSkill, "recommended_share_contacted")).isEqualTo(1.0);
    assertThat(metric(noSkill, "recommended_cate_threshold")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(metric(noSkill, "recommended_value_true")).isEqualTo(metric(noSkill, "contact_all_value_true"));
    // the calibrated targeting of the noise is still reported, and in truth it is worse than contacting everyone
    assertThat(metric(noSkill, "calibrated_value_true")).isLessThanOrEqualTo(metric(noSkill, "contact_all_value_true"));
  }

  /** Without skill, contact-none is recommended only when contact is shown to hurt: here by 0.15 for every row. */
  @Test
  void modelWithoutSkillRecommendsContactingNoOneWhenContactIsShownToHurt() {
    ModelEvaluation noSkill = noiseModelWithConstantEffect(-0.15);
    assertThat(metric(noSkill, "skill")).isEqualTo(0.0);
    assertThat(noSkill.metric("contact_all_value_dr").orElseThrow().ciHigh())
        .isLessThan(noSkill.metric("contact_none_value_dr").orElseThrow().value());
    assertThat(metric(noSkill, "recommended_share_contacted")).isEqualTo(0.0);
    assertThat(metric(noSkill, "recommended_cate_threshold")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(metric(noSkill, "recommended_value_true")).isEqualTo(metric(noSkill, "contact_none_value_true"));
  }

  /** The synthetic rows with p_contact = p_no_contact + effect for every row, outcomes redrawn, CATE pure noise. */
  private static ModelEvaluation noiseModelWithConstantEffect(double effect) {
    Dataset<Row> rows = synthetic
        .withColumn("p_delivery_90d_no_contact", col("p_delivery_90d_no_contact").multiply(0.7).plus(0.2))
        .withColumn("p_delivery_90d_contact", col("p_delivery_90d_no_contact").plus(effect))
        .withColumn("outcome_90d", when(rand(21).lt(when(col("action").equalTo(1), col("p_delivery_90d_contact"))
            .otherwise(col("p_delivery_90d_no_contact"))), 1).otherwise(0))
        .withColumn("cate", randn(22).multiply(0.1))
        .withColumn("model_id", lit("noise-22"));
    return PredictionsEvaluation.of(rows, "noise-22")
        .options(EvaluationOptions.defaults().withReplicates(80).withSeed(3))
        .oracle(rows.select("item_id", "decision_day", "p_delivery_90d_contact", "p_delivery_90d_no_contact"))
        .execute();
  }

  @Test
  void opeCurvesStartAtNoContactAndEndAtContactEveryone() {
    List<CurveRow> dr = evaluation.curve("ope_cate_dr");
    List<CurveRow> truth = evaluation.curve("ope_cate_true");
    assertThat(dr).hasSize(21);
    assertThat(dr.get(0).x()).isEqualTo(0.0);
    assertThat(dr.get(20).x()).isEqualTo(1.0);
    assertThat(dr.get(10).x()).isCloseTo(0.5, within(0.01));
    // the random order and the CATE order agree at 0% and 100% (the same policy)
    assertThat(evaluation.curve("ope_random_dr").get(20).y()).isCloseTo(dr.get(20).y(), within(1e-12));
    long covered = java.util.stream.IntStream.range(0, dr.size())
        .filter(i -> truth.get(i).y() >= dr.get(i).lo() && truth.get(i).y() <= dr.get(i).hi()).count();
    assertThat(covered).as("points of the DR curve whose interval covers the oracle").isGreaterThanOrEqualTo(17);
  }

  @Test
  void dayWithInformativeCateIsChosen() {
    assertThat(value("chosen_day")).isEqualTo(1.0);
    assertThat(evaluation.curve("day_added_value_dr")).extracting(CurveRow::x).containsExactly(0.0, 1.0, 2.0);
  }

  @Test
  void observationalDesignIsDetectedAndBaselineAucIsInformative() {
    assertThat(value("randomised_design")).isEqualTo(0.0);
    // the baseline predicts the outcome, which is informative for ROC AUC
    assertThat(value("baseline_roc_auc")).isGreaterThan(0.6).isLessThan(1.0);
  }

  @Test
  void propensityOfOneIsRejectedNamingTableColumnAndCount() {
    Dataset<Row> bad = synthetic.withColumn("propensity",
        when(col("item_id").isin("item-1", "item-2"), 1.0).otherwise(col("propensity")));
    assertThatThrownBy(() -> PredictionsEvaluation.of(bad, "synthetic-5").execute())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'predictions'").hasMessageContaining("'propensity'")
        .hasMessageContaining("2 offending rows");
  }

  @Test
  void modelWithoutRowsIsRejectedNamingTheModel() {
    assertThatThrownBy(() -> PredictionsEvaluation.of(synthetic, "no-such-model").execute())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'predictions'").hasMessageContaining("'model_id'").hasMessageContaining("no-such-model");
  }

  private static double metric(ModelEvaluation e, String metric) {
    return e.metric(metric).orElseThrow(() -> new AssertionError("no metric " + metric)).value();
  }

  private static double value(String metric) {
    return evaluation.metric(metric).orElseThrow(() -> new AssertionError("no metric " + metric)).value();
  }
}
