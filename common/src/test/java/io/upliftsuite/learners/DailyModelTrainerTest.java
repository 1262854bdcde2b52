package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.forest.UpliftRandomForestModel;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Days 1 and 2 trained on synthetic episodes with known CATE (x1 and region drive it, see {@link SyntheticEpisodes},
 * seed 21, 2000 items per day, ~12% of them in the 3-month holdout), with a small ensemble (2 forests x 10 trees).
 */
class DailyModelTrainerTest {
  static final long DATA_SEED = 21L;
  static final LocalDate RUN_DATE = LocalDate.parse("2026-01-31");
  private static SparkSession spark;
  private static SyntheticEpisodes.Data data;
  private static DailyTrainingOptions options;
  private static DailyModelTrainer.Result result;
  private static Path dir;

  static DailyTrainingOptions smallOptions(List<Integer> days) {
    SuiteConfig config = SuiteConfig.of(ConfigFactory.parseString(
        "training.days = " + days + "\n"
            + "training.forest { ensemble-size = 2, num-trees = 10, max-depth = 5, min-instances-per-node = 40,"
            + " min-treatment-instances = 10 }\n"
            + "training.baseline { max-iter = 5, max-depth = 3 }\n"
            // The plain forest: this class tests the trainer's plumbing on a strong planted effect. The default
            // ipw-forest is judged against the simulator's truth in DeconfoundedLearnerSimulatorTest; on these
            // 1,669 rows with propensity AUC 0.90 its inverse-propensity weights (up to ~50) cost variance (r 0.53).
            + "training.learner = forest\n"
            + "training.parallelism = 2\n")
        .withFallback(SuiteConfig.defaults().config()).resolve());
    return DailyTrainingOptions.fromConfig(config.section("training"), 42L);
  }

  @BeforeAll
  static void train() {
    spark = SparkTestSession.get();
    dir = SparkTestSession.tempDir("training");
    data = SyntheticEpisodes.generate(spark, 2000, List.of(1, 2), 0.03, DATA_SEED);
    data.episodes().cache();
    options = smallOptions(List.of(1, 2));
    result = DailyModelTrainer.on(spark).episodes(data.episodes()).options(options)
        .modelsDir(dir.resolve("models").toString()).runDate(RUN_DATE).execute();
  }

  @Test
  void positivityTrimmingRemovesASmallRecordedShare() {
    for (DailyModelTrainer.DayModel d : result.days()) {
      // about 2% of rows have a true propensity above 0.99 (SyntheticEpisodes)
      assertThat(d.excludedShare()).as("day " + d.day()).isBetween(0.002, 0.05);
      assertThat(d.excludedByPositivity()).isPositive();
      assertThat(d.propensity().auc()).isGreaterThan(0.75);
    }
    Row models = result.models().where("decision_day = 1").first();
    assertThat(models.getDouble(models.fieldIndex("excluded_by_positivity_share")))
        .isEqualTo(result.days().get(0).excludedShare());
  }

  @Test
  void selectedFeaturesIncludeTheDriversOfHeterogeneity() {
    for (DailyModelTrainer.DayModel d : result.days()) {
      assertThat(d.selection().selected()).as("day " + d.day()).contains("x1", "region");
    }
  }

  /**
   * Measured with data seed 21 and suite seed 42 (2 forests x 10 trees, depth 5, training rows in key order): Pearson
   * correlation of the day-1 ensemble CATE with the oracle CATE on the 232 holdout rows = 0.7615 (0.8003 with another
   * bag draw); the test requires 0.7.
   */
  @Test
  void dayOneCateCorrelatesWithTheOracleCate() {
    Dataset<Row> joined = result.predictions().where("decision_day = 1")
        .join(data.oracle(), new String[] {"item_id", "decision_day"})
        .withColumn("true_cate", col("p_delivery_90d_contact").minus(col("p_delivery_90d_no_contact")));
    double r = joined.agg(corr("cate", "true_cate")).first().getDouble(0);
    System.out.printf("day-1 CATE vs oracle CATE: Pearson r = %.4f on %d holdout rows%n", r, joined.count());
    assertThat(r).isGreaterThan(0.7);
  }

  @Test
  void predictionsCoverEveryUncensoredHoldoutEpisodeWithTheContractSchema() {
    assertThat(result.predictions().schema().simpleString()).isEqualTo(TrainingTables.PREDICTIONS.simpleString());
    long expected = data.episodes().where(col("censored").equalTo(false)
        .and(col("registered_at").geq(result.holdoutCutoff()))).count();
    assertThat(result.predictions().count()).isEqualTo(expected);
    assertThat(result.predictions().where(col("propensity").isNull().or(col("baseline_score").isNull())
        .or(col("cate").isNull())).count()).isZero();
    assertThat(result.days()).extracting(DailyModelTrainer.DayModel::holdoutRows).allSatisfy(n ->
        assertThat(n).isGreaterThan(150));
  }

  @Test
  void sameSeedGivesSameModelsAndPredictions() {
    DailyModelTrainer.Result again = DailyModelTrainer.on(spark).episodes(data.episodes())
        .options(smallOptions(List.of(1))).modelsDir(SparkTestSession.tempDir("training-again").toString())
        .runDate(RUN_DATE).execute();
    Dataset<Row> first = result.predictions().where("decision_day = 1");
    assertThat(again.predictions().count()).isEqualTo(first.count());
    assertThat(again.predictions().exceptAll(first).count()).isZero();
    DailyModelTrainer.DayModel a = again.days().get(0);
    DailyModelTrainer.DayModel b = result.days().get(0);
    assertThat(a.selection()).isEqualTo(b.selection());
    assertThat(a.trainingRows()).isEqualTo(b.trainingRows());
    assertThat(forest(a).treeToString(0)).isEqualTo(forest(b).treeToString(0));
    assertThat(forest(a).getNumTreesInModel()).isEqualTo(20);
  }

  /**
   * Delta lists a table's files in an order their random names decide, so two runs read the same episodes in
   * different orders; the model must not change (the forest bags rows by position, MLlib samples per partition).
   */
  @Test
  void theOrderInWhichEpisodesAreReadDoesNotChangeTheModel() {
    Dataset<Row> reordered = data.episodes().repartition(3).sortWithinPartitions(col("item_id").desc());
    DailyModelTrainer.Result again = DailyModelTrainer.on(spark).episodes(reordered)
        .options(smallOptions(List.of(1))).modelsDir(SparkTestSession.tempDir("training-reordered").toString())
        .runDate(RUN_DATE).execute();
    assertThat(forest(again.days().get(0)).treeToString(0)).isEqualTo(forest(result.days().get(0)).treeToString(0));
    Dataset<Row> both = again.predictions().as("a")
        .join(result.predictions().where("decision_day = 1").as("b"), new String[] {"item_id", "decision_day"});
    assertThat(both.count()).isEqualTo(again.predictions().count());
    double maxDiff = both.agg(org.apache.spark.sql.functions.max(
        org.apache.spark.sql.functions.abs(col("a.cate").minus(col("b.cate"))))).first().getDouble(0);
    assertThat(maxDiff).as("largest |cate difference| between the two reads").isLessThan(1e-9);
  }

  @Test
  void modelFilesLoadBackAndTablesAreReplacedNotDuplicated() {
    UpliftRandomForestModel loaded = UpliftRandomForestModel.load(result.days().get(0).path() + "/uplift");
    assertThat(loaded.treeToString(3)).isEqualTo(forest(result.days().get(0)).treeToString(3));
    TableLocation models = new TableLocation("models", dir.resolve("t/models").toString(), TableFormat.DELTA);
    TableLocation predictions = new TableLocation("predictions", dir.resolve("t/predictions").toString(),
        TableFormat.DELTA);
    WriteContext ctx = WriteContext.of("train-daily-models", RUN_DATE);
    TrainingOutputs.write(result, models, predictions, ctx);
    TrainingOutputs.Written w = TrainingOutputs.write(result, models, predictions, ctx);
    assertThat(TableIO.read(spark, models).count()).isEqualTo(2);
    assertThat(TableIO.read(spark, predictions).count()).isEqualTo(w.predictions());
    assertThat(TableIO.read(spark, predictions).count()).isEqualTo(result.predictions().count());
  }

  /** The forest learner fits the forest ensemble. */
  private static UpliftRandomForestModel forest(DailyModelTrainer.DayModel d) {
    return (UpliftRandomForestModel) d.uplift();
  }

  @Test
  void aConfiguredDayWithoutEpisodesFailsBeforeTraining() {
    assertThatThrownBy(() -> DailyModelTrainer.on(spark).episodes(data.episodes()).options(smallOptions(List.of(1, 5)))
        .modelsDir(SparkTestSession.tempDir("training-day5").toString()).runDate(RUN_DATE).execute())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'decision_day'").hasMessageContaining("decision day 5 has 0 uncensored training");
  }

  @Test
  void badActionValuesAreRejectedWithTableColumnAndCount() {
    Dataset<Row> bad = data.episodes().withColumn("action",
        org.apache.spark.sql.functions.when(col("item_id").isin("i1", "i2"), 2).otherwise(col("action")));
    assertThatThrownBy(() -> DailyModelTrainer.validate(bad, "outcome_90d"))
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'episodes'").hasMessageContaining("'action'").hasMessageContaining("4 offending rows");
  }
}
