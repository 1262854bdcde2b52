package io.upliftsuite.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.learners.SyntheticEpisodes;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The job end to end on synthetic episodes (one day, one small forest): exit code, tables, nothing written on bad input. */
class TrainDailyModelsJobTest {

  private static String[] args(Path root, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train-daily-models", "--days", "1", "--run-date", "2026-01-31",
        "--set", "warehouse.root=" + root, "--set", "training.learner=ipw-forest",
        "--set", "training.forest.ensemble-size=1",
        "--set", "training.forest.min-instances-per-node=40", "--set", "training.baseline.max-iter=3"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static void writeEpisodes(Dataset<Row> episodes, Path root) {
    episodes.write().format("delta").mode("overwrite").partitionBy("decision_day")
        .save(root.resolve("episodes/episodes").toString());
  }

  @Test
  void trainsWritesModelsAndPredictionsAndRerunReplacesThem() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path root = SparkTestSession.tempDir("train-job");
    writeEpisodes(SyntheticEpisodes.generate(spark, 1500, List.of(1), 0.03, 3L).episodes(), root);
    assertThat(Suite.run(args(root))).isZero();
    assertThat(Suite.run(args(root))).isZero();
    Dataset<Row> models = spark.read().format("delta").load(root.resolve("training/models").toString());
    Dataset<Row> predictions = spark.read().format("delta").load(root.resolve("training/predictions").toString());
    assertThat(models.count()).isEqualTo(1);
    Row m = models.first();
    assertThat(m.getString(m.fieldIndex("model_id"))).isEqualTo("uplift-d1-2026-01-31");
    assertThat(predictions.count()).isEqualTo(m.getLong(m.fieldIndex("holdout_rows")));
    // the row points to the model files of the run that wrote it (a folder of its own); the replaced run's are gone
    String folder = m.getString(m.fieldIndex("path"));
    assertThat(folder).matches(".*/models/train-daily-models-2026-01-31-[0-9a-f]{8}/uplift-d1-2026-01-31");
    assertThat(Files.isDirectory(Path.of(folder, "uplift"))).isTrue();
    try (var runs = Files.list(root.resolve("models"))) {
      assertThat(runs.toList()).hasSize(1);
    }
  }

  @Test
  void badEpisodesFailTheJobAndWriteNothing() {
    SparkSession spark = SparkTestSession.get();
    Path root = SparkTestSession.tempDir("train-job-bad");
    Dataset<Row> episodes = SyntheticEpisodes.generate(spark, 300, List.of(1), 0.0, 3L).episodes();
    writeEpisodes(episodes.withColumn("outcome_90d",
        when(col("item_id").isin("i1", "i2", "i3"), 7).otherwise(col("outcome_90d"))), root);
    assertThat(Suite.run(args(root))).isEqualTo(1);
    assertThat(Files.exists(root.resolve("training"))).isFalse();
    assertThat(Files.exists(root.resolve("models"))).isFalse();
  }
}
