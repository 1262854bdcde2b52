package io.upliftsuite.registry;

import static org.apache.spark.sql.functions.col;

import io.upliftsuite.scoring.DayScorer;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The approval step ({@code promote}): for one evaluated training run, the chosen day's model is approved when the
 * lower bound of the 95% interval of its added value (DR, recommended policy minus existing policy, from
 * {@code evaluate}) is above the configured margin; approving it retires the previously approved models. Otherwise
 * nothing is approved and the previously approved model keeps scoring; the candidate records why.
 *
 * <p>A re-run decides the same and changes no row (a change is written only when a status or reason differs).
 */
public final class Promotion {
  static final String CHOSEN_FLAG = "is_chosen_day";
  static final String ADDED_VALUE = "chosen_day_added_value_dr";
  public static final StructType EVALUATIONS_REQUIRED = new StructType()
      .add("model_id", DataTypes.StringType).add("metric", DataTypes.StringType)
      .add("value", DataTypes.DoubleType).add("ci_low", DataTypes.DoubleType).add("ci_high", DataTypes.DoubleType);

  /** What promote decided. */
  public record Result(TrainingRun run, String chosenModelId, int chosenDay, double addedValue, double ciLow,
      double ciHigh, boolean approved, List<String> approvedNow, String reason, int rowsChanged) {}

  private final SparkSession spark;
  private ModelRegistry registry;
  private TableLocation evaluations;
  private TrainingRun run;
  private double margin;
  private WriteContext context;

  private Promotion(SparkSession spark) {
    this.spark = spark;
  }

  public static Promotion on(SparkSession spark) {
    return new Promotion(Objects.requireNonNull(spark, "spark"));
  }

  public Promotion registry(ModelRegistry r) {
    this.registry = r;
    return this;
  }

  public Promotion evaluationsTable(TableLocation t) {
    this.evaluations = t;
    return this;
  }

  public Promotion run(TrainingRun r) {
    this.run = r;
    return this;
  }

  /** Config {@code registry.approval-margin}: the added value's CI lower bound must be above this. */
  public Promotion margin(double m) {
    if (Double.isNaN(m)) {
      throw new IllegalArgumentException("registry.approval-margin must be a number");
    }
    this.margin = m;
    return this;
  }

  public Promotion context(WriteContext c) {
    this.context = c;
    return this;
  }

  public Result execute() {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(evaluations, "evaluations");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(context, "context");
    List<RegisteredModel> all = registry.all();
    Map<String, RegisteredModel> byId = new HashMap<>();
    all.forEach(m -> byId.put(m.modelId(), m));
    for (String id : run.modelIds()) {
      if (!byId.containsKey(id)) {
        throw new InputValidationException(ModelRegistry.TABLE, "model_id", "no model '" + id + "'", 0);
      }
    }

    // 1. the chosen day's model of the run and its added value (as evaluate wrote them)
    Map<String, Map<String, Row>> metrics = metrics();
    String chosen = chooseModel(metrics);
    Row added = metrics.get(chosen).get(ADDED_VALUE);
    if (added == null) {
      throw new InputValidationException(evaluations.name(), "metric", "no '" + ADDED_VALUE + "' row for model '"
          + chosen + "' (evaluate this training run first)", 0);
    }
    double value = added.isNullAt(2) ? Double.NaN : added.getDouble(2);
    double low = added.isNullAt(3) ? Double.NaN : added.getDouble(3);
    double high = added.isNullAt(4) ? Double.NaN : added.getDouble(4);
    RegisteredModel model = byId.get(chosen);

    // 2. the rule
    List<RegisteredModel> previous = all.stream().filter(m -> m.status() == ModelStatus.APPROVED
        && !m.modelId().equals(chosen)).toList();
    String evidence = String.format(Locale.ROOT, "added value (DR) %.4f [%.4f, %.4f] on decision day %d",
        value, low, high, model.decisionDay());
    boolean hasScorer = TableIO.pathExists(spark, DayScorer.path(model.path()));
    boolean clears = !Double.isNaN(low) && low > margin;
    boolean approve = clears && hasScorer;
    String reason;
    List<ModelRegistry.Change> changes = new ArrayList<>();
    if (approve) {
      reason = String.format(Locale.ROOT, "approved: %s, CI lower bound > margin %.4f", evidence, margin);
      change(changes, model, ModelStatus.APPROVED, reason);
      for (RegisteredModel p : previous) {
        change(changes, p, ModelStatus.RETIRED, "retired: superseded by " + chosen);
      }
    } else {
      String why = !hasScorer ? "its folder has no scorer (" + DayScorer.path(model.path())
          + "): retrain it with this version"
          : String.format(Locale.ROOT, "%s, CI lower bound not above margin %.4f", evidence, margin);
      String kept = previous.isEmpty() ? "no model is approved"
          : "the approved model " + previous.stream().map(RegisteredModel::modelId).toList() + " stays";
      reason = "not approved: " + why + "; " + kept;
      // an approved model that no longer clears the bar (re-evaluated) stays approved until a better one replaces it
      change(changes, model, model.status() == ModelStatus.APPROVED ? ModelStatus.APPROVED : ModelStatus.CANDIDATE,
          model.status() == ModelStatus.APPROVED ? model.statusReason() : reason);
    }
    registry.apply(changes, context);
    List<String> approvedNow = approve ? List.of(chosen)
        : previous.stream().map(RegisteredModel::modelId).toList();
    return new Result(run, chosen, model.decisionDay(), value, low, high, approve, approvedNow, reason,
        changes.size());
  }

  /** Records a change only when the status or the reason differs from what is stored. */
  private static void change(List<ModelRegistry.Change> changes, RegisteredModel m, ModelStatus status,
      String reason) {
    if (m.status() == status && Objects.equals(m.statusReason(), reason)) {
      return;
    }
    changes.add(new ModelRegistry.Change(m.modelId(), status, reason,
        m.status() == status ? null : ModelRegistry.now()));
  }

  private Map<String, Map<String, Row>> metrics() {
    Dataset<Row> rows = TableIO.read(spark, evaluations);
    TableChecks.of(evaluations.name(), rows).hasSchema(EVALUATIONS_REQUIRED);
    Map<String, Map<String, Row>> out = new HashMap<>();
    run.modelIds().forEach(id -> out.put(id, new HashMap<>()));
    for (Row r : rows.where(col("model_id").isin(run.modelIds().toArray())
            .and(col("metric").isin(CHOSEN_FLAG, ADDED_VALUE)))
        .select("model_id", "metric", "value", "ci_low", "ci_high").collectAsList()) {
      out.get(r.getString(0)).put(r.getString(1), r);
    }
    return out;
  }

  /** The model flagged {@value #CHOSEN_FLAG} by evaluate's day selection, or the run's only model. */
  private String chooseModel(Map<String, Map<String, Row>> metrics) {
    List<String> flagged = metrics.entrySet().stream()
        .filter(e -> e.getValue().containsKey(CHOSEN_FLAG) && !e.getValue().get(CHOSEN_FLAG).isNullAt(2)
            && e.getValue().get(CHOSEN_FLAG).getDouble(2) == 1.0)
        .map(Map.Entry::getKey).sorted().toList();
    if (flagged.size() == 1) {
      return flagged.get(0);
    }
    if (flagged.isEmpty() && run.modelIds().size() == 1) {
      return run.modelIds().get(0);
    }
    throw new InputValidationException(evaluations.name(), CHOSEN_FLAG, flagged.isEmpty()
        ? "no model of " + run + " is flagged as the chosen day (evaluate the training run first)"
        : "several models of " + run + " are flagged as the chosen day: " + flagged, flagged.size());
  }
}
