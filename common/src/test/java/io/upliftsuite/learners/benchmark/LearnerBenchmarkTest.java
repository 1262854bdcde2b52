package io.upliftsuite.learners.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.evaluation.UpliftMetrics;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class LearnerBenchmarkTest {
  private static final LearnerCatalog.Settings SMALL = new LearnerCatalog.Settings(10, 4, 20, 10, 3, 40, 2, 5, 4,
      50, 10, 20, 6, 0.65, "stage-two", 32, 11);

  /**
   * Hillstrom as the benchmark reads it (women's e-mail vs none, visit) with the scikit-uplift fixture's fixed score:
   * 42,693 rows, 21,387 treated, and the fixture's unscaled Qini coefficient 1.3069918842575416.
   */
  @Test
  void hillstromReferenceScoreMatchesScikitUplift() {
    BenchmarkData h = BenchmarkData.hillstrom(SparkTestSession.get(), BenchmarkData.locateHillstrom(""));
    assertThat(h.featureNames()).containsExactly("recency", "history", "mens", "womens", "newbie", "zip_code",
        "channel");
    assertThat(h.maxCategories()).isEqualTo(4); // 3 values + the "unseen" index
    assertThat(h.rows().count()).isEqualTo(42_693);
    assertThat(h.rows().where("treatment = 1").count()).isEqualTo(21_387);
    double uqc = UpliftMetrics.of(h.rows()).scoreCol(BenchmarkData.REFERENCE_SCORE).armCol(BenchmarkData.TREATMENT)
        .controlLabel("0").outcomeCol(BenchmarkData.OUTCOME).execute().unscaledQini();
    assertThat(uqc).isCloseTo(1.3069918842575416, within(1e-9));
  }

  /**
   * The benchmark on a randomised campaign: every (learner, fold) and the test fit are scored on their own rows, the
   * summary is the mean and sample sd of the folds, the table holds every number once (a re-run replaces), and the
   * sleeping-dog verdict tells the two variants apart.
   */
  @Test
  void crossValidatesScoresAndDiagnosesSleepingDogs() throws Exception {
    var spark = SparkTestSession.get();
    BenchmarkData dogs = BenchmarkData.fromTable("campaign", SegmentedCampaign.generate(spark, 4000, 1.0, 5),
        "treatment", "1", "0", "outcome", List.of(), Set.of("segment", "true_uplift"));
    assertThat(dogs.featureNames()).containsExactly("x1", "x2", "x3", "x4");
    LearnerBenchmark.Result r = LearnerBenchmark.on(dogs).learners(List.of("t", "two-step")).folds(3).testShare(0.25)
        .seed(9).settings(SMALL).verdictLearner("t").execute();

    assertThat(r.trainRows() + r.testRows()).isEqualTo(4000);
    assertThat(r.results()).hasSize(2 * 4);
    for (String l : List.of("t", "two-step")) {
      List<FoldResult> cv = r.of(l, "cv");
      assertThat(cv.stream().mapToLong(FoldResult::rows).sum()).isEqualTo(r.trainRows());
      assertThat(r.of(l, "test").get(0).rows()).isEqualTo(r.testRows());
      double[] uqc = cv.stream().mapToDouble(FoldResult::uqc).toArray();
      double mean = (uqc[0] + uqc[1] + uqc[2]) / 3;
      double sd = Math.sqrt((Math.pow(uqc[0] - mean, 2) + Math.pow(uqc[1] - mean, 2) + Math.pow(uqc[2] - mean, 2)) / 2);
      assertThat(r.summaries().get(l).mean("uqc")).isCloseTo(mean, within(1e-12));
      assertThat(r.summaries().get(l).sd("uqc")).isCloseTo(sd, within(1e-12));
      // persuadables (effect +0.5) are found by x1: every fold ranks better than random
      for (double u : uqc) {
        assertThat(u).as("%s fold UQC", l).isGreaterThan(1.0);
      }
      assertThat(r.summaries().get(l).meanQiniCurve()[0]).isZero();
    }
    assertThat(r.of("t", "cv").get(0).lostCause()).isNull();
    var f1 = r.of("two-step", "cv").get(0).lostCause();
    assertThat(f1.support0() + f1.support1()).isPositive();
    assertThat(f1.weightedF1()).isBetween(0.0, 1.0);
    // sleeping dogs (responding 0.6 untreated, 0.1 treated) sit at the end of the T-learner's ranking
    assertThat(r.sleepingDogs().sleepingDogs()).as(r.sleepingDogs().verdict()).isTrue();

    BenchmarkData noDogs = BenchmarkData.fromTable("campaign", SegmentedCampaign.generate(spark, 4000, 0.0, 5),
        "treatment", "1", "0", "outcome", List.of(), Set.of("segment", "true_uplift"));
    // two-step before x: the x tasks run first and their models serve as the two-step's stage 2 (no deadlock)
    LearnerBenchmark.Result clean = LearnerBenchmark.on(noDogs).learners(List.of("two-step", "x")).folds(2)
        .testShare(0).seed(9).settings(SMALL).verdictLearner("x").parallelism(2).execute();
    assertThat(clean.testRows()).isZero();
    assertThat(clean.results()).extracting(FoldResult::learner).containsExactly("two-step", "two-step", "x", "x");
    assertThat(clean.sleepingDogs().twoStepApplies()).as(clean.sleepingDogs().verdict()).isTrue();

    Path dir = Files.createTempDirectory(SparkTestSession.tempDir("bench"), "t");
    TableLocation table = new TableLocation(BenchmarkTable.NAME, dir.resolve("learner_benchmarks").toString(),
        TableFormat.DELTA);
    WriteContext ctx = WriteContext.of("benchmark-learners", LocalDate.of(2026, 1, 2));
    long written = BenchmarkTable.write(spark, "campaign-test", r, table, ctx);
    BenchmarkTable.write(spark, "campaign-test", r, table, ctx);
    BenchmarkTable.write(spark, "other", clean, table, ctx);
    Dataset<Row> stored = spark.read().format("delta").load(table.path());
    assertThat(stored.where("benchmark_id = 'campaign-test'").count()).isEqualTo(written);
    assertThat(stored.where("benchmark_id = 'campaign-test' AND learner = 't' AND split = 'cv_mean' "
        + "AND metric = 'uqc'").first().<Double>getAs("value")).isCloseTo(r.summaries().get("t").mean("uqc"),
        within(1e-12));
    assertThat(stored.where("benchmark_id = 'campaign-test' AND metric = 'decile_uplift' AND split = 'cv'").count())
        .isEqualTo(2 * 3 * 10);

    String report = BenchmarkReport.write(r, "campaign-test", dir.resolve("report").toString(),
        spark.sparkContext().hadoopConfiguration());
    assertThat(Files.readString(Path.of(report))).contains("two-step").contains("Sleeping-dog diagnostic");
    assertThat(dir.resolve("report/qini.png")).exists();
  }

  /**
   * A table's fixed score column (here the generator's true effect) is scored on all rows, as the metric code scores it
   * on the table itself, and never becomes a feature; a text column or one listed as a feature is refused by name.
   */
  @Test
  void aReferenceColumnIsScoredOnAllRowsAndIsNoFeature() {
    var spark = SparkTestSession.get();
    Dataset<Row> campaign = SegmentedCampaign.generate(spark, 3000, 0.0, 2, 5);
    BenchmarkData data = BenchmarkData.fromTable("campaign", campaign, "treatment", "1", "0", "outcome", List.of(),
        Set.of("segment"), "true_uplift");
    assertThat(data.featureNames()).containsExactly("x1", "x2", "x3", "x4", "x5", "x6");
    assertThat(data.hasReferenceScore()).isTrue();
    LearnerBenchmark.Result r = LearnerBenchmark.on(data).learners(List.of("t")).folds(2).testShare(0.2).seed(3)
        .settings(SMALL).verdictLearner("t").execute();
    double direct = UpliftMetrics.of(campaign).scoreCol("true_uplift").armCol("treatment").controlLabel("0")
        .outcomeCol("outcome").execute().unscaledQini();
    assertThat(r.referenceUqc()).isCloseTo(direct, within(1e-12));
    // the truth ranks the persuadables (x1 high) first: better than random
    assertThat(r.referenceUqc()).isGreaterThan(1.0);

    assertThatThrownBy(() -> BenchmarkData.fromTable("campaign", campaign, "treatment", "1", "0", "outcome",
        List.of(), Set.of(), "segment")).hasMessageContaining("segment").hasMessageContaining("must be numeric");
    assertThatThrownBy(() -> BenchmarkData.fromTable("campaign", campaign, "treatment", "1", "0", "outcome",
        List.of("x1", "true_uplift"), Set.of(), "true_uplift")).hasMessageContaining("may not also be a feature");
  }

  /** A fold whose rows all got one score is flagged (its UQC of 1 is the random line, not a ranking). */
  @Test
  void flagsAConstantScore() {
    var spark = SparkTestSession.get();
    Dataset<Row> same = spark.sql("SELECT 0.25D AS " + LearnerBenchmark.SCORE + " FROM range(5)");
    Dataset<Row> varied = spark.sql("SELECT CAST(id AS DOUBLE) / 10 AS " + LearnerBenchmark.SCORE + " FROM range(5)");
    assertThat(LearnerBenchmark.constantScore(same)).isTrue();
    assertThat(LearnerBenchmark.constantScore(varied)).isFalse();
  }
}
