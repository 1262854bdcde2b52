package io.upliftsuite.learners;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.scoring.DayScorer;
import io.upliftsuite.selection.UpliftFeatureSelector;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.Lineage;
import io.upliftsuite.spark.RowOrder;
import io.upliftsuite.spark.TableChecks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one uplift model per decision day.
 *
 * <p>ALGORITHM. The driver computes one holdout cutoff for all days (the last {@code holdout-months} of
 * registrations), then trains the days concurrently, each in its own thread and FAIR scheduler pool, so the Spark
 * jobs of different days share the executors instead of queueing. For one day, on its uncensored episodes:
 * <ol>
 *   <li>split into training (registered before the cutoff) and holdout;</li>
 *   <li>encode features (fitted on training rows); fit the propensity model, measure its AUC and calibration on the
 *       holdout; drop training rows with a propensity outside [trim-low, trim-high] and record the share;</li>
 *   <li>rank features with the configured uplift filter and keep the top K;</li>
 *   <li>fit E uplift forests on the kept rows and selected features, seeds {@code seed + 1000·day + e}, averaged;</li>
 *   <li>fit the predictive baseline (GBT of the outcome) on the same rows and features;</li>
 *   <li>save the fitted models under {@code <models dir>/<model_id>/} and score every holdout episode.</li>
 * </ol>
 * The executors do all row work (aggregations, model fits); the driver holds models and per-day summaries only.
 */
public final class DailyModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DailyModelTrainer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String SELECTED_FEATURES = "selected_features";

  private final SparkSession spark;
  private Dataset<Row> episodes;
  private DailyTrainingOptions options;
  private String modelsDir;
  private LocalDate runDate;

  /** What was trained for one day; {@code predictions} has the {@link TrainingTables#PREDICTIONS} schema. */
  public record DayModel(String modelId, int day, long trainingRows, long excludedByPositivity,
      double excludedShare, PropensityModel.Diagnostics propensity, UpliftFeatureSelector.Result selection,
      long holdoutRows, String path, Model<?> uplift, Dataset<Row> predictions) {}

  /** All days, the {@code models} rows and the union of the {@code predictions} rows. */
  public record Result(List<DayModel> days, Timestamp holdoutCutoff, Dataset<Row> models,
      Dataset<Row> predictions) {}

  private DailyModelTrainer(SparkSession spark) {
    this.spark = spark;
  }

  public static DailyModelTrainer on(SparkSession spark) {
    return new DailyModelTrainer(spark);
  }

  /** Episodes in the episodes-table contract (all days; the trainer filters days and censoring). */
  public DailyModelTrainer episodes(Dataset<Row> episodes) {
    this.episodes = episodes;
    return this;
  }

  public DailyModelTrainer options(DailyTrainingOptions options) {
    this.options = options;
    return this;
  }

  /** Folder (path or URI) under which each model's files go, in a sub-folder named by its model_id. */
  public DailyModelTrainer modelsDir(String modelsDir) {
    this.modelsDir = modelsDir;
    return this;
  }

  public DailyModelTrainer runDate(LocalDate runDate) {
    this.runDate = runDate;
    return this;
  }

  /** The id of a day's model in a run: re-running the same run date replaces that model's rows. */
  public static String modelId(int day, LocalDate runDate) {
    return "uplift-d" + day + "-" + runDate;
  }

  public Result execute() {
    if (episodes == null || options == null || modelsDir == null || runDate == null) {
      throw new IllegalStateException("DailyModelTrainer needs episodes, options, modelsDir and runDate");
    }
    validate(episodes, options.outcomeCol());
    FeatureColumns features = FeatureColumns.fromSchema(episodes.schema());
    if (features.isEmpty()) {
      throw new IllegalArgumentException("Invalid input in table 'episodes': no feature columns besides "
          + FeatureColumns.NON_FEATURE_COLUMNS);
    }
    Dataset<Row> usable = episodes
        .where(col("decision_day").isin(options.days().toArray()).and(not(col("censored"))));
    Timestamp cutoff = TemporalSplit.cutoff(usable, "registered_at", options.holdoutMonths());
    LOG.info("training days {} with {} features, holdout = registrations since {}", options.days(),
        features.all().size(), cutoff);
    checkEveryDayHasBothParts(usable, cutoff);

    ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), options.days().size()));
    List<DayModel> days = new ArrayList<>();
    try {
      List<Future<DayModel>> futures = new ArrayList<>();
      for (int day : options.days()) {
        futures.add(pool.submit(() -> {
          // Each day is one FAIR pool: its jobs get a fair share of the executors alongside the other days'.
          spark.sparkContext().setLocalProperty("spark.scheduler.pool", "training-day-" + day);
          try {
            return trainDay(day, usable.where(col("decision_day").equalTo(day)), features, cutoff);
          } finally {
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", null);
          }
        }));
      }
      for (Future<DayModel> f : futures) {
        days.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("training interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("training a day failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
    Dataset<Row> predictions = days.get(0).predictions();
    for (int i = 1; i < days.size(); i++) {
      predictions = predictions.unionByName(days.get(i).predictions());
    }
    return new Result(List.copyOf(days), cutoff, modelsRows(days, cutoff), predictions);
  }

  /** One aggregation: every configured day needs uncensored training and holdout episodes, else nothing is trained. */
  private void checkEveryDayHasBothParts(Dataset<Row> usable, Timestamp cutoff) {
    Map<Integer, long[]> counts = new HashMap<>();
    for (Row r : usable.groupBy("decision_day")
        .agg(sum(when(col("registered_at").lt(cutoff), 1L).otherwise(0L)),
            sum(when(col("registered_at").geq(cutoff), 1L).otherwise(0L)))
        .collectAsList()) {
      counts.put(r.getInt(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    for (int day : options.days()) {
      long[] c = counts.getOrDefault(day, new long[2]);
      if (c[0] == 0 || c[1] == 0) {
        throw new InputValidationException("episodes", "decision_day", "decision day " + day + " has " + c[0]
            + " uncensored training episodes and " + c[1] + " holdout episodes (registered since " + cutoff
            + "); both must be > 0 — check training.days and training.holdout-months", 0);
      }
    }
  }

  /** The episodes contract columns training reads, checked in one pass before anything is trained or written. */
  static void validate(Dataset<Row> episodes, String outcomeCol) {
    TableChecks.of("episodes", episodes)
        .hasSchema(TrainingTables.EPISODES_REQUIRED)
        .notNull("item_id", "decision_day", "registered_at", "action", outcomeCol, "censored")
        .allowedValues("action", List.of(0, 1))
        .allowedValues(outcomeCol, List.of(0, 1))
        .check();
  }

  private DayModel trainDay(int day, Dataset<Row> dayRows, FeatureColumns features, Timestamp cutoff) {
    long start = System.nanoTime();
    String modelId = modelId(day, runDate);
    String outcome = options.outcomeCol();
    TemporalSplit.Parts parts = TemporalSplit.split(dayRows, "registered_at", cutoff);
    // the training rows in an order their keys decide, not the order the episodes' files were listed in
    Dataset<Row> training = RowOrder.byKeys(parts.training(), "item_id", "decision_day");

    // 1-2. encode; propensity: out-of-fold on the training rows (trimming and weights), one model on all training
    // rows for the holdout (diagnostics, predictions) and for scoring new rows; positivity trimming; IPW weights
    FeatureSpace space = FeatureSpace.fit(training, features);
    Dataset<Row> trainEncoded = space.transform(training);
    PropensityModel.Fitted propensity = propensityModel(day).fit(trainEncoded);
    Dataset<Row> trainScored = CrossFittedPropensity.score(propensityModel(day), trainEncoded, "item_id",
            options.propensityFolds(), options.seed() + day)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> holdoutScored = propensity.transform(space.transform(parts.holdout()));
    long holdoutRows = holdoutScored.count();
    PropensityModel.Diagnostics diagnostics =
        PropensityModel.diagnose(holdoutScored, "action", options.calibrationBins());
    PositivityTrimming.Result trimmed =
        PositivityTrimming.apply(trainScored, PropensityModel.PROPENSITY, options.trimLow(), options.trimHigh());
    long trainingRows = trimmed.rows() - trimmed.excluded();
    if (trainingRows == 0) {
      throw new IllegalArgumentException("Invalid input in table 'episodes': decision day " + day
          + " has no training rows left (" + trimmed.rows() + " before trimming, registered before " + cutoff + ")");
    }
    double treatedShare = trimmed.kept().agg(avg(col("action").cast("double"))).first().getDouble(0);
    Dataset<Row> kept = CrossFittedPropensity.withStabilisedWeights(trimmed.kept(), "action",
        PropensityModel.PROPENSITY, treatedShare).persist(StorageLevel.MEMORY_AND_DISK());

    // 3. uplift feature selection, on the re-weighted rows when the learner deconfounds
    List<String> names = space.names();
    UpliftFeatureSelector.Result selection = UpliftFeatureSelector.on(kept)
        .treatmentCol("action").outcomeCol(outcome)
        .weightCol(options.learner().deconfounds() ? CrossFittedPropensity.IPW_WEIGHT : null)
        .features(names, names.stream().map(space::encodedColumn).toList(),
            new HashSet<>(space.columns().categorical()))
        .method(options.selectionMethod()).bins(options.selectionBins()).topK(options.selectionTopK())
        .minArmRows(options.selectionMinArmRows())
        .execute();
    VectorAssembler selected = new VectorAssembler()
        .setInputCols(selection.selected().stream().map(space::encodedColumn).toArray(String[]::new))
        .setOutputCol(SELECTED_FEATURES);
    // the fits below (MLlib GBTs: thousands of small tasks) must not ship the plan that built these rows
    Dataset<Row> keptSelected = Lineage.cut(selected.transform(kept));

    // 4-5. the day's uplift learner and the predictive baseline
    Model<?> uplift = DayLearners.fit(keptSelected, SELECTED_FEATURES, outcome, options, day);
    GBTClassificationModel baseline = new PredictiveBaseline().outcomeCol(outcome).featuresCol(SELECTED_FEATURES)
        .maxIter(options.baselineMaxIter()).maxDepth(options.baselineMaxDepth()).seed(options.seed() + day)
        .fit(keptSelected);

    // 6. model files and holdout predictions
    String path = modelsDir + "/" + modelId;
    save((MLWritable) uplift, path + "/uplift");
    save((MLWritable) propensity.model(), path + "/propensity");
    save(baseline, path + "/baseline");
    save(space.pipeline(), path + "/features");
    saveScorer(path, space, selected, propensity, uplift, options.trimLow(), options.trimHigh());
    Dataset<Row> predictions = predict(modelId, day, outcome, uplift, baseline, selected.transform(holdoutScored),
        options.trimLow(), options.trimHigh());

    kept.unpersist();
    keptSelected.unpersist();
    trainScored.unpersist();
    LOG.info("day {}: {} {} training rows ({} = {}% excluded by positivity), propensity AUC {}, features {}, "
            + "{} holdout rows, {} s", day, options.learner().key(), trainingRows, trimmed.excluded(),
        String.format("%.2f", 100 * trimmed.excludedShare()), String.format("%.3f", diagnostics.auc()),
        selection.selected(), holdoutRows, String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return new DayModel(modelId, day, trainingRows, trimmed.excluded(), trimmed.excludedShare(), diagnostics,
        selection, holdoutRows, path, uplift, predictions);
  }

  private PropensityModel propensityModel(int day) {
    return new PropensityModel().kind(options.propensityModel())
        .maxIter(options.propensityMaxIter()).regParam(options.propensityRegParam())
        .gbtMaxDepth(options.propensityGbtMaxDepth()).seed(options.seed() + day);
  }

  /**
   * The {@code predictions} rows of the holdout. The propensity is clipped into the trimming bounds: training excluded
   * rows outside them, so the holdout's extreme propensities are the model's extrapolation, and a propensity of
   * exactly 0 or 1 would make the evaluation's weights infinite (its input check rejects them).
   */
  private static Dataset<Row> predict(String modelId, int day, String outcome, Model<?> uplift,
      GBTClassificationModel baseline, Dataset<Row> holdout, double trimLow, double trimHigh) {
    Dataset<Row> scored = PredictiveBaseline.score(baseline, uplift.transform(holdout));
    return scored.select(
        lit(modelId).as("model_id"),
        col("item_id"),
        lit(day).as("decision_day"),
        vector_to_array(col("uplift"), "float64").getItem(0).as("cate"),
        greatest(lit(trimLow), least(lit(trimHigh), col(PropensityModel.PROPENSITY))).as("propensity"),
        col(PredictiveBaseline.BASELINE_SCORE).as("baseline_score"),
        col("action").cast("int").as("action"),
        col("outcome_90d").cast("int").as("outcome_90d"),
        col("outcome_14d").cast("int").as("outcome_14d"),
        lit(outcome).as("trained_outcome"));
  }

  private Dataset<Row> modelsRows(List<DayModel> days, Timestamp cutoff) {
    String params;
    try {
      params = JSON.writeValueAsString(options.asParams());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Timestamp trainedAt = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (DayModel d : days) {
      rows.add(RowFactory.create(d.modelId(), d.day(), Date.valueOf(runDate), trainedAt, params,
          d.selection().selected().toArray(String[]::new), d.trainingRows(), d.excludedByPositivity(),
          d.excludedShare(), d.propensity().auc(), d.propensity().calibration().expectedCalibrationError(),
          d.holdoutRows(), cutoff, d.path(), "candidate", "trained", trainedAt));
    }
    return spark.createDataFrame(rows, TrainingTables.MODELS);
  }

  /**
   * Saves the day's scorer (CONVENTIONS item 2) at {@code <model folder>/scorer}: encoders, selected-features
   * assembler, propensity model and the day's uplift model (any Transformer that adds an {@code uplift} vector) as
   * one PipelineModel that maps episodes rows to {@code cate} and {@code propensity}.
   */
  private static void saveScorer(String modelFolder, FeatureSpace space, VectorAssembler selected,
      PropensityModel.Fitted propensity, Transformer upliftModel, double trimLow, double trimHigh) {
    save(DayScorer.assemble(space.columns().numeric(), space.columns().categorical(), space.pipeline(), selected,
        propensity.model(), upliftModel, trimLow, trimHigh), DayScorer.path(modelFolder));
  }

  private static void save(MLWritable model, String path) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model to " + path, e);
    }
  }
}
