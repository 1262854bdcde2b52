package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.episodes.DecisionPoints;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.experiment.Experiment;
import io.upliftsuite.experiment.ExperimentAssignment;
import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.registry.RegisteredModel;
import io.upliftsuite.scoring.DayScorer;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommend action: the decision points that open at 9 AM (business zone) of a run date for the approved decision
 * day(s), scored by each day's approved model, the policy applied, experiment arms assigned, and the run date's rows of
 * {@code recommendations} replaced.
 *
 * <p>Steps: (1) the approved models from the registry (one per decision day; none is an error); (2) validate the raw
 * logs; (3) the open decision points of those days on the run date(s), built by the episodes code
 * ({@link DecisionPoints}); (4) per day, that day's scorer ({@link DayScorer}); (5) the policy
 * ({@link RecommendationPolicy}); (6) experiments ({@link ExperimentAssignment}); (7) one aggregation for the summary
 * and the sanity check (every CATE finite), then one replaceWhere of the run dates. A range of run dates (a backfill,
 * or replaying an experiment window on the simulator) is built in one pass; each date's rows are what a run on that
 * date alone writes.
 */
public final class Recommend {
  private static final Logger LOG = LoggerFactory.getLogger(Recommend.class);
  private static final String THRESHOLD = "__threshold";

  /** Counts per run of the action. */
  public record Result(LocalDate from, LocalDate to, Map<Integer, String> approvedByDay, long rows, long contact,
      long delivered, Map<String, Long> byArm) {}

  private final SparkSession spark;
  private RawLogs logs;
  private EpisodeOptions episodeOptions;
  private ModelRegistry registry;
  private RecommendOptions options;
  private Function<String, Dataset<Row>> rosters;
  private LocalDate from;
  private LocalDate to;
  private TableLocation table;
  private TableLocation evaluations;
  private Map<String, Double> thresholds;
  private WriteContext context;

  private Recommend(SparkSession spark) {
    this.spark = spark;
  }

  public static Recommend on(SparkSession spark) {
    return new Recommend(Objects.requireNonNull(spark, "spark"));
  }

  public Recommend logs(RawLogs l) {
    this.logs = l;
    return this;
  }

  public Recommend episodeOptions(EpisodeOptions o) {
    this.episodeOptions = o;
    return this;
  }

  public Recommend registry(ModelRegistry r) {
    this.registry = r;
    return this;
  }

  public Recommend options(RecommendOptions o) {
    this.options = o;
    return this;
  }

  /** How to read an experiment's AE roster table by its logical name (only called when one is configured). */
  public Recommend rosters(Function<String, Dataset<Row>> reader) {
    this.rosters = reader;
    return this;
  }

  /** The run dates {@code first} .. {@code last} (inclusive); one date for the daily run. */
  public Recommend dates(LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("--until " + last + " is before --run-date " + first);
    }
    this.from = first;
    this.to = last;
    return this;
  }

  public Recommend table(TableLocation t) {
    this.table = t;
    return this;
  }

  /** The evaluations table: with recommend.threshold = "evaluated", each approved model's threshold comes from it. */
  public Recommend evaluations(TableLocation t) {
    this.evaluations = t;
    return this;
  }

  public Recommend context(WriteContext c) {
    this.context = c;
    return this;
  }

  /** The scored decision points with the policy and experiments applied (lazy), in the table's schema. */
  public Dataset<Row> build(Map<Integer, RegisteredModel> approved) {
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(episodeOptions, "episodeOptions");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(from, "dates");
    List<Integer> days = List.copyOf(approved.keySet());
    Dataset<Row> points = DecisionPoints.open(logs, episodeOptions, days, from, to);
    Map<String, Double> byModel = thresholds(approved);
    Dataset<Row> scored = null;
    for (RegisteredModel m : approved.values()) {
      Dataset<Row> day = DayScorer.load(m.path()).transform(points.where(col("decision_day").equalTo(m.decisionDay())))
          .withColumn("model_id", lit(m.modelId()))
          .withColumn(THRESHOLD, lit(byModel.get(m.modelId())));
      scored = scored == null ? day : scored.unionByName(day);
    }
    Dataset<Row> decided = RecommendationPolicy.apply(scored, col(THRESHOLD), options.dailyCapacity());
    Map<String, Dataset<Row>> rosterRows = new HashMap<>();
    for (Experiment e : options.experiments()) {
      if (e.hasRoster()) {
        Dataset<Row> roster = Objects.requireNonNull(rosters, "rosters").apply(e.aeRosterTable());
        ExperimentAssignment.validateRoster(e.aeRosterTable(), roster);
        rosterRows.put(e.id(), roster);
      }
    }
    Dataset<Row> assigned = ExperimentAssignment.assign(decided, options.experiments(), rosterRows);
    List<Column> cols = new ArrayList<>();
    for (String c : Recommendations.SCHEMA.fieldNames()) {
      cols.add(col(c).cast(Recommendations.SCHEMA.apply(c).dataType()));
    }
    return assigned.select(cols.toArray(Column[]::new));
  }

  /** Each approved model's threshold: the configured number, or the one its evaluation chose (read once). */
  private Map<String, Double> thresholds(Map<Integer, RegisteredModel> approved) {
    if (thresholds != null) {
      return thresholds;
    }
    List<String> ids = approved.values().stream().map(RegisteredModel::modelId).toList();
    Map<String, Double> out = new java.util.TreeMap<>();
    if (options.evaluatedThreshold()) {
      if (evaluations == null) {
        throw new IllegalStateException("recommend.threshold = \"evaluated\" needs the evaluations table");
      }
      out.putAll(EvaluatedThresholds.read(spark, evaluations, ids));
    } else {
      ids.forEach(id -> out.put(id, options.threshold()));
    }
    LOG.info("recommend: contact when CATE > threshold; thresholds by model {}{}", out,
        options.evaluatedThreshold() ? " (from evaluate's " + EvaluatedThresholds.METRIC + ")" : " (configured)");
    thresholds = out;
    return out;
  }

  public Result execute() {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(context, "context");
    Map<Integer, RegisteredModel> approved = new TreeMap<>(registry.approvedByDay());
    if (approved.isEmpty()) {
      throw new InputValidationException(ModelRegistry.TABLE, ModelRegistry.STATUS, "no approved model: run "
          + "evaluate and promote on a training run first (promote approves a model whose added value clears "
          + "registry.approval-margin)", 0);
    }
    logs.validate();
    Dataset<Row> rows = build(approved).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row summary = rows.agg(count(lit(1)), sum(when(col("recommendation").equalTo(RecommendationPolicy.CONTACT), 1L)
              .otherwise(0L)), sum(when(col("deliver"), 1L).otherwise(0L)),
          sum(when(col("cate").isNaN(), 1L).otherwise(0L))).first();
      long n = summary.getLong(0);
      long contact = n == 0 ? 0 : summary.getLong(1);
      long delivered = n == 0 ? 0 : summary.getLong(2);
      if (n > 0 && summary.getLong(3) > 0) {
        throw new IllegalStateException("The approved model(s) " + approved.values().stream()
            .map(RegisteredModel::modelId).toList() + " scored " + summary.getLong(3) + " decision points with a NaN "
            + "CATE; nothing was written");
      }
      Map<String, Long> byArm = new TreeMap<>();
      for (Row r : rows.where(col("experiment_id").isNotNull())
          .groupBy(col("experiment_id"), col("arm"), col("excluded_reason")).count().collectAsList()) {
        String key = r.getString(0) + "/" + (r.isNullAt(1) ? "excluded:" + r.getString(2) : r.getString(1));
        byArm.merge(key, r.getLong(3), Long::sum);
      }
      DeltaTables.replaceWhere(rows, table, "run_date >= '" + from + "' AND run_date <= '" + to + "'", List.of(),
          context);
      Map<Integer, String> models = new TreeMap<>();
      approved.forEach((d, m) -> models.put(d, m.modelId()));
      LOG.info("recommend: {} .. {}: {} decision points, {} contact, {} delivered; models {}; experiments {}", from,
          to, n, contact, delivered, models, byArm);
      return new Result(from, to, models, n, contact, delivered, byArm);
    } finally {
      rows.unpersist();
    }
  }
}
