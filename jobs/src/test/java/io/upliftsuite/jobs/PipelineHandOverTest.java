package io.upliftsuite.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.evaluation.PredictionsEvaluation;
import io.upliftsuite.learners.TrainingTables;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Each hand-over between the pipeline's jobs, on the simulator's tiny profile with small models: what a job writes
 * passes the next job's input checks. simulate → build-episodes (the raw-log contract), build-episodes → train (the
 * episodes contract), train → evaluate (the predictions contract: holdout propensities inside the trimming bounds,
 * strictly between 0 and 1). Each job runs through the launcher, as a user or Airflow runs it.
 */
class PipelineHandOverTest {
  private static final double TRIM_LOW = 0.01;
  private static final double TRIM_HIGH = 0.99;

  private final SparkSession spark = SparkTestSession.get();
  private final StringWriter err = new StringWriter();

  private int run(Path wh, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--set", "warehouse.root=" + wh, "--run-date", "2026-01-31"));
    return Suite.run(new PrintWriter(err, true), a.toArray(String[]::new));
  }

  @Test
  void whatEachJobWritesPassesTheNextJobsInputChecks() {
    Path wh = SparkTestSession.tempDir("handover");
    Tables tables = new Tables(SuiteConfig.load("local", List.of(), List.of("warehouse.root=" + wh)));

    assertThat(run(wh, "simulate", "--profile", "tiny")).as(err.toString()).isZero();
    // simulate -> build-episodes: the raw tables meet the raw-log contract, across tables too
    RawLogs.read(spark, tables).validate();
    assertThat(run(wh, "build-episodes")).as(err.toString()).isZero();

    // build-episodes -> train-daily-models: the columns and values training reads
    Dataset<Row> episodes = spark.read().format("delta").load(tables.location("episodes").path());
    TableChecks.of("episodes", episodes).hasSchema(TrainingTables.EPISODES_REQUIRED)
        .notNull("item_id", "decision_day", "registered_at", "action", "outcome_90d", "censored").check();
    assertThat(run(wh, "train-daily-models", "--days", "1", "--set", "training.holdout-months=1",
        "--set", "training.learner=ipw-forest", "--set", "training.forest.ensemble-size=1", "--set", "training.forest.num-trees=3",
        "--set", "training.baseline.max-iter=3", "--set", "training.propensity.trim-low=" + TRIM_LOW,
        "--set", "training.propensity.trim-high=" + TRIM_HIGH)).as(err.toString()).isZero();

    // train-daily-models -> evaluate: every holdout row's propensity within the trimming bounds, and the whole table
    // passes evaluate's own validation
    Dataset<Row> predictions = spark.read().format("delta").load(tables.location("predictions").path());
    assertThat(predictions.count()).isPositive();
    assertThat(predictions.where(col("propensity").lt(TRIM_LOW).or(col("propensity").gt(TRIM_HIGH))).count())
        .isZero();
    PredictionsEvaluation.validate(predictions, "outcome_90d");
    assertThat(run(wh, "evaluate", "--set", "evaluation.bootstrap-replicates=20")).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
  }
}
