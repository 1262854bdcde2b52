package io.upliftsuite.experiment;

import static org.apache.spark.sql.functions.col;

import io.upliftsuite.episodes.DecisionPoints;
import io.upliftsuite.episodes.EpisodeFeatures;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.explain.PolicySurrogate;
import io.upliftsuite.recommend.RecommendationPolicy;
import io.upliftsuite.recommend.Recommendations;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment-report action: the readout of one experiment from its rows of {@code recommendations} and the raw
 * logs, the explanation of the policy it tested, both tables and the HTML report.
 *
 * <p>Steps: (1) validate the recommendations (contract) and the raw logs; (2) the assigned items at their entry
 * decision point, labelled by the episodes code, and their counts per arm and recommendation
 * ({@link ExperimentAnalysis}); (3) the statistics ({@link ExperimentReadout}); (4) the surrogate tree
 * ({@link PolicySurrogate}) fitted to the experiment's recommendations from the decision points' features, rebuilt
 * by the same code that built them ({@link DecisionPoints}); (5) {@code experiment_results} and {@code policy_rules}
 * replaced for the experiment and report date, then the report. Nothing is written when a step fails.
 */
public final class AnalyseExperiment {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyseExperiment.class);

  /** The surrogate's settings (config section {@code explain}). */
  public record ExplainOptions(int maxDepth, int minInstancesPerNode, double holdoutShare, long seed) {}

  /** What was computed and written. */
  public record Result(List<ResultRow> rows, List<ArmCounts> counts, PolicySurrogate.Result surrogate,
      String reportPath, double srmPValue, List<String> modelIds) {}

  private final SparkSession spark;
  private Experiment experiment;
  private Dataset<Row> recommendations;
  private RawLogs logs;
  private EpisodeOptions episodeOptions;
  private Dataset<Row> truth;
  private double confidence = 0.95;
  private ExplainOptions explain = new ExplainOptions(3, 20, 0.3, 42);
  private TableLocation resultsTable;
  private TableLocation rulesTable;
  private String reportDir;
  private WriteContext context;

  private AnalyseExperiment(SparkSession spark) {
    this.spark = spark;
  }

  public static AnalyseExperiment on(SparkSession spark) {
    return new AnalyseExperiment(Objects.requireNonNull(spark, "spark"));
  }

  public AnalyseExperiment experiment(Experiment e) {
    this.experiment = e;
    return this;
  }

  public AnalyseExperiment recommendations(Dataset<Row> r) {
    this.recommendations = r;
    return this;
  }

  public AnalyseExperiment logs(RawLogs l) {
    this.logs = l;
    return this;
  }

  public AnalyseExperiment episodeOptions(EpisodeOptions o) {
    this.episodeOptions = o;
    return this;
  }

  /** Optional: the simulator's per-item true effects (item_id, true_effect_14d, true_effect_90d). */
  public AnalyseExperiment truth(Dataset<Row> t) {
    this.truth = t;
    return this;
  }

  public AnalyseExperiment confidence(double c) {
    if (!(c > 0 && c < 1)) {
      throw new IllegalArgumentException("Config key 'experiment-report.confidence' = " + c + ": must be in (0, 1)");
    }
    this.confidence = c;
    return this;
  }

  public AnalyseExperiment explain(ExplainOptions o) {
    this.explain = o;
    return this;
  }

  public AnalyseExperiment tables(TableLocation results, TableLocation rules) {
    this.resultsTable = results;
    this.rulesTable = rules;
    return this;
  }

  /** The folder of the HTML report. */
  public AnalyseExperiment reportDir(String dir) {
    this.reportDir = dir;
    return this;
  }

  public AnalyseExperiment context(WriteContext c) {
    this.context = c;
    return this;
  }

  static final StructType TRUTH_REQUIRED = new StructType().add("item_id", DataTypes.StringType)
      .add("true_effect_14d", DataTypes.DoubleType).add("true_effect_90d", DataTypes.DoubleType);

  public Result execute() {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(recommendations, "recommendations");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(episodeOptions, "episodeOptions");
    Objects.requireNonNull(resultsTable, "tables");
    Objects.requireNonNull(reportDir, "reportDir");
    Objects.requireNonNull(context, "context");
    TableChecks.of(Recommendations.TABLE, recommendations).hasSchema(Recommendations.SCHEMA);
    if (truth != null) {
      TableChecks.of("experiment truth", truth).hasSchema(TRUTH_REQUIRED);
    }
    logs.validate();
    long dataEndMicros = episodeOptions.dataEnd()
        .map(t -> ChronoUnit.MICROS.between(Instant.EPOCH, t)).orElseGet(logs::latestTimestampMicros);
    Instant dataEnd = Instant.EPOCH.plus(dataEndMicros, ChronoUnit.MICROS);
    Dataset<Row> experimentRows = recommendations.where(col("experiment_id").equalTo(experiment.id()));

    // 1-3. the readout
    Dataset<Row> entries = ExperimentAnalysis.entries(experimentRows, experiment);
    Dataset<Row> items = ExperimentAnalysis.items(entries, logs, episodeOptions, dataEndMicros, experiment, truth)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<ArmCounts> counts = ExperimentAnalysis.counts(items, truth != null);
      if (counts.isEmpty()) {
        throw new InputValidationException(Recommendations.TABLE, "arm", "no item is assigned to an arm of "
            + "experiment '" + experiment.id() + "' (run recommend over its window " + experiment.start() + " .. "
            + experiment.end() + ")", 0);
      }
      List<ResultRow> rows = new ArrayList<>(ExperimentReadout.of(experiment, counts, confidence,
          episodeOptions.shortOutcomeWindowDays(), episodeOptions.outcomeWindowDays(), dataEnd.toString()));
      List<String> modelIds = experimentRows.select("model_id").distinct().as(Encoders.STRING()).collectAsList()
          .stream().sorted().toList();

      // 4. the policy explanation
      PolicySurrogate.Result surrogate = explainPolicy(experimentRows, dataEnd);
      if (surrogate != null) {
        ExperimentStatistics.Rate fidelity = ExperimentStatistics.wilson(surrogate.holdoutAgreements(),
            surrogate.holdoutRows(), confidence);
        rows.add(new ResultRow("policy", "surrogate_fidelity_holdout", ResultRow.COMPARISON, fidelity.rate(),
            fidelity.low(), fidelity.high(), surrogate.holdoutRows(), "agreement of the depth-" + surrogate.depth()
                + " tree with the recommendations on held-out items"));
        rows.add(new ResultRow("policy", "surrogate_majority_baseline", ResultRow.COMPARISON,
            surrogate.majorityBaseline(), Double.NaN, Double.NaN, surrogate.holdoutRows(),
            "agreement of the constant rule (the more frequent recommendation)"));
        rows.add(new ResultRow("policy", "surrogate_training_accuracy", ResultRow.COMPARISON,
            surrogate.trainingAccuracy(), Double.NaN, Double.NaN, surrogate.trainingRows(), null));
      }

      // 5. tables, then the report
      ExperimentTables.write(spark, experiment.id(), context.runDate(), rows, String.join(",", modelIds),
          surrogate == null ? List.of() : surrogate.rules(), resultsTable, rulesTable, context);
      ExperimentReport.Context ctx = new ExperimentReport.Context(experiment, context.runDate().toString(),
          dataEnd.toString(), modelIds, episodeOptions.shortOutcomeWindowDays(), episodeOptions.outcomeWindowDays(),
          confidence, surrogate);
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      String report = ExperimentReport.write(rows, ctx, reportDir, hadoop);
      double srm = rows.stream().filter(r -> r.segment().equals(ExperimentAnalysis.ALL)
          && r.metric().equals("srm_p_value")).mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
      LOG.info("experiment-report: {}: {} result rows, SRM p = {}, report {}", experiment.id(), rows.size(), srm,
          report);
      return new Result(rows, counts, surrogate, report, srm, modelIds);
    } finally {
      items.unpersist();
    }
  }

  /** Fits the surrogate to every decision point of the experiment (both arms, excluded ones too: the policy). */
  private PolicySurrogate.Result explainPolicy(Dataset<Row> experimentRows, Instant dataEnd) {
    List<Integer> days = experimentRows.select("decision_day").distinct().as(Encoders.INT()).collectAsList()
        .stream().sorted().toList();
    if (days.isEmpty()) {
      return null;
    }
    LocalDate last = experiment.end();
    LocalDate dataEndDate = dataEnd.atZone(ZoneOffset.UTC).toLocalDate();
    if (dataEndDate.isBefore(last)) {
      last = dataEndDate;
    }
    if (last.isBefore(experiment.start())) {
      return null;
    }
    Dataset<Row> points = DecisionPoints.open(logs, episodeOptions, days, experiment.start(), last);
    Dataset<Row> decisions = experimentRows.select(col("run_date").as("_d"), col("item_id").as("_i"),
        col("decision_day").as("_day"), col(RecommendationPolicy.RECOMMENDATION));
    Dataset<Row> rows = points.join(decisions, col("run_date").equalTo(col("_d"))
            .and(col("item_id").equalTo(col("_i"))).and(col("decision_day").equalTo(col("_day"))))
        .drop("_d", "_i", "_day");
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      (f.type().sameType(DataTypes.StringType) ? categorical : numeric).add(f.name());
    }
    return PolicySurrogate.of(rows).features(numeric, categorical).maxDepth(explain.maxDepth())
        .minInstancesPerNode(explain.minInstancesPerNode()).holdoutShare(explain.holdoutShare())
        .seed(explain.seed()).fit();
  }
}
