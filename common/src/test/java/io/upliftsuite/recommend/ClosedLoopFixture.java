package io.upliftsuite.recommend;

import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.episodes.BuildEpisodes;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.learners.DailyModelTrainer;
import io.upliftsuite.learners.DailyTrainingOptions;
import io.upliftsuite.learners.TrainingOutputs;
import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.registry.Promotion;
import io.upliftsuite.registry.TrainingRun;
import io.upliftsuite.simulate.CrmSimulator;
import io.upliftsuite.simulate.SimulationSettings;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline up to an approved model, once per test JVM, on the simulator's tiny profile (1,500 items registered
 * January to May 2021): simulated logs, episodes, a small day-1 model (trained on the 14-day outcome, so that a
 * month of holdout is enough), and its approval through {@link Promotion} on a hand-written evaluation. Tables live
 * under one temporary warehouse, addressed like the jobs address them.
 */
final class ClosedLoopFixture {
  static final LocalDate TRAINING_RUN = LocalDate.parse("2021-06-01");
  private static ClosedLoopFixture instance;

  final SparkSession spark;
  final Path warehouse;
  final SuiteConfig config;
  final SimulationSettings settings;
  final EpisodeOptions episodeOptions;
  final String modelId;
  final ModelRegistry registry;

  private ClosedLoopFixture() {
    spark = SparkTestSession.get();
    warehouse = SparkTestSession.tempDir("closed-loop");
    config = SuiteConfig.load("local", List.of(), List.of(
        "training.days=[1]", "training.learner=ipw-forest", "training.outcome=outcome_14d", "training.holdout-months=1",
        "training.forest.ensemble-size=1", "training.forest.num-trees=5", "training.forest.max-depth=4",
        "training.forest.min-instances-per-node=30", "training.forest.min-treatment-instances=10",
        "training.baseline.max-iter=3", "training.baseline.max-depth=2", "training.propensity.max-iter=30"));
    settings = SimulationSettings.from(config.section("simulate"), 42L, "tiny").withPartitions(2);
    episodeOptions = EpisodeOptions.fromConfig(config.section("episodes"));
    WriteContext context = WriteContext.of("test", TRAINING_RUN);

    CrmSimulator.on(spark).settings(settings).execute(this::location, context);
    BuildEpisodes.on(spark).logs(logs()).options(episodeOptions).episodesTable(location("episodes"))
        .context(context).execute();
    DailyModelTrainer.Result trained = DailyModelTrainer.on(spark).episodes(episodes())
        .options(DailyTrainingOptions.fromConfig(config.section("training"), 42L))
        .modelsDir(warehouse.resolve("models").toString()).runDate(TRAINING_RUN).execute();
    TrainingOutputs.write(trained, location("models"), location("predictions"), context);
    modelId = trained.days().get(0).modelId();
    registry = ModelRegistry.at(spark, location("models"));
    writeEvaluation(modelId, 0.02, 0.01, 0.03);
    Promotion.on(spark).registry(registry).evaluationsTable(location("evaluations"))
        .run(TrainingRun.resolve(registry, TRAINING_RUN, List.of())).margin(0.0).context(context).execute();
  }

  static synchronized ClosedLoopFixture get() {
    if (instance == null) {
      instance = new ClosedLoopFixture();
    }
    return instance;
  }

  TableLocation location(String name) {
    return new TableLocation(name, warehouse.resolve(name).toString(), TableFormat.DELTA);
  }

  Function<String, TableLocation> locations() {
    return this::location;
  }

  RawLogs logs() {
    return new RawLogs(read("leads"), read("items"), read("stage_events"), read("communications"),
        read("deliveries"));
  }

  Dataset<Row> episodes() {
    return read("episodes");
  }

  Dataset<Row> read(String name) {
    return TableIO.read(spark, location(name));
  }

  RecommendOptions options(String experiments) {
    SuiteConfig c = SuiteConfig.of(ConfigFactory.parseString("recommend.experiments = " + experiments)
        .withFallback(config.config()).resolve());
    return RecommendOptions.fromConfig(c.section("recommend"));
  }

  /**
   * An evaluations table with the metrics promote and recommend read (one model: it is the run's chosen day; its
   * deploy threshold is 0, the raw "CATE > 0" rule).
   */
  void writeEvaluation(String id, double added, double low, double high) {
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(id, "chosen_day_added_value_dr", added, low,
        high), RowFactory.create(id, "chosen_day", 1.0, null, null),
        RowFactory.create(id, "recommended_cate_threshold", 0.0, null, null)), Promotion.EVALUATIONS_REQUIRED);
    rows.write().format("delta").mode("overwrite").save(location("evaluations").path());
  }
}
