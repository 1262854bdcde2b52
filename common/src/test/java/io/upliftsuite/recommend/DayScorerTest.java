package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.scoring.DayScorer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer the trainer saves per day (CONVENTIONS item 2), loaded with one call, reproduces the trainer's own
 * holdout predictions exactly: the same encoders, the same selected features (the assembler that was not saved
 * before), the same propensity model and forest. The day-1 model of {@link ClosedLoopFixture}.
 */
class DayScorerTest {
  static ClosedLoopFixture f;
  static PipelineModel scorer;

  @BeforeAll
  static void load() {
    f = ClosedLoopFixture.get();
    scorer = DayScorer.load(f.registry.find(f.modelId).orElseThrow().path());
  }

  @Test
  void theSavedScorerReproducesTheHoldoutPredictionsExactly() {
    Dataset<Row> episodes = f.episodes().where("decision_day = 1");
    Dataset<Row> scored = scorer.transform(episodes);
    // the input columns plus propensity and cate, nothing else
    List<String> expected = new ArrayList<>(List.of(episodes.columns()));
    expected.addAll(List.of(DayScorer.PROPENSITY, DayScorer.CATE));
    assertThat(scored.columns()).containsExactlyElementsOf(expected);

    Dataset<Row> predictions = f.read("predictions").where(col("model_id").equalTo(f.modelId))
        .select(col("item_id"), col("cate").as("p_cate"), col("propensity").as("p_propensity"));
    Dataset<Row> joined = scored.join(predictions, "item_id");
    assertThat(joined.count()).isEqualTo(predictions.count()).isPositive();
    assertThat(joined.where(col("cate").notEqual(col("p_cate"))
        .or(col("propensity").notEqual(col("p_propensity")))).count()).isZero();
    assertThat(joined.select("cate").distinct().count()).as("the forest ranks rows").isGreaterThan(3);
  }

  @Test
  void nullsAndUnseenCategoriesAreScoredLikeTheTrainerEncodesThem() {
    Dataset<Row> rows = f.episodes().where("decision_day = 1").limit(20)
        .withColumn("lead_state", when(col("item_id").endsWith("1"), lit(null).cast("string"))
            .otherwise(lit("never-seen")))
        .withColumn("value_estimate", lit(null).cast("double"));
    List<Row> out = scorer.transform(rows).select(DayScorer.CATE, DayScorer.PROPENSITY).collectAsList();
    assertThat(out).hasSize(20).allSatisfy(r -> {
      assertThat(r.getDouble(0)).isBetween(-1.0, 1.0);
      assertThat(r.getDouble(1)).isStrictlyBetween(0.0, 1.0);
    });
  }

  @Test
  void aMissingFeatureColumnIsNamed() {
    assertThatThrownBy(() -> scorer.transform(f.episodes().drop("hours_in_stage")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hours_in_stage");
  }
}
