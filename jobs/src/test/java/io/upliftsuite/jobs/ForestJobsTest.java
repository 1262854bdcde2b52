package io.upliftsuite.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.forest.UpliftDataGenerator;
import io.upliftsuite.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** fit-forest and score end to end on CSV files, through the suite's command line. */
class ForestJobsTest {

  @Test
  void fitThenScoreACsvKeepsEveryColumnAndAddsUplift() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.tempDir("forest-jobs");
    Dataset<Row> data = new UpliftDataGenerator(4, 2, 3).generate(spark, 0, 3000, 2).drop("features")
        .withColumn("segment", when(col("x3").gt(0.5), lit("high")).otherwise(lit("low")));
    String csv = dir.resolve("train").toString();
    data.coalesce(1).write().option("header", "true").csv(csv);
    String modelDir = dir.resolve("model").toString();
    int fit = Suite.run("fit-forest", "--input", csv, "--format", "csv", "--features", "x0,x1,x2,segment",
        "--categorical-features", "segment",
        "--treatment-col", "treatment", "--control-label", "0", "--outcome-col", "outcome", "--criterion", "ED",
        "--num-trees", "5", "--max-depth", "3", "--min-instances-per-node", "50", "--min-treatment-instances", "10",
        "--max-bins", "16", "--seed", "7", "--model", modelDir, "--set", "warehouse.root=" + dir.resolve("wh"));
    assertThat(fit).isZero();
    String out = dir.resolve("scored.csv").toString();
    int score = Suite.run("score", "--model", modelDir, "--input", csv, "--format", "csv", "--output", out,
        "--set", "warehouse.root=" + dir.resolve("wh"));
    assertThat(score).isZero();
    List<String> lines = Files.readAllLines(Path.of(out));
    assertThat(lines).hasSize(3001);
    List<String> header = List.of(lines.get(0).split(","));
    assertThat(header).containsExactlyElementsOf(concat(List.of(data.columns()), "uplift"));
    Dataset<Row> scored = spark.read().option("header", "true").option("inferSchema", "true").csv(out);
    // the planted effect: about +0.2 where x1 > 0.5, about 0 elsewhere
    Row means = scored.selectExpr("avg(case when x1 > 0.5 then uplift end)", "avg(case when x1 <= 0.5 then uplift end)")
        .first();
    assertThat(means.getDouble(0)).isGreaterThan(0.12);
    assertThat(means.getDouble(1)).isLessThan(0.06);
  }

  @Test
  void badOutcomeFailsNamingTableColumnAndCountAndWritesNoModel() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.tempDir("forest-jobs-bad");
    String csv = dir.resolve("train").toString();
    new UpliftDataGenerator(4, 2, 3).generate(spark, 0, 500, 1).drop("features")
        .withColumn("outcome", when(col("id").lt(4), lit(3)).otherwise(col("outcome")))
        .coalesce(1).write().option("header", "true").csv(csv);
    String modelDir = dir.resolve("model").toString();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    System.setErr(new PrintStream(err, true));
    try {
      code = Suite.run("fit-forest", "--input", csv, "--format", "csv", "--features", "x0,x1", "--treatment-col",
          "treatment", "--outcome-col", "outcome", "--model", modelDir, "--set", "warehouse.root=" + dir);
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("table '" + csv + "'", "column 'outcome'", "(4 offending rows)");
    assertThat(Files.exists(Path.of(modelDir))).isFalse();
  }

  @Test
  void scoreFailsOnABadFeatureNamingColumnAndCountAndWritesNoFile() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path dir = SparkTestSession.tempDir("forest-jobs-score-bad");
    String csv = dir.resolve("train").toString();
    new UpliftDataGenerator(4, 2, 4).generate(spark, 0, 1500, 2).drop("features")
        .coalesce(1).write().option("header", "true").csv(csv);
    String modelDir = dir.resolve("model").toString();
    assertThat(Suite.run("fit-forest", "--input", csv, "--format", "csv", "--features", "x0,x1,x2",
        "--treatment-col", "treatment", "--outcome-col", "outcome", "--num-trees", "2", "--min-instances-per-node",
        "50", "--model", modelDir, "--set", "warehouse.root=" + dir.resolve("wh"))).isZero();
    String bad = dir.resolve("bad").toString();
    new UpliftDataGenerator(4, 2, 5).generate(spark, 0, 400, 2).drop("features")
        .withColumn("x1", when(col("id").lt(3), lit("n/a")).otherwise(col("x1").cast("string")))
        .coalesce(1).write().option("header", "true").csv(bad);
    String out = dir.resolve("scored.csv").toString();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Suite.run(new java.io.PrintWriter(err, true), "score", "--model", modelDir, "--input", bad,
        "--format", "csv", "--output", out, "--set", "warehouse.root=" + dir.resolve("wh"));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("table '" + bad + "'", "column 'x1'", "(3 offending rows)");
    assertThat(Files.exists(Path.of(out))).isFalse();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no temp folder left").noneMatch(
          n -> n.startsWith(".scored.csv"));
    }
  }

  @Test
  void everyFitForestAndScoreOptionHasAHelpText() {
    picocli.CommandLine suite = new picocli.CommandLine(new Suite());
    for (String job : new String[] {"fit-forest", "score"}) {
      var spec = suite.getSubcommands().get(job).getCommandSpec();
      for (var option : spec.options()) {
        String text = String.join(" ", option.description()).trim();
        assertThat(text).as("%s %s", job, option.longestName()).isNotEmpty();
      }
      assertThat(spec.options().stream().map(o -> o.longestName())).as(job).contains("--model", "--input");
    }
    // every forest setting has its option, named as its config key
    var fit = suite.getSubcommands().get("fit-forest").getCommandSpec();
    for (String key : io.upliftsuite.forest.ForestSettings.keys()) {
      assertThat(fit.findOption("--" + key)).as("--" + key).isNotNull();
    }
  }

  private static List<String> concat(List<String> a, String b) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
    all.add(b);
    return all;
  }
}
