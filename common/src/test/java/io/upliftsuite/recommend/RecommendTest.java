package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.episodes.DecisionPoints;
import io.upliftsuite.episodes.EpisodeColumns;
import io.upliftsuite.episodes.EpisodeFeatures;
import io.upliftsuite.episodes.EpisodeLabelling;
import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.registry.ModelStatus;
import io.upliftsuite.registry.Promotion;
import io.upliftsuite.registry.RegisteredModel;
import io.upliftsuite.registry.TrainingRun;
import io.upliftsuite.scoring.DayScorer;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code recommend} on simulated logs (tiny profile) with an approved day-1 model: the decision points built for a
 * past day are that day's episodes (same feature code), the recommendations for a past date are the policy applied to
 * that date's episodes, and a re-run changes no row.
 */
class RecommendTest {
  static final LocalDate PAST = LocalDate.parse("2021-03-10");
  static ClosedLoopFixture f;

  @BeforeAll
  static void fixture() {
    f = ClosedLoopFixture.get();
  }

  static List<String> episodeColumns() {
    List<String> cols = new ArrayList<>(List.of(EpisodeColumns.ITEM_ID, EpisodeColumns.LEAD_ID,
        EpisodeColumns.DECISION_DAY, EpisodeColumns.DECISION_TS, EpisodeColumns.REGISTERED_AT));
    cols.addAll(EpisodeFeatures.names());
    return cols;
  }

  static Dataset<Row> episodesOn(LocalDate date, List<Integer> days) {
    return f.episodes().where(to_date(col(EpisodeColumns.DECISION_TS)).equalTo(lit(Date.valueOf(date)))
        .and(col(EpisodeColumns.DECISION_DAY).isin(days.toArray())));
  }

  @Test
  void theDecisionPointsOfAPastDayAreThatDaysEpisodes() {
    Column[] cols = episodeColumns().stream().map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Dataset<Row> points = DecisionPoints.open(f.logs(), f.episodeOptions, List.of(1, 2), PAST, PAST).cache();
    Dataset<Row> episodes = episodesOn(PAST, List.of(1, 2)).select(cols);
    assertThat(episodes.count()).isGreaterThan(10);
    // every episode of the day is a decision point with exactly the same features (every column compared)
    assertThat(episodes.except(points.select(cols)).count()).isZero();
    assertThat(points.where(col(DecisionPoints.RUN_DATE).notEqual(lit(Date.valueOf(PAST)))).count()).isZero();

    // the other decision points are days the episodes drop for reasons known only after 9 AM (the lead or a
    // prescheduled call came first; the day ran past the data), or items of leads with a later second item
    Dataset<Row> extra = points.select(cols).except(episodes);
    List<Row> labels = EpisodeLabelling.labelItemDays(extra.select("item_id", "decision_day"), f.logs(),
        f.episodeOptions, f.logs().latestTimestampMicros()).collectAsList();
    assertThat(labels).hasSize((int) extra.count());
    Set<String> lateReasons = Set.of("lead_initiated_first", "prescheduled_first", "after_data_end");
    Set<String> multiItemLeads = Set.copyOf(f.read("items").groupBy("lead_id").count().where("count > 1")
        .select("lead_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    List<Row> extraRows = extra.collectAsList();
    for (Row r : labels) {
      String status = r.getString(2);
      String lead = extraRows.stream().filter(e -> e.getString(0).equals(r.getString(0))).findFirst().orElseThrow()
          .getString(1);
      assertThat(status == null ? multiItemLeads.contains(lead) : lateReasons.contains(status))
          .as("extra decision point %s day %s (%s)", r.getString(0), r.getInt(1), status).isTrue();
    }
  }

  @Test
  void recommendForAPastDateReproducesThePolicyAppliedToThatDatesEpisodes() {
    TableLocation table = f.location("recommendations");
    Recommend.Result r = recommend(table, PAST, PAST);
    assertThat(r.approvedByDay()).containsEntry(1, f.modelId);

    Dataset<Row> expected = RecommendationPolicy.apply(DayScorer.load(f.registry.find(f.modelId).orElseThrow().path())
        .transform(episodesOn(PAST, List.of(1)).withColumn("run_date", lit(Date.valueOf(PAST)))), 0.0, 0)
        .select(col("item_id"), col("decision_day"), col("cate").as("e_cate"), col("recommendation").as("e_rec"));
    Dataset<Row> written = f.read("recommendations").where(col("run_date").equalTo(lit(Date.valueOf(PAST))));
    Dataset<Row> joined = expected.join(written, scala.jdk.javaapi.CollectionConverters.asScala(
        List.of("item_id", "decision_day")).toList(), "left");
    long n = expected.count();
    assertThat(n).isGreaterThan(5);
    assertThat(joined.where(col("cate").isNull()).count()).as("every episode is recommended on").isZero();
    assertThat(joined.where(col("cate").notEqual(col("e_cate"))
        .or(col("recommendation").notEqual(col("e_rec")))).count()).isZero();
    assertThat(written.where(col("deliver").unary_$bang().or(col("experiment_id").isNotNull())).count())
        .as("no experiment: every row is delivered").isZero();
    assertThat(written.select("recommendation").distinct().count()).as("the policy discriminates").isEqualTo(2);
  }

  @Test
  void reRunningRecommendChangesNoRow() {
    TableLocation table = f.location("recommendations_rerun");
    recommend(table, PAST, PAST.plusDays(2));
    List<Row> first = sorted(f.read("recommendations_rerun"));
    recommend(table, PAST, PAST.plusDays(2));
    recommend(table, PAST.plusDays(1), PAST.plusDays(1));
    assertThat(sorted(f.read("recommendations_rerun"))).isEqualTo(first);
    assertThat(first).isNotEmpty();
  }

  @Test
  void promoteKeepsTheApprovedModelWhenTheEvidenceIsNotEnoughAndRecommendNeedsAnApprovedModel() {
    List<RegisteredModel> models = f.registry.all();
    assertThat(models).extracting(RegisteredModel::status).containsExactly(ModelStatus.APPROVED);
    assertThat(models.get(0).statusReason()).startsWith("approved: added value (DR) 0.0200 [0.0100, 0.0300]");
    // a margin above the CI lower bound: not approved, and (already approved) it stays approved; nothing changes
    Promotion.Result again = Promotion.on(f.spark).registry(f.registry).evaluationsTable(f.location("evaluations"))
        .run(TrainingRun.resolve(f.registry, ClosedLoopFixture.TRAINING_RUN, List.of())).margin(0.02)
        .context(WriteContext.of("test", PAST)).execute();
    assertThat(again.approved()).isFalse();
    assertThat(again.approvedNow()).isEmpty();
    assertThat(again.rowsChanged()).isZero();
    assertThat(f.registry.approvedByDay()).containsKey(1);

    // with no approved model, recommend fails naming the table and column, and writes nothing
    ModelRegistry empty = ModelRegistry.at(f.spark, f.location("models_none"));
    f.read("models").withColumn("status", lit("candidate")).write().format("delta")
        .save(f.location("models_none").path());
    assertThatThrownBy(() -> Recommend.on(f.spark).logs(f.logs()).episodeOptions(f.episodeOptions).registry(empty)
        .options(f.options("[]")).dates(PAST, PAST).table(f.location("recommendations_none"))
        .context(WriteContext.of("recommend", PAST)).execute())
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'models'")
        .hasMessageContaining("'status'");
    assertThat(new java.io.File(f.location("recommendations_none").path())).doesNotExist();
  }

  @Test
  void eachApprovedModelIsDeployedAtTheThresholdItsEvaluationChose() {
    // evaluate found no skill but a gain from contacting everyone: -Infinity, every decision point is "contact";
    // a loss from contacting anyone: +Infinity, none is.
    for (double threshold : new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
      TableLocation evaluations = f.location("evaluations_threshold_" + (threshold < 0 ? "all" : "none"));
      f.spark.createDataFrame(List.of(RowFactory.create(f.modelId, EvaluatedThresholds.METRIC, threshold, null, null)),
          Promotion.EVALUATIONS_REQUIRED).write().format("delta").mode("overwrite").save(evaluations.path());
      TableLocation table = f.location("recommendations_threshold_" + (threshold < 0 ? "all" : "none"));
      Recommend.Result r = Recommend.on(f.spark).logs(f.logs()).episodeOptions(f.episodeOptions).registry(f.registry)
          .evaluations(evaluations).options(f.options("[]")).dates(PAST, PAST).table(table)
          .context(WriteContext.of("recommend", PAST)).execute();
      assertThat(r.rows()).isPositive();
      assertThat(r.contact()).isEqualTo(threshold < 0 ? r.rows() : 0);
    }
    // An approved model whose evaluation has no threshold: a named input error, nothing written.
    TableLocation bare = f.location("evaluations_no_threshold");
    f.spark.createDataFrame(List.of(RowFactory.create(f.modelId, "chosen_day", 1.0, null, null)),
        Promotion.EVALUATIONS_REQUIRED).write().format("delta").mode("overwrite").save(bare.path());
    assertThatThrownBy(() -> Recommend.on(f.spark).logs(f.logs()).episodeOptions(f.episodeOptions)
        .registry(f.registry).evaluations(bare).options(f.options("[]")).dates(PAST, PAST)
        .table(f.location("recommendations_no_threshold")).context(WriteContext.of("recommend", PAST)).execute())
        .isInstanceOf(InputValidationException.class).hasMessageContaining("evaluations_no_threshold")
        .hasMessageContaining(EvaluatedThresholds.METRIC).hasMessageContaining(f.modelId);
    assertThat(new java.io.File(f.location("recommendations_no_threshold").path())).doesNotExist();
  }

  @Test
  void theThresholdIsEvaluatedByDefaultOrOneNumber() {
    assertThat(RecommendOptions.fromConfig(SuiteConfig.defaults().section("recommend")).evaluatedThreshold())
        .isTrue();
    RecommendOptions fixed = RecommendOptions.fromConfig(SuiteConfig.load("local", List.of(),
        List.of("recommend.threshold=0.02")).section("recommend"));
    assertThat(fixed.evaluatedThreshold()).isFalse();
    assertThat(fixed.threshold()).isEqualTo(0.02);
    assertThatThrownBy(() -> RecommendOptions.fromConfig(SuiteConfig.load("local", List.of(),
        List.of("recommend.threshold=best")).section("recommend")))
        .hasMessageContaining("recommend.threshold").hasMessageContaining("evaluated");
  }

  static Recommend.Result recommend(TableLocation table, LocalDate from, LocalDate to) {
    return Recommend.on(f.spark).logs(f.logs()).episodeOptions(f.episodeOptions).registry(f.registry)
        .evaluations(f.location("evaluations"))
        .options(f.options("[]")).dates(from, to).table(table).context(WriteContext.of("recommend", from)).execute();
  }

  static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy("run_date", "item_id", "decision_day").collectAsList();
  }
}
