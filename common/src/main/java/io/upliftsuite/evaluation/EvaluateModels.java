package io.upliftsuite.evaluation;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.episodes.EpisodeColumns;
import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.registry.RegisteredModel;
import io.upliftsuite.registry.TrainingRun;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate job's one entry point: reads {@code predictions}, evaluates each requested model (all by default) with
 * {@link PredictionsEvaluation}, then — only after every model evaluated without error — writes {@code evaluations}
 * and {@code curves} and the HTML report. The oracle table (simulator) and the episodes table (covariates for the
 * balance check) are used when configured and present.
 */
public final class EvaluateModels {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateModels.class);

  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;
  private final WriteContext context;
  private List<String> modelIds = List.of();
  private LocalDate trainingRunDate;

  private EvaluateModels(SparkSession spark, SuiteConfig config, Tables tables, WriteContext context) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
    this.context = context;
  }

  public static EvaluateModels on(SparkSession spark, SuiteConfig config, Tables tables, WriteContext context) {
    return new EvaluateModels(spark, config, tables, context);
  }

  /** Evaluate only these models (empty = one training run, see {@link #trainingRun}). */
  public EvaluateModels models(List<String> ids) {
    this.modelIds = List.copyOf(ids);
    return this;
  }

  /**
   * Evaluate the models of this training run (by its run date in {@code models}). Default: the latest training run;
   * without a {@code models} table, every model in {@code predictions}, each on its own.
   */
  public EvaluateModels trainingRun(LocalDate runDate) {
    this.trainingRunDate = runDate;
    return this;
  }

  public record Result(List<ModelEvaluation> models, long evaluationRows, long curveRows, String reportPath) {}

  public static EvaluationOptions options(SuiteConfig config) {
    Config c = config.config().getConfig("evaluation");
    return new EvaluationOptions(c.getString("outcome"), c.getInt("bootstrap-replicates"), config.seed(),
        c.getInt("share-steps"), c.getInt("curve-points"), c.getInt("deciles"), c.getInt("calibration-bins"),
        c.getDouble("uplift-at-k"), c.getString("design"), c.getDouble("sleeping-dog-margin"));
  }

  public Result execute() {
    Config c = config.config().getConfig("evaluation");
    EvaluationOptions options = options(config);
    TableLocation predictionsAt = tables.location("predictions");
    Dataset<Row> predictions = TableIO.read(spark, predictionsAt, PredictionsEvaluation.CONTRACT);
    // schema only (metadata, no Spark job); the row rules are checked per model before anything is written
    TableChecks.of("predictions", predictions).hasSchema(PredictionsEvaluation.CONTRACT)
        .hasColumns(PredictionsEvaluation.outcomeColumns(options.outcomeCol()).toArray(String[]::new));
    List<String> present = predictions.select("model_id").distinct().as(Encoders.STRING()).collectAsList()
        .stream().sorted().toList();
    // The unit of evaluation is one training run (one model per decision day), read from the models registry.
    ModelRegistry registry = config.config().hasPath("tables." + ModelRegistry.TABLE)
        ? ModelRegistry.at(spark, tables.location(ModelRegistry.TABLE)) : null;
    List<RegisteredModel> registered = registry != null && registry.exists() ? registry.all() : List.of();
    List<String> ids;
    if (!registered.isEmpty()) {
      ids = TrainingRun.resolve(registry, trainingRunDate, modelIds).modelIds();
    } else if (trainingRunDate != null) {
      throw new InputValidationException(ModelRegistry.TABLE, "run_date", "no models table to find the training run "
          + trainingRunDate + " in (give --model-id instead)", 0);
    } else {
      ids = modelIds.isEmpty() ? present : modelIds;
    }
    for (String id : ids) {
      if (!present.contains(id)) {
        throw new InputValidationException("predictions", "model_id", "no rows for model '" + id
            + "' (models present: " + present + ")", 0);
      }
    }
    if (ids.isEmpty()) {
      throw new InputValidationException("predictions", "*", "the table has no rows", 0);
    }
    Dataset<Row> oracle = optionalTable(c.getString("oracle-table"));
    Dataset<Row> episodes = optionalTable(c.getString("covariates-table"));
    List<ModelEvaluation> results = new ArrayList<>();
    for (String id : ids) {
      PredictionsEvaluation evaluation = PredictionsEvaluation.of(predictions, id).options(options);
      if (oracle != null) {
        evaluation.oracle(oracle);
      }
      if (episodes != null) {
        evaluation.covariates(episodes, numericFeatures(episodes));
      }
      results.add(evaluation.execute());
    }
    // training writes one model per decision day: the day to act on is chosen across the models of each run
    // (models the registry does not know are a run of their own)
    results = DaySelection.byTrainingRun(results, id -> TrainingRun.runDateOf(registered, id)
        .map(d -> "run " + d).orElse("model " + id));
    TableLocation evaluationsAt = tables.location("evaluations");
    TableLocation curvesAt = tables.location("curves");
    EvaluationTables.write(spark, results, evaluationsAt, curvesAt, context);
    String dir = tables.reportsDir() + "/" + c.getString("report-folder") + "/" + context.runDate();
    String report = EvaluationReport.write(results, dir, "Uplift evaluation " + context.runDate() + " ("
        + String.join(", ", ids) + ")", spark.sparkContext().hadoopConfiguration());
    long metrics = results.stream().mapToLong(r -> r.metrics().size()).sum();
    long curves = results.stream().mapToLong(r -> r.curves().size()).sum();
    return new Result(results, metrics, curves, report);
  }

  private Dataset<Row> optionalTable(String name) {
    if (name.isBlank() || !config.config().hasPath("tables." + name)) {
      return null;
    }
    TableLocation at = tables.location(name);
    if (!TableIO.pathExists(spark, at.path())) {
      LOG.info("optional table {} not found at {}: skipped", name, at.path());
      return null;
    }
    return TableIO.read(spark, at);
  }

  static List<String> numericFeatures(Dataset<Row> episodes) {
    List<String> out = new ArrayList<>();
    for (StructField f : episodes.schema().fields()) {
      boolean numeric = f.dataType() instanceof IntegerType || f.dataType() instanceof LongType
          || f.dataType() instanceof DoubleType || f.dataType() instanceof BooleanType;
      if (numeric && !EpisodeColumns.NON_FEATURE_COLUMNS.contains(f.name())) {
        out.add(f.name());
      }
    }
    return out;
  }

}
