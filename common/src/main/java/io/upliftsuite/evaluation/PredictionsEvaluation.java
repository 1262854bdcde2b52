package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates one model's rows of the {@code predictions} table: ranking metrics (Qini, AUUC, uplift@k, deciles),
 * calibration, off-policy value of threshold policies by CATE, by a random order and by the predictive baseline, the
 * existing, contact-all, contact-none and the calibrated policy (calibrated CATE &gt; 0, {@link CalibratedPolicy}),
 * the skill verdict ({@link ModelSkill}), the recommended policy (the calibrated one when skill is shown, else
 * contact-all, or contact-none when contact is shown to hurt on average), its added value per decision day,
 * diagnostics, and — when the oracle table of the
 * simulator is given — each policy's true value beside its estimate and the model against the truth
 * ({@link OracleComparison}).
 *
 * <p>Steps (each a distributed aggregation; the driver holds only aggregates):
 * <ol>
 *   <li>validate the rows (contract schema, non-null, action in {0,1}, 0 &lt; propensity &lt; 1);</li>
 *   <li>ranking metrics of {@code cate} and of {@code baseline_score} ({@link UpliftMetrics});</li>
 *   <li>calibration by CATE bins ({@link CateCalibration});</li>
 *   <li>thresholds for each share (approximate quantiles), then one {@link OffPolicyEvaluation} over all policies
 *       and a second one per decision day for the recommended vs existing policy;</li>
 *   <li>true values from the oracle (one aggregation over the join), SMD balance for randomised data.</li>
 * </ol>
 */
public final class PredictionsEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionsEvaluation.class);
  public static final String TABLE = "predictions";
  static final String CONTACT_ALL = "contact_all";
  static final String CONTACT_NONE = "contact_none";
  static final String CATE_POSITIVE = "cate_positive";
  /** The calibrated targeting policy ({@link CalibratedPolicy}); recommended only when the model shows skill. */
  static final String CALIBRATED = "calibrated";
  public static final StructType CONTRACT = new StructType()
      .add("model_id", DataTypes.StringType).add("item_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType).add("cate", DataTypes.DoubleType)
      .add("propensity", DataTypes.DoubleType).add("baseline_score", DataTypes.DoubleType)
      .add("action", DataTypes.IntegerType);
  private static final scala.collection.immutable.Seq<String> KEYS =
      scala.jdk.javaapi.CollectionConverters.asScala(List.of("item_id", "decision_day")).toList();

  private final Dataset<Row> predictions;
  private final String modelId;
  private EvaluationOptions options = EvaluationOptions.defaults();
  private Dataset<Row> oracle;
  private Dataset<Row> covariates;
  private List<String> covariateColumns = List.of();

  private PredictionsEvaluation(Dataset<Row> predictions, String modelId) {
    this.predictions = predictions;
    this.modelId = modelId;
  }

  /** @param predictions the predictions table (any number of models); only {@code modelId}'s rows are used */
  public static PredictionsEvaluation of(Dataset<Row> predictions, String modelId) {
    return new PredictionsEvaluation(predictions, modelId);
  }

  public PredictionsEvaluation options(EvaluationOptions o) {
    this.options = o;
    return this;
  }

  /** The simulator's {@code oracle_episodes} (item_id, decision_day, p_delivery_90d_contact, ..._no_contact). */
  public PredictionsEvaluation oracle(Dataset<Row> o) {
    this.oracle = o;
    return this;
  }

  /** Rows keyed by (item_id, decision_day) with numeric covariates, for the balance check on randomised data. */
  public PredictionsEvaluation covariates(Dataset<Row> rows, List<String> columns) {
    this.covariates = rows;
    this.covariateColumns = List.copyOf(columns);
    return this;
  }

  /** Validates the contract and rules of the predictions table; throws {@link InputValidationException}. */
  public static void validate(Dataset<Row> predictions, String outcomeCol) {
    TableChecks.of(TABLE, predictions).hasSchema(CONTRACT).hasColumns(outcomeCol)
        .notNull("item_id", "decision_day", "cate", "propensity", "baseline_score", "action", outcomeCol)
        .allowedValues("action", List.of(0, 1))
        .rule("propensity", "propensity must be strictly between 0 and 1",
            col("propensity").leq(0).or(col("propensity").geq(1)))
        .rule("cate", "cate must be finite", col("cate").isNaN())
        .check();
  }

  /** The outcome setting that means "the outcome each model was trained on" ({@code predictions.trained_outcome}). */
  public static final String TRAINED_OUTCOME = "trained";

  /**
   * The predictions columns an outcome setting needs beyond the base contract. "trained" needs none: a table written
   * before {@code trained_outcome} existed was always trained on, and labelled with, {@code outcome_90d}.
   */
  public static List<String> outcomeColumns(String outcomeSetting) {
    return outcomeSetting.equals(TRAINED_OUTCOME) ? List.of() : List.of(outcomeSetting);
  }

  public ModelEvaluation execute() {
    Dataset<Row> rows = predictions.where(col("model_id").equalTo(modelId));
    String y = options.outcomeCol().equals(TRAINED_OUTCOME) ? trainedOutcome(rows) : options.outcomeCol();
    validate(rows, y);
    options = options.withOutcome(y);
    Dataset<Row> data = rows
        .withColumn("row_seed", xxhash64(col("item_id"), col("decision_day"), lit(options.seed())))
        .withColumn("mu1", OutcomeModel.mu1("baseline_score", "cate", "propensity"))
        .withColumn("mu0", OutcomeModel.mu0("baseline_score", "cate", "propensity"))
        .withColumn("psi", aipwPseudoOutcome("action", y, "propensity", "mu1", "mu0"))
        .cache();
    try {
      return evaluate(data, y);
    } finally {
      data.unpersist();
    }
  }

  /** ψ = μ1 − μ0 + a(y − μ1)/e − (1 − a)(y − μ0)/(1 − e): its mean given x is the true CATE when e or μ is right. */
  static Column aipwPseudoOutcome(String action, String outcome, String propensity, String mu1, String mu0) {
    Column a = col(action).cast("double");
    Column yv = col(outcome).cast("double");
    Column e = col(propensity).cast("double");
    return col(mu1).minus(col(mu0))
        .plus(a.multiply(yv.minus(col(mu1))).divide(e))
        .minus(lit(1.0).minus(a).multiply(yv.minus(col(mu0))).divide(lit(1.0).minus(e)));
  }

  /** The one outcome the model learned, from {@code trained_outcome}; a model with none or several fails. */
  private String trainedOutcome(Dataset<Row> rows) {
    if (!rows.schema().getFieldIndex("trained_outcome").isDefined()) {
      LOG.warn("model {}: predictions have no trained_outcome column (written before it existed, when every model "
          + "was trained on outcome_90d): evaluating outcome_90d", modelId);
      return "outcome_90d";
    }
    List<String> named = rows.select("trained_outcome").distinct().as(Encoders.STRING()).collectAsList();
    if (named.size() != 1 || named.get(0) == null || !rows.schema().getFieldIndex(named.get(0)).isDefined()) {
      throw new InputValidationException(TABLE, "trained_outcome", "model '" + modelId
          + "' must name exactly one outcome column of the table, got " + named
          + " (or set evaluation.outcome = outcome_90d / outcome_14d)", 0);
    }
    return named.get(0);
  }

  private ModelEvaluation evaluate(Dataset<Row> data, String y) {
    List<MetricRow> metrics = new ArrayList<>();
    List<CurveRow> curves = new ArrayList<>();
    Row design = data.agg(min("propensity"), max("propensity")).first();
    if (design.isNullAt(0)) {
      throw new InputValidationException(TABLE, "model_id", "has no row for model '" + modelId + "'", 0);
    }
    boolean randomised = switch (options.design()) {
      case "randomised" -> true;
      case "observational" -> false;
      default -> design.getDouble(1) - design.getDouble(0) < 1e-12;
    };
    metrics.add(MetricRow.of("randomised_design", randomised ? 1 : 0));

    long t0 = System.nanoTime();
    // 1. ranking metrics of the CATE and of the predictive baseline
    UpliftMetricsResult up = uplift(data, "cate", y);
    addRanking(metrics, curves, up, "");
    metrics.add(MetricRow.of("rows", up.n()));
    metrics.add(MetricRow.of("rows_contacted", up.nTreated()));
    metrics.add(MetricRow.of("outcome_rate_contacted", up.rateTreated()));
    metrics.add(MetricRow.of("outcome_rate_not_contacted", up.rateControl()));
    metrics.add(MetricRow.of("sleeping_dogs", up.sleepingDogs(options.sleepingDogMargin()) ? 1 : 0));
    SleepingDogDiagnostic.Result dogs = SleepingDogDiagnostic.of(up.deciles(), options.sleepingDogMargin());
    metrics.add(MetricRow.of("sleeping_dog_deciles", dogs.sleepingDogDeciles().size()));
    metrics.add(MetricRow.of("two_step_applies", dogs.twoStepApplies() ? 1 : 0));
    metrics.add(MetricRow.of("qini_peak_share", up.maxQiniShare()));
    metrics.add(MetricRow.of("qini_peak_over_overall", up.qiniAtN() == 0 ? Double.NaN : up.maxQini() / up.qiniAtN()));
    for (DecileRow d : up.deciles()) {
      curves.add(CurveRow.of("decile_uplift", d.bin(), d.uplift()));
      curves.add(CurveRow.of("decile_rate_contacted", d.bin(), d.rateTreated()));
      curves.add(CurveRow.of("decile_rate_not_contacted", d.bin(), d.rateControl()));
      curves.add(CurveRow.of("decile_rows_contacted", d.bin(), d.nTreated()));
      curves.add(CurveRow.of("decile_rows_not_contacted", d.bin(), d.nControl()));
    }
    UpliftMetricsResult baselineUp = uplift(data, "baseline_score", y);
    addRanking(metrics, curves, baselineUp, "baseline_");
    double auc = new BinaryClassificationEvaluator().setLabelCol("__label").setRawPredictionCol("baseline_score")
        .setMetricName("areaUnderROC").setNumBins(0)
        .evaluate(data.withColumn("__label", col(y).cast("double")));
    metrics.add(MetricRow.of("baseline_roc_auc", auc));

    t0 = timed("ranking metrics", t0);
    // 2. calibration
    CalibrationResult cal = CateCalibration.of(data).columns("cate", "action", y, "propensity", "mu1", "mu0")
        .bins(options.calibrationBins()).randomised(randomised).execute();
    metrics.add(MetricRow.of("calibration_slope", cal.slope()));
    for (CalibrationBin b : cal.bins()) {
      curves.add(CurveRow.of("calibration", b.meanPredicted(), b.realised()));
    }

    t0 = timed("calibration", t0);
    // 3. off-policy evaluation of all policies in one aggregation
    List<Policy> policies = new ArrayList<>();
    int steps = options.shareSteps();
    double[] shares = new double[steps + 1];
    for (int j = 0; j <= steps; j++) {
      shares[j] = (double) j / steps;
    }
    policies.addAll(thresholdPolicies(data, "cate", shares));
    policies.addAll(thresholdPolicies(data, "baseline_score", shares));
    for (double s : shares) {
      policies.add(new Policy("random@" + s, lit(s)));
    }
    // the targeting candidate: contact iff the calibrated CATE (cross-fitted over two halves) is positive
    CalibratedPolicy.Result calibrated = CalibratedPolicy.fit(data, "cate", "psi", "row_seed");
    metrics.add(MetricRow.of("policy_calibration_intercept", calibrated.all().intercept()));
    metrics.add(MetricRow.of("policy_calibration_slope", calibrated.all().slope()));
    Policy targeted = new Policy(CALIBRATED, calibrated.contact());
    Policy catePositive = new Policy(CATE_POSITIVE, when(col("cate").gt(0), 1.0).otherwise(0.0));
    policies.add(catePositive);
    Policy existing = new Policy("existing", col("propensity"));
    // the uniform policies every targeting policy must beat: a policy that wins only by contacting everyone has
    // learned nothing about whom to contact
    Policy contactAll = new Policy(CONTACT_ALL, lit(1.0));
    Policy contactNone = new Policy(CONTACT_NONE, lit(0.0));
    policies.add(contactAll);
    policies.add(contactNone);
    policies.add(targeted);
    policies.add(existing);
    OffPolicyResult ope = OffPolicyEvaluation.of(data).columns("action", y, "propensity", "mu1", "mu0")
        .replicates(options.bootstrapReplicates()).policies(policies).execute();
    double[] contactShares = policies.stream().mapToDouble(x -> ope.shareContacted(x.name(), 0)).toArray();
    Dataset<Row> withTruth = oracle == null ? null : joinOracle(data);
    double[] truth = withTruth == null ? null : trueValues(withTruth, policies);
    for (int p = 0; p < policies.size(); p++) {
      String name = policies.get(p).name();
      String family = name.contains("@") ? name.substring(0, name.indexOf('@')) : null;
      for (OpeEstimator est : OpeEstimator.values()) {
        Interval v = ope.estimate(name, est);
        if (family != null) {
          curves.add(CurveRow.of("ope_" + family + "_" + est.label(), contactShares[p], v));
        } else {
          metrics.add(MetricRow.of(name + "_value_" + est.label(), v));
        }
      }
      if (family != null && truth != null) {
        curves.add(CurveRow.of("ope_" + family + "_true", contactShares[p], truth[p]));
      }
      if (family == null && truth != null) {
        metrics.add(MetricRow.of(name + "_value_true", truth[p]));
      }
    }
    // ranking skill: the mean gap between the CATE-ordered and the random-order policy over the interior shares
    List<String> cateShares = new ArrayList<>();
    List<String> randomShares = new ArrayList<>();
    for (int j = 1; j < steps; j++) {
      cateShares.add("cate@" + shares[j]);
      randomShares.add("random@" + shares[j]);
    }
    Interval rankingGain = cateShares.isEmpty() ? new Interval(Double.NaN, Double.NaN, Double.NaN)
        : ope.meanContrast(cateShares, randomShares, OpeEstimator.DR, 0);
    metrics.add(MetricRow.of("ranking_gain_dr", rankingGain));
    ModelSkill skill = ModelSkill.of(rankingGain, cal.slope());
    metrics.add(MetricRow.of("skill", skill.shown() ? 1 : 0));
    // The recommended policy: the calibrated targeting only when the model shows skill. Without it, a targeting
    // policy is noise around a uniform one and, where contact helps almost everyone, loses to contacting everyone;
    // the recommendation is then uniform: contact everyone, unless the DR interval of (contact-all − contact-none)
    // lies below 0. Asymmetric on purpose: the business already contacts, and stopping every contact is the drastic
    // change that needs evidence — a point estimate on a few hundred rows flips sign by noise (run-local's day 2).
    Policy chosen = skill.shown() ? targeted
        : ope.contrast(CONTACT_ALL, CONTACT_NONE, OpeEstimator.DR, 0).high() < 0 ? contactNone : contactAll;
    String recommendedName = chosen.name();
    int rec = policies.indexOf(chosen);
    Policy recommended = new Policy("recommended", chosen.contactProbability());
    metrics.add(MetricRow.of("recommended_targets", skill.shown() ? 1 : 0));
    metrics.add(MetricRow.of("recommended_cate_threshold", skill.shown() ? calibrated.deployThreshold()
        : chosen == contactAll ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY));
    for (OpeEstimator est : OpeEstimator.values()) {
      metrics.add(MetricRow.of("recommended_value_" + est.label(), ope.estimate(recommendedName, est)));
    }
    if (truth != null) {
      metrics.add(MetricRow.of("recommended_value_true", truth[rec]));
    }
    metrics.add(MetricRow.of("recommended_share_contacted", contactShares[rec]));
    metrics.add(MetricRow.of("existing_share_contacted", contactShares[policies.indexOf(existing)]));
    for (OpeEstimator est : OpeEstimator.values()) {
      metrics.add(MetricRow.of("recommended_added_value_" + est.label(),
          ope.contrast(recommendedName, "existing", est, 0)));
    }
    for (OpeEstimator est : OpeEstimator.values()) {
      metrics.add(MetricRow.of("recommended_over_contact_all_" + est.label(),
          ope.contrast(recommendedName, CONTACT_ALL, est, 0)));
    }
    if (truth != null) {
      metrics.add(MetricRow.of("recommended_added_value_true", truth[rec] - truth[policies.indexOf(existing)]));
      metrics.add(MetricRow.of("recommended_over_contact_all_true", truth[rec] - truth[policies.indexOf(contactAll)]));
      metrics.add(MetricRow.of("cate_positive_over_contact_all_true",
          truth[policies.indexOf(catePositive)] - truth[policies.indexOf(contactAll)]));
      metrics.addAll(OracleComparison.of(withTruth.withColumn("__recommended", recommended.contactProbability()),
          "cate", "__recommended", "action", "__p1", "__p0").metrics());
    }

    t0 = timed("off-policy evaluation", t0);
    // 4. day selection: added value of the recommended policy over the existing one, per decision day
    daySelection(data, y, recommended, existing, metrics, curves);

    t0 = timed("day selection", t0);
    // 5. balance of covariates (randomised data only: observational data is imbalanced by design)
    if (randomised && covariates != null && !covariateColumns.isEmpty()) {
      Dataset<Row> joined = data.select("item_id", "decision_day", "action")
          .join(covariates, KEYS);
      Map<String, Double> smd = CovariateBalance.smd(joined, "action", covariateColumns);
      double worst = 0;
      for (Map.Entry<String, Double> e : smd.entrySet()) {
        metrics.add(MetricRow.of("smd_" + e.getKey(), e.getValue()));
        worst = Math.max(worst, Math.abs(e.getValue()));
      }
      metrics.add(MetricRow.of("max_abs_smd", worst));
    }
    LOG.info("evaluated model {}: {} metrics, {} curve points", modelId, metrics.size(), curves.size());
    return new ModelEvaluation(modelId, metrics, curves);
  }

  private long timed(String step, long since) {
    long now = System.nanoTime();
    LOG.info("model {}: {} took {} s", modelId, step, String.format("%.1f", (now - since) / 1e9));
    return now;
  }

  private UpliftMetricsResult uplift(Dataset<Row> data, String score, String y) {
    return UpliftMetrics.of(data).scoreCol(score).armCol("action").controlLabel("0").outcomeCol(y)
        .curvePoints(options.curvePoints()).bins(options.deciles()).k(options.upliftAtK()).execute();
  }

  private void addRanking(List<MetricRow> metrics, List<CurveRow> curves, UpliftMetricsResult r, String prefix) {
    metrics.add(MetricRow.of(prefix + "qini_auc", r.qiniAuc()));
    metrics.add(MetricRow.of(prefix + "auuc", r.upliftAuc()));
    metrics.add(MetricRow.of(prefix + "unscaled_qini", r.unscaledQini()));
    metrics.add(MetricRow.of(prefix + "uplift_at_k", r.upliftAtK()));
    metrics.add(MetricRow.of(prefix + "uplift_at_k_by_group", r.upliftAtKByGroup()));
    String curve = prefix.isEmpty() ? "qini_model" : "qini_baseline";
    for (CurvePoint p : r.qiniCurve()) {
      curves.add(CurveRow.of(curve, p.x() / r.n(), p.qini() / r.n()));
    }
    if (prefix.isEmpty()) {
      curves.add(CurveRow.of("qini_random", 0, 0));
      curves.add(CurveRow.of("qini_random", 1, r.qiniAtN() / r.n()));
    }
  }

  /** Contact the top share s by {@code score}: threshold at the (1 − s) approximate quantile (rank error 1e-4). */
  private static List<Policy> thresholdPolicies(Dataset<Row> data, String score, double[] shares) {
    String family = score.equals("cate") ? "cate" : "baseline";
    double[] probs = new double[shares.length];
    for (int j = 0; j < shares.length; j++) {
      probs[j] = 1.0 - shares[j];
    }
    double[] q = data.stat().approxQuantile(score, probs, 1e-4);
    List<Policy> out = new ArrayList<>();
    for (int j = 0; j < shares.length; j++) {
      Column pi;
      if (shares[j] == 0) {
        pi = lit(0.0);
      } else if (shares[j] == 1) {
        pi = lit(1.0);
      } else {
        pi = when(col(score).geq(q[j]), 1.0).otherwise(0.0);
      }
      out.add(new Policy(family + "@" + shares[j], pi));
    }
    return out;
  }

  /**
   * The rows found in the oracle, with the true potential outcomes of the evaluated outcome as {@code __p1} (contact)
   * and {@code __p0} (no contact): {@code p_delivery_90d_*} for {@code outcome_90d}, {@code p_delivery_14d_*} for
   * {@code outcome_14d}; null when the oracle has no such columns.
   */
  private Dataset<Row> joinOracle(Dataset<Row> data) {
    String horizon = options.outcomeCol().replace("outcome_", "");
    String p1 = "p_delivery_" + horizon + "_contact";
    String p0 = "p_delivery_" + horizon + "_no_contact";
    if (!List.of(oracle.columns()).containsAll(List.of(p1, p0))) {
      LOG.warn("oracle table has no {} / {} for outcome {}: no true values", p1, p0, options.outcomeCol());
      return null;
    }
    Dataset<Row> o = oracle.select(col("item_id"), col("decision_day"), col(p1).as("__p1"), col(p0).as("__p0"));
    return data.join(o, KEYS);
  }

  /**
   * Mean over the rows found in the oracle of π·p1 + (1 − π)·p0: each policy's true value. The existing policy's is
   * that of the logged actions (π = a): the estimated propensity is only a model of that policy, and where it misses a
   * confounder (one the features do not carry) its value would not be the logging policy's.
   */
  private double[] trueValues(Dataset<Row> joined, List<Policy> policies) {
    Column[] aggs = new Column[policies.size() + 1];
    aggs[0] = org.apache.spark.sql.functions.count(lit(1));
    for (int p = 0; p < policies.size(); p++) {
      Column pi = policies.get(p).name().equals("existing") ? col("action").cast("double")
          : policies.get(p).contactProbability().cast("double");
      aggs[p + 1] = avg(pi.multiply(col("__p1")).plus(lit(1.0).minus(pi).multiply(col("__p0"))));
    }
    Row r = joined.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    long matched = r.getLong(0);
    if (matched == 0) {
      LOG.warn("oracle table has no row for model {}'s (item_id, decision_day): no true values", modelId);
      return null;
    }
    double[] out = new double[policies.size()];
    for (int p = 0; p < out.length; p++) {
      out[p] = r.getDouble(p + 1);
    }
    return out;
  }

  private void daySelection(Dataset<Row> data, String y, Policy recommended, Policy existing,
      List<MetricRow> metrics, List<CurveRow> curves) {
    List<Integer> days = data.select("decision_day").distinct().as(Encoders.INT()).collectAsList()
        .stream().sorted().toList();
    Column index = lit(0);
    for (int i = days.size() - 1; i >= 0; i--) {
      index = when(col("decision_day").equalTo(days.get(i)), i).otherwise(index);
    }
    OffPolicyResult perDay = OffPolicyEvaluation.of(data).columns("action", y, "propensity", "mu1", "mu0")
        .replicates(options.bootstrapReplicates()).segments(index, days.size())
        .policy(recommended).policy(existing).execute();
    List<DaySelection.DayValue> ranked = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      Interval added = perDay.contrast("recommended", "existing", OpeEstimator.DR, i);
      ranked.add(new DaySelection.DayValue(days.get(i), added));
      curves.add(CurveRow.of("day_added_value_dr", days.get(i), added));
      curves.add(CurveRow.of("day_recommended_value_dr", days.get(i),
          perDay.estimate("recommended", OpeEstimator.DR, i)));
      curves.add(CurveRow.of("day_existing_value_dr", days.get(i), perDay.estimate("existing", OpeEstimator.DR, i)));
    }
    // within this model's days; EvaluateModels re-decides across models (one model per day) with the same rule
    DaySelection.DayValue chosen = DaySelection.choose(ranked);
    metrics.add(MetricRow.of("chosen_day", chosen.day()));
    metrics.add(MetricRow.of("chosen_day_added_value_dr", chosen.added()));
  }
}
