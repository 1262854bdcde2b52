package io.upliftsuite.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.evaluation.SyntheticPredictions;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EvaluateJobTest {
  /** The job would otherwise set the defaults' 8 shuffle partitions on the shared test session. */
  private static final String SMALL_SHUFFLES = "spark.settings.\"spark.sql.shuffle.partitions\"=2";
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void evaluatesEveryModelAndWritesBothTablesAndTheReport() throws Exception {
    Path root = SparkTestSession.tempDir("evaluate-job");
    Dataset<Row> synthetic = SyntheticPredictions.generate(spark, 2000, 21, 0.03, 2);
    synthetic.drop("p_delivery_90d_contact", "p_delivery_90d_no_contact", "x1", "x2")
        .union(synthetic.drop("p_delivery_90d_contact", "p_delivery_90d_no_contact", "x1", "x2")
            .withColumn("model_id", lit("other")))
        .write().format("delta").save(root.resolve("training/predictions").toString());
    synthetic.select("item_id", "decision_day", "p_delivery_90d_contact", "p_delivery_90d_no_contact")
        .write().format("delta").save(root.resolve("sim/oracle").toString());
    String[] args = {"evaluate", "--run-date", "2026-01-31", "--set", "warehouse.root=" + root,
        "--set", "tables.oracle_episodes.path=sim/oracle", "--set", "evaluation.bootstrap-replicates=50",
        "--set", "evaluation.share-steps=10", "--set", SMALL_SHUFFLES};
    assertThat(Suite.run(args)).isEqualTo(0);

    Dataset<Row> evaluations = spark.read().format("delta").load(root.resolve("evaluation/evaluations").toString());
    assertThat(evaluations.where("model_id = 'synthetic-21' AND metric = 'recommended_value_true'").count())
        .isEqualTo(1);
    assertThat(evaluations.where("model_id = 'other' AND metric = 'recommended_value_true'").count()).isEqualTo(1);
    // both models carry identical rows, so their numbers agree (and the intervals contain the estimates)
    Row a = evaluations.where("model_id = 'synthetic-21' AND metric = 'recommended_added_value_dr'").first();
    Row b = evaluations.where("model_id = 'other' AND metric = 'recommended_added_value_dr'").first();
    assertThat(b.getDouble(2)).isEqualTo(a.getDouble(2));
    assertThat(a.getDouble(2)).isBetween(a.getDouble(3), a.getDouble(4));
    assertThat(evaluations.select("model_id").distinct().count()).isEqualTo(2);
    Dataset<Row> curves = spark.read().format("delta").load(root.resolve("evaluation/curves").toString());
    assertThat(curves.where("model_id = 'other' AND curve = 'ope_cate_dr'").count()).isEqualTo(11);
    Path report = root.resolve("reports/evaluation/2026-01-31");
    assertThat(Files.readString(report.resolve("index.html"))).contains("Model synthetic-21", "synthetic-21-ope.png");
    assertThat(Files.size(report.resolve("synthetic-21-ope.png"))).isGreaterThan(10_000);
  }

  @Test
  void badPropensityFailsTheJobAndWritesNothing() {
    Path root = SparkTestSession.tempDir("evaluate-bad");
    SyntheticPredictions.generate(spark, 500, 3, 0.03, 1)
        .drop("p_delivery_90d_contact", "p_delivery_90d_no_contact", "x1", "x2")
        .withColumn("propensity", when(col("item_id").equalTo("item-7"), 0.0).otherwise(col("propensity")))
        .write().format("delta").save(root.resolve("training/predictions").toString());
    assertThat(Suite.run("evaluate", "--set", "warehouse.root=" + root, "--set", SMALL_SHUFFLES)).isEqualTo(1);
    assertThat(Files.exists(root.resolve("evaluation/evaluations"))).isFalse();
    assertThat(Files.exists(root.resolve("reports"))).isFalse();
  }
}
