package io.upliftsuite.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.learners.DailyModelTrainer;
import io.upliftsuite.learners.DailyTrainingOptions;
import io.upliftsuite.learners.SyntheticEpisodes;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer the trainer saves per day (CONVENTIONS item 2), loaded with one call, reproduces the trainer's own
 * holdout predictions exactly: the same encoders, the same selected features (the assembler that was not saved
 * before), the same propensity model and forest. One small day model on synthetic episodes.
 */
class DayScorerTest {
  private static SparkSession spark;
  private static SyntheticEpisodes.Data data;
  private static DailyModelTrainer.Result trained;

  @BeforeAll
  static void train() {
    spark = SparkTestSession.get();
    Path dir = SparkTestSession.tempDir("scorer");
    data = SyntheticEpisodes.generate(spark, 1200, List.of(1), 0.03, 5L);
    SuiteConfig config = SuiteConfig.of(ConfigFactory.parseString(
            "training.days = [1]\n"
                + "training.forest { ensemble-size = 1, num-trees = 5, max-depth = 4, min-instances-per-node = 40,"
                + " min-treatment-instances = 10 }\n"
                + "training.baseline { max-iter = 3, max-depth = 2 }\n")
        .withFallback(SuiteConfig.defaults().config()).resolve());
    DailyTrainingOptions options = DailyTrainingOptions.fromConfig(config.section("training"), 42L);
    trained = DailyModelTrainer.on(spark).episodes(data.episodes()).options(options)
        .modelsDir(dir.resolve("models").toString()).runDate(LocalDate.parse("2026-01-31")).execute();
  }

  @Test
  void theSavedScorerReproducesTheHoldoutPredictionsExactly() {
    DailyModelTrainer.DayModel day = trained.days().get(0);
    PipelineModel scorer = DayScorer.load(day.path());
    Dataset<Row> episodes = data.episodes().where("decision_day = 1");
    Dataset<Row> scored = scorer.transform(episodes);

    // the input columns plus cate and propensity, nothing else
    List<String> expected = new ArrayList<>(List.of(episodes.columns()));
    expected.addAll(List.of(DayScorer.PROPENSITY, DayScorer.CATE));
    assertThat(scored.columns()).containsExactlyElementsOf(expected);

    Dataset<Row> predictions = day.predictions().select(col("item_id"), col("cate").as("p_cate"),
        col("propensity").as("p_propensity"));
    Dataset<Row> joined = scored.join(predictions, "item_id");
    assertThat(joined.count()).isEqualTo(day.holdoutRows()).isPositive();
    assertThat(joined.where(col("cate").notEqual(col("p_cate"))
        .or(col("propensity").notEqual(col("p_propensity")))).count()).isZero();
    assertThat(joined.select("cate").distinct().count()).as("the forest ranks rows").isGreaterThan(5);
  }

  @Test
  void nullsAndUnseenCategoriesAreScoredLikeTheTrainerEncodesThem() {
    PipelineModel scorer = DayScorer.load(trained.days().get(0).path());
    Dataset<Row> rows = data.episodes().where("decision_day = 1").limit(20)
        .withColumn("region", when(col("item_id").endsWith("1"), lit(null).cast("string"))
            .otherwise(lit("never-seen")))
        .withColumn("x1", lit(null).cast("double"));
    List<Row> out = scorer.transform(rows).select(DayScorer.CATE, DayScorer.PROPENSITY).collectAsList();
    assertThat(out).hasSize(20).allSatisfy(r -> {
      assertThat(r.getDouble(0)).isBetween(-1.0, 1.0);
      assertThat(r.getDouble(1)).isStrictlyBetween(0.0, 1.0);
    });
  }

  @Test
  void aMissingFeatureColumnIsNamed() {
    PipelineModel scorer = DayScorer.load(trained.days().get(0).path());
    assertThatThrownBy(() -> scorer.transform(data.episodes().drop("x3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x3");
  }
}
