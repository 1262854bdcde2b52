package io.upliftsuite.campaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import io.upliftsuite.allocation.Allocation;
import io.upliftsuite.allocation.AllocationInfeasibleException;
import io.upliftsuite.allocation.AllocationSettings;
import io.upliftsuite.allocation.ConstraintSpec;
import io.upliftsuite.allocation.Metric;
import io.upliftsuite.allocation.ScoreLayout;
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
import io.upliftsuite.spark.Tables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation guard (config {@code allocation.guard}): makes an allocation's constraints hold on data, not only on
 * the models' scores, before it is written.
 *
 * <p>WHY. An optimiser meets a constraint exactly on the estimates it is given, and it picks the customers whose
 * estimates favour it, so the errors it selects are not random: the estimated use of a binding constraint is
 * optimistic (on the campaign simulator, 20,000 customers, a "sales at least 99% of everyone on the maximum reward"
 * floor met exactly on the scores was 3-6% short in truth). Only outcomes the models never saw can tell how far the
 * allocation may be trusted: the experiment's guard split.
 *
 * <p>ALGORITHM. Every customer the allocation moves off the fallback arm gets its Lagrangian advantage over that arm
 * ({@link Allocation#decisions}); the policies of a grid keep the allocated arm for the share q_j = (j/J)^2 of moved
 * customers with the largest advantage (a cut at the approximate (1 - q_j) quantile) and give the others the fallback
 * arm. All J + 1 policies and the reference policies of ratio constraints are evaluated in ONE aggregation over the
 * guard split ({@link MultiArmOffPolicyEvaluation}: doubly robust with the scores as predictions, Poisson bootstrap
 * replicates shared by every policy, so each slack's interval is paired with its reference), and on the scores in one
 * pass ({@link Allocation#feasibleOnScores}). {@link GuardChoice} takes the largest q up to which every constraint's
 * one-sided lower bound at {@code confidence} holds; the fallback policy (q = 0) must hold, else the job fails naming
 * the constraint. The written policy is the allocation restricted at that q.
 */
public final class AllocationGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AllocationGuard.class);

  /** What the guard did: the policy to write, the share of moved customers kept, the grid it checked. */
  public record Outcome(Allocation allocation, double share, long guardRows, String fallbackArm,
      List<GuardChoice.Step> steps) {}

  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;

  private AllocationGuard(SparkSession spark, SuiteConfig config, Tables tables) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
  }

  public static AllocationGuard on(SparkSession spark, SuiteConfig config, Tables tables) {
    return new AllocationGuard(spark, config, tables);
  }

  public static boolean enabled(SuiteConfig config) {
    return config.section("allocation.guard").getBoolean("enabled");
  }

  /** The guarded policy for an allocation of the scores table {@code scoresTable} (logical name). */
  public Outcome apply(Allocation allocation, String scoresTable) {
    Config g = config.section("allocation.guard");
    double confidence = g.getDouble("confidence");
    if (!(confidence >= 0.5 && confidence < 1)) {
      throw new SuiteConfigException("allocation.guard.confidence must be in [0.5, 1), got " + confidence);
    }
    double[] shares = GuardChoice.shares(g.getInt("steps"));
    int replicates = g.getInt("bootstrap-replicates");
    CampaignSettings s = CampaignSettings.from(config);
    List<ConstraintSpec> specs = AllocationSettings.constraints(config);
    ScoreLayout layout = allocation.layout();
    String fallbackName = fallbackArm(g.getString("fallback-arm"), specs, layout);
    int fallback = layout.armIndex(fallbackName, "allocation.guard.fallback-arm");
    int fallbackCampaign = s.armIndex(fallbackName, "allocation.guard.fallback-arm");
    if (specs.isEmpty()) {
      LOG.info("guard: no constraints, nothing to check");
      return new Outcome(allocation, 1.0, 0, fallbackName, List.of());
    }
    if (s.guardShare() <= 0) {
      throw new SuiteConfigException("allocation.guard.enabled = true needs a guard split, but campaign.guard-share "
          + "is 0 (set allocation.guard.enabled = false to write the allocation unchecked)");
    }
    List<Integer> metricOutcome = new ArrayList<>();
    for (ConstraintSpec c : specs) {
      metricOutcome.add(Metric.COUNT.equals(c.metric()) ? -1 : outcomeIndex(s, c.metric(),
          "allocation.constraints '" + c.name() + "' metric (the guard needs allocation metrics named like campaign "
              + "outcomes)"));
    }
    int k = s.arms().size();
    Column campaignArm = lit(-1);
    for (int a = layout.arms() - 1; a >= 0; a--) {
      campaignArm = when(col("__decision_arm").equalTo(a), lit(s.armIndex(layout.armName(a), "allocation.treatments")))
          .otherwise(campaignArm);
    }

    Dataset<Row> decisions = allocation.decisions(fallback)
        .select(col("customer_id").as("__decision_customer"), col("arm").as("__decision_arm"),
            col("advantage").as("__advantage"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> moved = decisions.where(col("__decision_arm").notEqual(fallback));
      long movedRows = moved.count();
      if (movedRows == 0) {
        LOG.info("guard: the allocation gives everyone the fallback arm '{}', nothing to check", fallbackName);
        return new Outcome(allocation, 1.0, 0, fallbackName, List.of());
      }
      double[] cuts = cuts(moved, shares);
      long[] movedAt = movedCounts(moved, cuts);

      Dataset<Row> raw = TableIO.read(spark, tables.location(ExperimentTable.NAME), ExperimentTable.contract(s));
      Dataset<Row> guard = CampaignSplit.guard(ExperimentTable.validate(raw, ExperimentTable.NAME, s).rows(), s);
      Dataset<Row> scores = TableIO.read(spark, tables.location(scoresTable));
      List<String> scoreColumns = new ArrayList<>(List.of(s.customerIdColumn()));
      for (CampaignOutcome o : s.outcomes()) {
        scoreColumns.add(CampaignModels.controlColumn(o.name()));
        for (CampaignArm a : s.offers()) {
          scoreColumns.add(CampaignModels.upliftColumn(o.name(), a.name()));
        }
      }
      TableChecks.of(scoresTable, scores).hasColumns(scoreColumns.toArray(String[]::new));
      String idCol = s.customerIdColumn();
      Column armIndex = lit(-1);
      for (int a = k - 1; a >= 0; a--) {
        armIndex = when(col("`" + s.armColumn() + "`").equalTo(s.armNames().get(a)), lit(a)).otherwise(armIndex);
      }
      Dataset<Row> joined = guard
          .join(scores.select(scoreColumns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new))
              .withColumn("__has_score", lit(true)), idCol, "left")
          .join(decisions, col("`" + idCol + "`").equalTo(col("__decision_customer")), "left")
          .withColumn("__arm", armIndex)
          .withColumn("__allocated", campaignArm)
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long guardRows = checkJoin(joined, scoresTable);

        List<CampaignPolicy> policies = new ArrayList<>();
        for (int j = 0; j < shares.length; j++) {
          Column keeps = col("__decision_arm").notEqual(fallback).and(col("__advantage").geq(lit(cuts[j])));
          policies.add(CampaignPolicy.fromArmIndex("guard_" + j, when(keeps, col("__allocated"))
              .otherwise(lit(fallbackCampaign)), k));
        }
        int[] reference = new int[specs.size()];
        Arrays.fill(reference, -1);
        for (int c = 0; c < specs.size(); c++) {
          ConstraintSpec spec = specs.get(c);
          if (spec.relativeTo() != null && !spec.relativeTo().isBlank()) {
            int arm = s.armIndex(spec.relativeTo(), "allocation.constraints '" + spec.name() + "' relative-to");
            reference[c] = policies.size();
            policies.add(CampaignPolicy.everyone(s.armNames(), arm));
          }
        }
        MultiArmOffPolicyEvaluation ope = new MultiArmOffPolicyEvaluation(k, s.outcomes().size(), policies.size())
            .replicates(replicates);
        int[][] useTarget = new int[shares.length][specs.size()];
        int[] referenceTarget = new int[specs.size()];
        for (int c = 0; c < specs.size(); c++) {
          boolean[] mask = armMask(specs.get(c), s);
          for (int j = 0; j < shares.length; j++) {
            useTarget[j][c] = ope.target(j, metricOutcome.get(c), mask);
          }
          referenceTarget[c] = reference[c] < 0 ? -1 : ope.target(reference[c], metricOutcome.get(c), mask);
        }
        MultiArmOffPolicyEvaluation.Result r =
            ope.execute(CampaignEvaluation.rows(joined, s, policies, false).javaRDD());
        boolean[] onScores = allocation.feasibleOnScores(fallback, cuts);

        long allocated = allocation.result().rows();
        List<GuardChoice.Step> steps = new ArrayList<>();
        for (int j = 0; j < shares.length; j++) {
          double[] slack = new double[specs.size()];
          double[] lower = new double[specs.size()];
          for (int c = 0; c < specs.size(); c++) {
            double[] reps = slack(specs.get(c), r.values(useTarget[j][c], ValueEstimator.DR),
                referenceTarget[c] < 0 ? null : r.values(referenceTarget[c], ValueEstimator.DR), allocated);
            slack[c] = reps[0];
            lower[c] = GuardChoice.lowerBound(reps, confidence);
          }
          steps.add(new GuardChoice.Step(shares[j], movedAt[j], onScores[j], slack, lower));
        }
        log(steps, specs, guardRows, confidence, fallbackName);
        int chosen = GuardChoice.choose(steps);
        if (chosen < 0) {
          GuardChoice.Step first = steps.get(0);
          int c = 0;
          while (c < specs.size() - 1 && first.lowerBound()[c] >= 0) {
            c++;
          }
          throw new AllocationInfeasibleException(specs.get(c).name(), String.format(Locale.ROOT,
              "even the fallback policy (everyone on '%s') does not meet it on the guard split: slack %+.4f, "
                  + "%.0f%% lower bound %+.4f%s (choose another allocation.guard.fallback-arm)", fallbackName,
              first.slack()[c], 100 * confidence, first.lowerBound()[c],
              first.feasibleOnScores() ? "" : ", and not on the scores either"), Double.NaN);
        }
        double share = shares[chosen];
        LOG.info("guard: keeps {} of the {} customers the allocation moves off '{}' (share {} of the grid), the rest "
            + "get '{}'", movedAt[chosen], movedRows, fallbackName, String.format(Locale.ROOT, "%.4f", share),
            fallbackName);
        String method = allocation.result().method() + String.format(Locale.ROOT, "+guard(%.4f)", share);
        return new Outcome(allocation.restricted(fallback, cuts[chosen], method), share, guardRows, fallbackName,
            List.copyOf(steps));
      } finally {
        joined.unpersist(false);
      }
    } finally {
      decisions.unpersist(false);
    }
  }

  /** The configured fallback arm, else the relative-to arm of the first ratio constraint, else control. */
  static String fallbackArm(String configured, List<ConstraintSpec> specs, ScoreLayout layout) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (ConstraintSpec c : specs) {
      if (c.relativeTo() != null && !c.relativeTo().isBlank()) {
        return c.relativeTo();
      }
    }
    return layout.control();
  }

  /** Cut j: +inf for share 0 (nobody keeps a moved arm), -inf for share 1, else the (1 - share) quantile. */
  private static double[] cuts(Dataset<Row> moved, double[] shares) {
    double[] cuts = new double[shares.length];
    List<Integer> inner = new ArrayList<>();
    for (int j = 0; j < shares.length; j++) {
      if (shares[j] <= 0) {
        cuts[j] = Double.POSITIVE_INFINITY;
      } else if (shares[j] >= 1) {
        cuts[j] = Double.NEGATIVE_INFINITY;
      } else {
        inner.add(j);
      }
    }
    if (!inner.isEmpty()) {
      double[] probs = inner.stream().mapToDouble(j -> 1 - shares[j]).toArray();
      double[] q = moved.stat().approxQuantile("__advantage", probs, 1e-4);
      for (int i = 0; i < inner.size(); i++) {
        cuts[inner.get(i)] = q[i];
      }
    }
    return cuts;
  }

  /** Customers kept on their allocated arm at each cut, in one aggregation. */
  private static long[] movedCounts(Dataset<Row> moved, double[] cuts) {
    Column[] counts = new Column[cuts.length];
    for (int j = 0; j < cuts.length; j++) {
      counts[j] = sum(when(col("__advantage").geq(lit(cuts[j])), 1L).otherwise(0L));
    }
    Row row = moved.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
    long[] out = new long[cuts.length];
    for (int j = 0; j < cuts.length; j++) {
      out[j] = row.isNullAt(j) ? 0 : row.getLong(j);
    }
    return out;
  }

  /** One pass: guard customers exist, and each has a score and a decision. */
  private static long checkJoin(Dataset<Row> joined, String scoresTable) {
    Row c = joined.agg(sum(lit(1L)), sum(when(col("__has_score").isNull(), 1L).otherwise(0L)),
        sum(when(col("__decision_arm").isNull(), 1L).otherwise(0L))).first();
    long rows = c.isNullAt(0) ? 0 : c.getLong(0);
    if (rows == 0) {
      throw new InputValidationException(ExperimentTable.NAME, "*", "no customers in the guard split "
          + "(campaign.guard-share), which allocation.guard needs", 0);
    }
    if (c.getLong(1) > 0) {
      throw new InputValidationException(scoresTable, "customer_id", "guard-split customers without scores (run "
          + "campaign-models with campaign.models.score-split = test or all)", c.getLong(1));
    }
    if (c.getLong(2) > 0) {
      throw new InputValidationException(scoresTable, "customer_id", "guard-split customers the allocation did not "
          + "decide (allocate the scores of every customer outside the training split)", c.getLong(2));
    }
    return rows;
  }

  private static boolean[] armMask(ConstraintSpec c, CampaignSettings s) {
    boolean[] mask = new boolean[s.arms().size()];
    if (c.arms().isEmpty()) {
      Arrays.fill(mask, true);
    } else {
      for (String a : c.arms()) {
        mask[s.armIndex(a, "allocation.constraints '" + c.name() + "' arms")] = true;
      }
    }
    return mask;
  }

  /**
   * Slack replicates of one constraint, (use - limit) / |limit| for "at least" and (limit - use) / |limit| for "at
   * most", from per-customer means on the guard split: a ratio's limit is the reference policy's value (same
   * replicates), a share bounds the mean count itself, an absolute total is spread over the allocated customers.
   */
  static double[] slack(ConstraintSpec c, double[] use, double[] reference, long allocatedRows) {
    double[] out = new double[use.length];
    double sign = c.bound().name().startsWith("MIN") ? 1 : -1;
    boolean absolute = c.bound() == ConstraintSpec.Bound.MAX || c.bound() == ConstraintSpec.Bound.MIN;
    for (int b = 0; b < use.length; b++) {
      double limit = reference != null ? c.value() * reference[b]
          : absolute ? c.value() / allocatedRows : c.value();
      out[b] = sign * (use[b] - limit) / Math.abs(limit);
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

  private static void log(List<GuardChoice.Step> steps, List<ConstraintSpec> specs, long guardRows,
      double confidence, String fallback) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "guard: %d guard-split customers, fallback '%s'; "
        + "share kept | moved | on scores | per constraint DR slack [%.0f%% lower bound]", guardRows, fallback,
        100 * confidence));
    for (GuardChoice.Step st : steps) {
      sb.append(String.format(Locale.ROOT, "%n  %.4f | %d | %s", st.share(), st.moved(), st.feasibleOnScores()));
      for (int c = 0; c < specs.size(); c++) {
        sb.append(String.format(Locale.ROOT, " | %s %+.4f [%+.4f]", specs.get(c).name(), st.slack()[c],
            st.lowerBound()[c]));
      }
    }
    LOG.info("{}", sb);
  }
}
