package io.upliftsuite.campaign.evaluation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.typesafe.config.Config;
import io.upliftsuite.allocation.AllocationSettings;
import io.upliftsuite.allocation.ConstraintSpec;
import io.upliftsuite.allocation.Metric;
import io.upliftsuite.campaign.CampaignArm;
import io.upliftsuite.campaign.CampaignModels;
import io.upliftsuite.campaign.CampaignOutcome;
import io.upliftsuite.campaign.CampaignSettings;
import io.upliftsuite.campaign.CampaignSplit;
import io.upliftsuite.campaign.ExperimentTable;
import io.upliftsuite.campaign.evaluation.MultiArmOffPolicyEvaluation.ValueEstimator;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate-campaign} action: judges the allocated policy and the baselines a business would otherwise use
 * on the experiment's randomised test split, on every configured outcome, by IPS, SNIPS and DR with bootstrap 95%
 * intervals ({@link MultiArmOffPolicyEvaluation}, one aggregation), with relative lifts against chosen baselines,
 * e%iS, and each allocation constraint's slack; with the simulator's oracle, the true value beside every estimate.
 *
 * <p>Steps: read and validate the experiment, keep the test split; join the models' scores (predictions for DR), the
 * allocated policy of the run date ({@code policies}, rows of {@code allocation.policy-id}) and, when it exists, the
 * oracle; fail naming the table and count when a test customer lacks a score, a decision or an oracle row; build the
 * policies (allocated, everyone on each arm, random, completion-score thresholds) and targets; aggregate once; turn
 * sums into {@link PolicyMeasure}s; write {@code campaign_evaluations} (replacing the run date's rows of the policy
 * id) and the HTML report.
 */
public final class CampaignEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignEvaluation.class);
  public static final String TABLE = "campaign_evaluations";

  /** The allocated policy against the baselines, in truth (simulated data only) and by the DR estimate. */
  public record Verdict(String outcome, double allocatedEstimate, double allocatedTruth, boolean allocatedFeasible,
      Map<String, Double> feasibleBaselinesTruth, boolean beatsEveryFeasibleBaseline) {}

  public record Result(List<PolicyMeasure> measures, long testRows, Verdict verdict, String reportPath) {}

  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;
  private String policyId;
  private LocalDate policyDate;

  private CampaignEvaluation(SparkSession spark, SuiteConfig config, Tables tables) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
  }

  public static CampaignEvaluation on(SparkSession spark, SuiteConfig config, Tables tables) {
    return new CampaignEvaluation(spark, config, tables);
  }

  /** The allocated policy's id in {@code policies}; default allocation.policy-id. */
  public CampaignEvaluation policyId(String id) {
    this.policyId = id;
    return this;
  }

  /** The run date of the allocated policy; default the evaluation's run date. */
  public CampaignEvaluation policyDate(LocalDate date) {
    this.policyDate = date;
    return this;
  }

  public Result execute(WriteContext context) {
    CampaignSettings s = CampaignSettings.from(config);
    Config e = config.section("campaign.evaluation");
    String id = policyId != null ? policyId : AllocationSettings.policyId(config);
    LocalDate date = policyDate != null ? policyDate : context.runDate();
    int k = s.arms().size();
    List<String> armNames = s.armNames();
    List<CampaignOutcome> outcomes = s.outcomes();
    String idCol = s.customerIdColumn();

    Dataset<Row> raw = TableIO.read(spark, tables.location(ExperimentTable.NAME), ExperimentTable.contract(s));
    Dataset<Row> test = CampaignSplit.test(ExperimentTable.validate(raw, ExperimentTable.NAME, s).rows(), s);

    Dataset<Row> scores = TableIO.read(spark, tables.location(CampaignModels.SCORES));
    List<String> scoreColumns = new ArrayList<>(List.of(idCol));
    for (CampaignOutcome o : outcomes) {
      scoreColumns.add(CampaignModels.controlColumn(o.name()));
      for (CampaignArm a : s.offers()) {
        scoreColumns.add(CampaignModels.upliftColumn(o.name(), a.name()));
      }
    }
    TableChecks.of(CampaignModels.SCORES, scores).hasColumns(scoreColumns.toArray(String[]::new));

    TableLocation policiesAt = tables.location("policies");
    Dataset<Row> decisions = TableIO.read(spark, policiesAt)
        .where(col("policy_id").equalTo(id).and(col("run_date").equalTo(lit(java.sql.Date.valueOf(date)))))
        .select(col("customer_id").as("__policy_customer"), col("treatment").as("__policy_arm"));
    long allocatedRows = decisions.count();
    if (allocatedRows == 0) {
      throw new InputValidationException("policies", "policy_id", "no rows for policy '" + id + "' on run date "
          + date + " (run allocate for that date first, or pass --policy-id / --policy-date)", 0);
    }

    Dataset<Row> oracle = optionalOracle(e.getString("oracle-table"), s);
    Dataset<Row> joined = test
        .join(scores.select(scoreColumns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new))
            .withColumn("__has_score", lit(true)), idCol, "left")
        .join(decisions, col("`" + idCol + "`").equalTo(col("__policy_customer")), "left");
    if (oracle != null) {
      joined = joined.join(oracle.withColumn("__has_oracle", lit(true)), idCol, "left");
    }
    Column armIndex = lit(-1);
    Column policyArm = lit(-1);
    for (int a = k - 1; a >= 0; a--) {
      armIndex = when(col("`" + s.armColumn() + "`").equalTo(armNames.get(a)), lit(a)).otherwise(armIndex);
      policyArm = when(col("__policy_arm").equalTo(armNames.get(a)), lit(a)).otherwise(policyArm);
    }
    joined = joined.withColumn("__arm", armIndex).withColumn("__policy_index", policyArm)
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      long testRows = checkJoin(joined, oracle != null, id, date);

      List<CampaignPolicy> policies = policies(s, e);
      Map<String, Integer> policyIndex = new LinkedHashMap<>();
      for (int p = 0; p < policies.size(); p++) {
        policyIndex.put(policies.get(p).name(), p);
      }
      MultiArmOffPolicyEvaluation ope = new MultiArmOffPolicyEvaluation(k, outcomes.size(), policies.size())
          .replicates(e.getInt("bootstrap-replicates")).withTruth(oracle != null);
      boolean[] all = new boolean[k];
      Arrays.fill(all, true);
      boolean[] treated = all.clone();
      treated[0] = false;
      int[][] valueTarget = new int[policies.size()][outcomes.size()];
      int[] treatedTarget = new int[policies.size()];
      for (int p = 0; p < policies.size(); p++) {
        for (int o = 0; o < outcomes.size(); o++) {
          valueTarget[p][o] = ope.target(p, o, all);
        }
        treatedTarget[p] = ope.target(p, -1, treated);
      }
      List<ConstraintTargets> constraints = constraintTargets(ope, s, policies, policyIndex);

      MultiArmOffPolicyEvaluation.Result r = ope.execute(rows(joined, s, policies, oracle != null).javaRDD());
      List<PolicyMeasure> measures = new ArrayList<>();
      List<String> liftBaselines = e.getStringList("lift-baselines");
      for (String b : liftBaselines) {
        if (!policyIndex.containsKey(b)) {
          throw new SuiteConfigException("campaign.evaluation.lift-baselines: unknown policy '" + b
              + "' (policies: " + policyIndex.keySet() + ")");
        }
      }
      Config eis = e.getConfig("eis");
      String rewardOutcome = eis.getString("reward-outcome");
      String salesOutcome = eis.getString("sales-outcome");
      String eisBase = eis.getString("baseline");
      boolean withEis = !rewardOutcome.isBlank() && !salesOutcome.isBlank();
      int reward = withEis ? outcomeIndex(s, rewardOutcome, "campaign.evaluation.eis.reward-outcome") : -1;
      int sales = withEis ? outcomeIndex(s, salesOutcome, "campaign.evaluation.eis.sales-outcome") : -1;
      if (withEis && !policyIndex.containsKey(eisBase)) {
        throw new SuiteConfigException("campaign.evaluation.eis.baseline: unknown policy '" + eisBase + "'");
      }
      for (int p = 0; p < policies.size(); p++) {
        String name = policies.get(p).name();
        measures.add(measure(name, PolicyMeasure.TREATED_SHARE, "", "", "exact",
            r.values(treatedTarget[p], ValueEstimator.DR), r.truth(treatedTarget[p])));
        for (ValueEstimator est : ValueEstimator.values()) {
          for (int o = 0; o < outcomes.size(); o++) {
            double[] v = r.values(valueTarget[p][o], est);
            double truth = r.truth(valueTarget[p][o]);
            measures.add(measure(name, PolicyMeasure.VALUE, outcomes.get(o).name(), "", est.label(), v, truth));
            for (String b : liftBaselines) {
              int q = policyIndex.get(b);
              if (q == p) {
                continue;
              }
              double[] base = r.values(valueTarget[q][o], est);
              double baseTruth = r.truth(valueTarget[q][o]);
              measures.add(measure(name, PolicyMeasure.RELATIVE_LIFT, outcomes.get(o).name(), b, est.label(),
                  combine(v, base, CampaignEvaluation::relativeLift), relativeLift(truth, baseTruth)));
            }
          }
          if (withEis && p != policyIndex.get(eisBase)) {
            int q = policyIndex.get(eisBase);
            double[] spend = r.values(valueTarget[p][reward], est);
            double[] extra = combine(r.values(valueTarget[p][sales], est), r.values(valueTarget[q][sales], est),
                (x, y) -> x - y);
            double truth = r.truth(valueTarget[p][reward])
                / (r.truth(valueTarget[p][sales]) - r.truth(valueTarget[q][sales]));
            measures.add(measure(name, PolicyMeasure.EIS, rewardOutcome + "/" + salesOutcome, eisBase, est.label(),
                combine(spend, extra, (x, y) -> x / y), truth));
          }
          for (ConstraintTargets c : constraints) {
            double[] use = r.values(c.use()[p], est);
            double[] limit = c.reference() < 0 ? constant(c.spec().value(), r.replicates())
                : scale(r.values(c.reference(), est), c.spec().value());
            double limitTruth = c.reference() < 0 ? c.spec().value() : c.spec().value() * r.truth(c.reference());
            if (c.perCustomer()) {
              limit = scale(limit, 1.0 / allocatedRows);
              limitTruth /= allocatedRows;
            }
            double sign = c.spec().bound().name().startsWith("MIN") ? 1 : -1;
            measures.add(measure(name, PolicyMeasure.CONSTRAINT_SLACK, c.spec().name(), "", est.label(),
                combine(use, limit, (x, y) -> sign * (x - y) / Math.abs(y)),
                sign * (r.truth(c.use()[p]) - limitTruth) / Math.abs(limitTruth)));
          }
        }
      }
      Verdict verdict = verdict(measures, policies, e.getString("objective-outcome"),
          e.getDouble("constraint-tolerance"), oracle != null);
      CampaignEvaluationTables.write(spark, measures, id, context.runDate(), tables.location(TABLE), context);
      String dir = tables.reportsDir() + "/" + e.getString("report-folder") + "/" + context.runDate();
      String report = CampaignReport.write(measures, verdict, s, id, date, testRows, e.getDouble("constraint-tolerance"),
          dir, spark.sparkContext().hadoopConfiguration());
      return new Result(measures, testRows, verdict, report);
    } finally {
      joined.unpersist(false);
    }
  }

  /** One pass: every test customer has a score, a decision of the allocated policy (a known arm), an oracle row. */
  private long checkJoin(Dataset<Row> joined, boolean oracle, String id, LocalDate date) {
    Row c = joined.agg(sum(lit(1L)), sum(when(col("__has_score").isNull(), 1L).otherwise(0L)),
        sum(when(col("__policy_arm").isNull(), 1L).otherwise(0L)),
        sum(when(col("__policy_arm").isNotNull().and(col("__policy_index").lt(0)), 1L).otherwise(0L)),
        oracle ? sum(when(col("__has_oracle").isNull(), 1L).otherwise(0L)) : lit(0L)).first();
    long rows = c.isNullAt(0) ? 0 : c.getLong(0);
    if (rows == 0) {
      throw new InputValidationException(ExperimentTable.NAME, "*", "no customers in the test split", 0);
    }
    if (c.getLong(1) > 0) {
      throw new InputValidationException(CampaignModels.SCORES, "customer_id", "test customers without scores "
          + "(run campaign-models with campaign.models.score-split = test or all)", c.getLong(1));
    }
    if (c.getLong(2) > 0) {
      throw new InputValidationException("policies", "customer_id", "test customers without a decision of policy '"
          + id + "' on " + date + " (allocate the scores of the test split)", c.getLong(2));
    }
    if (c.getLong(3) > 0) {
      throw new InputValidationException("policies", "treatment", "arms that are not campaign arms", c.getLong(3));
    }
    if (oracle && c.getLong(4) > 0) {
      throw new InputValidationException("campaign_oracle", "customer_id", "test customers without every arm's "
          + "expected outcomes", c.getLong(4));
    }
    return rows;
  }

  /** The oracle as one row per customer with "<arm>__<outcome>" columns, or null when not configured/present. */
  private Dataset<Row> optionalOracle(String name, CampaignSettings s) {
    if (name.isBlank() || !config.config().hasPath("tables." + name)) {
      return null;
    }
    TableLocation at = tables.location(name);
    if (!TableIO.pathExists(spark, at.path())) {
      LOG.info("oracle table {} not found at {}: no true values", name, at.path());
      return null;
    }
    Dataset<Row> oracle = TableIO.read(spark, at);
    List<String> needed = new ArrayList<>(List.of(s.customerIdColumn(), s.armColumn()));
    s.outcomes().forEach(o -> needed.add(o.name()));
    TableChecks.of(name, oracle).hasColumns(needed.toArray(String[]::new));
    List<Column> aggs = new ArrayList<>();
    for (CampaignOutcome o : s.outcomes()) {
      aggs.add(first(col(o.name())).as(o.name()));
    }
    Dataset<Row> wide = oracle.groupBy(col("`" + s.customerIdColumn() + "`"))
        .pivot(col("`" + s.armColumn() + "`"), new ArrayList<>(s.armNames()))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    List<Column> renamed = new ArrayList<>(List.of(col("`" + s.customerIdColumn() + "`")));
    for (String arm : s.armNames()) {
      for (CampaignOutcome o : s.outcomes()) {
        String pivoted = s.outcomes().size() == 1 ? arm : arm + "_" + o.name();
        renamed.add(col("`" + pivoted + "`").as("__oracle_" + arm + "__" + o.name()));
      }
    }
    return wide.select(renamed.toArray(Column[]::new));
  }

  /** The allocated policy, everyone on each arm, random, and the configured completion-score thresholds. */
  private static List<CampaignPolicy> policies(CampaignSettings s, Config e) {
    List<String> arms = s.armNames();
    List<CampaignPolicy> out = new ArrayList<>();
    out.add(CampaignPolicy.fromArmIndex(CampaignPolicy.ALLOCATED, col("__policy_index"), arms.size()));
    for (int a = 0; a < arms.size(); a++) {
      out.add(CampaignPolicy.everyone(arms, a));
    }
    out.add(CampaignPolicy.random(arms.size()));
    List<? extends Config> thresholds = e.getConfigList("score-thresholds");
    if (!thresholds.isEmpty() && (s.completionScoreColumn() == null || s.completionScoreColumn().isBlank())) {
      throw new SuiteConfigException("campaign.evaluation.score-thresholds need campaign.columns.completion-score");
    }
    for (Config t : thresholds) {
      String key = "campaign.evaluation.score-thresholds";
      out.add(CampaignPolicy.scoreThreshold(arms, s.completionScoreColumn(), t.getDouble("below"),
          s.armIndex(t.getString("arm"), key + ".arm"), s.armIndex(t.getString("otherwise"), key + ".otherwise")));
    }
    return out;
  }

  /** An allocation constraint's targets: its use under every policy and, for a ratio, the reference policy's. */
  private record ConstraintTargets(ConstraintSpec spec, int[] use, int reference, boolean perCustomer) {}

  private List<ConstraintTargets> constraintTargets(MultiArmOffPolicyEvaluation ope, CampaignSettings s,
      List<CampaignPolicy> policies, Map<String, Integer> policyIndex) {
    List<ConstraintTargets> out = new ArrayList<>();
    for (ConstraintSpec c : AllocationSettings.constraints(config)) {
      String key = "allocation.constraints '" + c.name() + "'";
      int outcome = Metric.COUNT.equals(c.metric()) ? -1 : outcomeIndex(s, c.metric(), key + " metric (an "
          + "allocation metric must be named like a campaign outcome to be evaluated)");
      boolean[] mask = new boolean[s.arms().size()];
      if (c.arms().isEmpty()) {
        Arrays.fill(mask, true);
      } else {
        for (String a : c.arms()) {
          mask[s.armIndex(a, key + " arms")] = true;
        }
      }
      int[] use = new int[policies.size()];
      for (int p = 0; p < policies.size(); p++) {
        use[p] = ope.target(p, outcome, mask);
      }
      int reference = -1;
      if (c.bound().name().endsWith("RATIO")) {
        int ref = policyIndex.get(CampaignPolicy.everyone(c.relativeTo()));
        reference = ope.target(ref, outcome, mask);
      }
      boolean absolute = c.bound() == ConstraintSpec.Bound.MAX || c.bound() == ConstraintSpec.Bound.MIN;
      out.add(new ConstraintTargets(c, use, reference, absolute));
    }
    return out;
  }

  private static int outcomeIndex(CampaignSettings s, String name, String key) {
    for (int o = 0; o < s.outcomes().size(); o++) {
      if (s.outcomes().get(o).name().equals(name)) {
        return o;
      }
    }
    throw new SuiteConfigException(key + ": unknown outcome '" + name + "' (outcomes: "
        + s.outcomes().stream().map(CampaignOutcome::name).toList() + ")");
  }

  /** The OPE input rows: seed, arm, propensity, outcomes, predictions, truth (or null), policies' probabilities. */
  static Dataset<Row> rows(Dataset<Row> joined, CampaignSettings s, List<CampaignPolicy> policies, boolean truth) {
    int k = s.arms().size();
    Column propensity = lit(Double.NaN);
    for (int a = k - 1; a >= 0; a--) {
      propensity = when(col("__arm").equalTo(a), lit(s.arms().get(a).probability())).otherwise(propensity);
    }
    List<Column> y = new ArrayList<>();
    List<Column> mu = new ArrayList<>();
    List<Column> trueMu = new ArrayList<>();
    for (CampaignOutcome o : s.outcomes()) {
      y.add(col("`" + o.column() + "`"));
      Column control = col(CampaignModels.controlColumn(o.name()));
      mu.add(control);
      for (CampaignArm a : s.offers()) {
        mu.add(control.plus(col(CampaignModels.upliftColumn(o.name(), a.name()))));
      }
      for (String arm : s.armNames()) {
        trueMu.add(col("__oracle_" + arm + "__" + o.name()));
      }
    }
    List<Column> pi = new ArrayList<>();
    policies.forEach(p -> pi.addAll(p.armProbabilities()));
    return joined.select(xxhash64(lit(s.seed()), col("`" + s.customerIdColumn() + "`")),
        col("__arm"), propensity, array(y.toArray(Column[]::new)).cast("array<double>"),
        array(mu.toArray(Column[]::new)).cast("array<double>"),
        truth ? array(trueMu.toArray(Column[]::new)).cast("array<double>") : lit(null).cast("array<double>"),
        array(pi.toArray(Column[]::new)).cast("array<double>"));
  }

  private static PolicyMeasure measure(String policy, String measure, String outcome, String versus,
      String estimator, double[] values, double truth) {
    double[] reps = Arrays.copyOfRange(values, 1, values.length);
    double[] finite = Arrays.stream(reps).filter(Double::isFinite).toArray();
    double lo = Double.NaN;
    double hi = Double.NaN;
    if (finite.length >= 20) {
      Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
      percentile.setData(finite);
      lo = percentile.evaluate(2.5);
      hi = percentile.evaluate(97.5);
    }
    return new PolicyMeasure(policy, measure, outcome, versus, estimator, finiteOrNaN(values[0]), lo, hi,
        finiteOrNaN(truth));
  }

  private static double finiteOrNaN(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }

  private static double[] combine(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = f.applyAsDouble(a[i], b[i]);
    }
    return out;
  }

  /** (x - base) / |base|; NaN when the base is 0 (e.g. the reward cost of everyone on control). */
  static double relativeLift(double x, double base) {
    return base == 0 ? Double.NaN : (x - base) / Math.abs(base);
  }

  private static double[] constant(double v, int replicates) {
    double[] out = new double[replicates + 1];
    Arrays.fill(out, v);
    return out;
  }

  private static double[] scale(double[] a, double f) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * f;
    }
    return out;
  }

  /**
   * In truth (with an oracle): is the allocated policy feasible (every constraint slack above -tolerance), and is
   * its objective outcome above every baseline that is feasible too. Without an oracle, the same on DR estimates.
   */
  static Verdict verdict(List<PolicyMeasure> measures, List<CampaignPolicy> policies, String outcome,
      double tolerance, boolean truth) {
    Map<String, Double> value = new LinkedHashMap<>();
    Map<String, Double> estimate = new LinkedHashMap<>();
    Map<String, Boolean> feasible = new LinkedHashMap<>();
    for (CampaignPolicy p : policies) {
      feasible.put(p.name(), true);
    }
    for (PolicyMeasure m : measures) {
      if (!m.estimator().equals("dr")) {
        continue;
      }
      if (m.measure().equals(PolicyMeasure.VALUE) && m.outcome().equals(outcome)) {
        value.put(m.policy(), truth ? m.truth() : m.estimate());
        estimate.put(m.policy(), m.estimate());
      }
      if (m.measure().equals(PolicyMeasure.CONSTRAINT_SLACK)) {
        double slack = truth ? m.truth() : m.estimate();
        if (!(slack >= -tolerance)) {
          feasible.put(m.policy(), false);
        }
      }
    }
    if (!value.containsKey(CampaignPolicy.ALLOCATED)) {
      throw new SuiteConfigException("campaign.evaluation.objective-outcome: unknown outcome '" + outcome + "'");
    }
    Map<String, Double> feasibleBaselines = new LinkedHashMap<>();
    boolean beats = true;
    double allocated = value.get(CampaignPolicy.ALLOCATED);
    for (Map.Entry<String, Double> v : value.entrySet()) {
      if (!v.getKey().equals(CampaignPolicy.ALLOCATED) && feasible.get(v.getKey())) {
        feasibleBaselines.put(v.getKey(), v.getValue());
        beats &= allocated > v.getValue();
      }
    }
    return new Verdict(outcome, estimate.get(CampaignPolicy.ALLOCATED), truth ? allocated : Double.NaN,
        feasible.get(CampaignPolicy.ALLOCATED), feasibleBaselines, beats);
  }
}
