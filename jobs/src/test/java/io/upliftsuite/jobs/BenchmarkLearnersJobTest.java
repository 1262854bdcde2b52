package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** benchmark-learners end to end on a CSV file, through the suite's command line. */
class BenchmarkLearnersJobTest {

  @Test
  void writesTheBenchmarkAndTheReportReplacesOnRerunAndBadInputWritesNothing() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.tempDir("bench-job");
    // randomised arms; the effect is +0.4 where x1 > 0.5, nothing elsewhere
    Dataset<Row> data = spark.range(2000).selectExpr("id", "(id * 7919 % 1000) / 1000.0 AS x1",
        "(id * 104729 % 997) / 997.0 AS x2", "CASE WHEN id % 3 = 0 THEN 'a' ELSE 'b' END AS kind",
        "CAST(id % 2 AS INT) AS arm")
        .selectExpr("*", "CASE WHEN ((id * 48271) % 1000) / 1000.0 < 0.2 + CASE WHEN arm = 1 AND x1 > 0.5 THEN 0.4 "
            + "ELSE 0.0 END THEN 1 ELSE 0 END AS bought");
    String csv = dir.resolve("campaign").toString();
    data.coalesce(1).write().option("header", "true").csv(csv);
    String[] args = {"benchmark-learners", "--input", csv, "--format", "csv", "--treatment-col", "arm",
        "--outcome-col", "bought", "--features", "x1,x2,kind", "--learners", "t", "--folds", "2",
        "--run-date", "2026-02-01", "--set", "warehouse.root=" + dir.resolve("wh"),
        "--set", "benchmark.base.num-trees=5", "--set", "benchmark.test-share=0.25"};
    assertThat(Suite.run(args)).isZero();
    Dataset<Row> table = spark.read().format("delta").load(dir.resolve("wh/benchmark/learner_benchmarks").toString());
    long rows = table.count();
    assertThat(table.where("benchmark_id = 'campaign-2026-02-01' AND learner = 't' AND split = 'cv_mean' "
        + "AND metric = 'uqc'").first().<Double>getAs("value")).isGreaterThan(1.0);
    // floor(0.25 x size) rows of each of the four treatment x outcome strata
    assertThat(table.where("split = 'test' AND metric = 'rows'").first().<Double>getAs("value")).isBetween(497.0,
        500.0);
    assertThat(dir.resolve("wh/reports/benchmarks/campaign-2026-02-01/index.html")).exists();

    assertThat(Suite.run(args)).isZero();
    assertThat(spark.read().format("delta").load(dir.resolve("wh/benchmark/learner_benchmarks").toString()).count())
        .as("a re-run replaces the benchmark's rows").isEqualTo(rows);

    StringWriter err = new StringWriter();
    String[] bad = args.clone();
    bad[8] = "price"; // --outcome-col names a missing column
    assertThat(Suite.run(new PrintWriter(err, true), bad)).isEqualTo(1);
    assertThat(err.toString()).contains("benchmark-learners failed").contains("price");
    assertThat(spark.read().format("delta").load(dir.resolve("wh/benchmark/learner_benchmarks").toString()).count())
        .isEqualTo(rows);
    assertThat(Files.exists(dir.resolve("wh/reports/benchmarks"))).isTrue();
  }
}
