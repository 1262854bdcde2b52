package io.upliftsuite.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.allocation.AllocatePolicies;
import io.upliftsuite.allocation.Allocation;
import io.upliftsuite.allocation.AllocationSettings;
import io.upliftsuite.allocation.Allocator;
import io.upliftsuite.allocation.AllocationResult;
import io.upliftsuite.campaign.evaluation.AllocationGuard;
import io.upliftsuite.campaign.evaluation.CampaignEvaluation;
import io.upliftsuite.campaign.evaluation.GuardChoice;
import io.upliftsuite.campaign.evaluation.CampaignPolicy;
import io.upliftsuite.campaign.evaluation.PolicyMeasure;
import io.upliftsuite.campaign.simulate.CampaignSimulator;
import io.upliftsuite.campaign.simulate.CampaignWorld;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The campaign flow on a small simulated experiment: models and scores, an allocation, and the evaluation, each
 * checked against the simulator's ground truth or against the estimator formulas recomputed here with plain SQL.
 */
class CampaignFlowTest {
  private static final LocalDate DAY = LocalDate.of(2026, 2, 1);
  private static SparkSession spark;
  private static SuiteConfig config;
  private static Tables tables;
  private static CampaignSettings settings;
  private static CampaignModels.Result models;
  private static AllocationResult allocation;
  private static CampaignEvaluation.Result evaluation;

  @BeforeAll
  static void runTheFlow() {
    spark = SparkTestSession.get();
    Path root = SparkTestSession.tempDir("campaign-flow");
    config = SuiteConfig.load("local", List.of(), List.of("warehouse.root=" + root, "suite.seed=5",
        "campaign.simulate.customers=8000", "campaign.simulate.partitions=2", "campaign.models.forest.num-trees=6",
        "campaign.models.forest.max-depth=4", "campaign.models.forest.min-instances-per-node=100",
        "campaign.evaluation.bootstrap-replicates=50", "allocation.core-size=50"));
    tables = new Tables(config);
    settings = CampaignSettings.from(config);
    WriteContext context = WriteContext.of("test", DAY);
    CampaignSimulator.on(spark).settings(settings).world(CampaignWorld.from(config.section("campaign.simulate")))
        .execute(tables::location, context);
    models = CampaignModels.on(spark, config, tables).execute(context);
    allocation = AllocatePolicies.on(spark, config, tables).execute(context);
    evaluation = CampaignEvaluation.on(spark, config, tables).execute(context);
  }

  private static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(tables.location(name).path());
  }

  private static Dataset<Row> testSplit() {
    return CampaignSplit.test(table("campaign_experiment"), settings);
  }

  /** The customers campaign-models scores and allocate decides: everyone outside the training split. */
  private static Dataset<Row> scoredSplits() {
    return table("campaign_experiment").where(CampaignSplit.isTrain(settings).unary_$bang());
  }

  private static PolicyMeasure measure(String policy, String measure, String outcome, String versus,
      String estimator) {
    return evaluation.measures().stream().filter(m -> m.policy().equals(policy) && m.measure().equals(measure)
        && m.outcome().equals(outcome) && m.versus().equals(versus) && m.estimator().equals(estimator))
        .findFirst().orElseThrow();
  }

  @Test
  void theScoresCoverTheGuardAndTestSplitsAndRankCustomersByTheirTrueEffect() {
    long scored = scoredSplits().count();
    long guard = CampaignSplit.guard(table("campaign_experiment"), settings).count();
    assertThat(models.scoredRows()).isEqualTo(scored);
    assertThat(models.trainRows() + scored).isEqualTo(8000);
    // The splits are what the shares say (0.5 / 0.25 / 0.25), to within a few standard errors of a hash draw.
    assertThat(guard).isBetween(2000L - 150, 2000L + 150);
    assertThat(testSplit().count()).isEqualTo(scored - guard);
    assertThat(table("campaign_scores").groupBy("split").count().collectAsList()).hasSize(2);
    Dataset<Row> scores = table("campaign_scores");
    assertThat(scores.columns()).contains("customer_id", "split", "completion_score", "completion_control",
        "completion_uplift_reward_20", "revenue_uplift_reward_5", "sales_control", "reward_cost_uplift_reward_10");
    // Ground truth: customers whom the biggest offer hurts (lower completion than control) get a lower predicted
    // completion uplift on average than customers it helps by more than 5 points.
    Dataset<Row> oracle = table("campaign_oracle");
    Dataset<Row> effect = oracle.where("arm = 'reward_20'").selectExpr("customer_id", "completion as p20")
        .join(oracle.where("arm = 'control'").selectExpr("customer_id", "completion as p0"), "customer_id")
        .selectExpr("customer_id", "p20 - p0 as true_uplift");
    Row r = scores.join(effect, "customer_id").selectExpr(
        "avg(case when true_uplift < 0 then completion_uplift_reward_20 end)",
        "avg(case when true_uplift > 0.05 then completion_uplift_reward_20 end)",
        "corr(completion_uplift_reward_20, true_uplift)").first();
    System.out.printf("predicted completion uplift of reward_20: hurt %.4f, helped %.4f, corr with truth %.3f%n",
        r.getDouble(0), r.getDouble(1), r.getDouble(2));
    assertThat(r.getDouble(0)).isLessThan(r.getDouble(1));
    assertThat(r.getDouble(2)).isPositive();
  }

  @Test
  void theAllocationDecidesEveryScoredCustomerAndMeetsThePredictedSalesFloor() {
    assertThat(allocation.rows()).isEqualTo(scoredSplits().count());
    assertThat(table("policies").count()).isEqualTo(allocation.rows());
    assertThat(allocation.constraints()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("sales_floor");
      assertThat(c.use()).isGreaterThanOrEqualTo(c.limit() * (1 - 1e-9));
    });
  }

  @Test
  void theGuardWritesTheAllocationRestrictedToTheMovesTheGuardSplitConfirms() {
    Allocator allocator = AllocationSettings.configure(Allocator.on(spark), config)
        .scores(spark.read().format("delta").load(tables.location(CampaignModels.SCORES).path()),
            CampaignModels.SCORES);
    try (Allocation unguarded = allocator.run()) {
      AllocationGuard.Outcome guard = AllocationGuard.on(spark, config, tables).apply(unguarded, CampaignModels.SCORES);
      assertThat(guard.fallbackArm()).isEqualTo("reward_20"); // the floor's relative-to arm
      assertThat(guard.guardRows()).isEqualTo(CampaignSplit.guard(table("campaign_experiment"), settings).count());
      List<GuardChoice.Step> steps = guard.steps();
      int chosen = GuardChoice.choose(steps);
      assertThat(chosen).isGreaterThanOrEqualTo(0);
      assertThat(guard.share()).isEqualTo(steps.get(chosen).share());
      // Step 0 is everyone on reward_20: its slack against itself is exactly 1/0.99 - 1 in every replicate.
      assertThat(steps.get(0).moved()).isZero();
      assertThat(steps.get(0).lowerBound()[0]).isCloseTo(1 / 0.99 - 1, within(1e-9));
      // The last step is the unguarded allocation: every customer it moves.
      long rows = unguarded.result().rows();
      assertThat(steps.get(steps.size() - 1).moved()).isEqualTo(rows - unguarded.result().armCounts().get("reward_20"));
      for (int j = 0; j <= chosen; j++) {
        assertThat(steps.get(j).lowerBound()[0]).isGreaterThanOrEqualTo(0);
      }
      if (chosen + 1 < steps.size()) {
        assertThat(steps.get(chosen + 1).holds()).isFalse();
      }
      // The guarded policy moves exactly the chosen step's customers, and it is what allocate wrote (same seed).
      long offFallback = rows - guard.allocation().result().armCounts().get("reward_20");
      assertThat(offFallback).isEqualTo(steps.get(chosen).moved());
      assertThat(table("policies").where("treatment <> 'reward_20'").count()).isEqualTo(offFallback);
      assertThat(table("policy_summaries").first().<String>getAs("method")).contains("+guard(");
    }
  }

  @Test
  void theWrittenPolicyMeetsTheSalesFloorInTruth() {
    // Ground truth over every allocated customer: expected sales of the written policy against 99% of everyone on
    // reward_20, within the evaluation's stated tolerance (campaign.evaluation.constraint-tolerance).
    Dataset<Row> oracle = table("campaign_oracle");
    Dataset<Row> policy = table("policies").selectExpr("customer_id", "treatment as arm");
    double sales = oracle.join(policy, new String[] {"customer_id", "arm"}, "inner").selectExpr("sum(sales)").first()
        .getDouble(0);
    double reference = oracle.where("arm = 'reward_20'").join(policy.select("customer_id"), "customer_id")
        .selectExpr("sum(sales)").first().getDouble(0);
    double slack = (sales - 0.99 * reference) / (0.99 * reference);
    System.out.printf("guarded policy: true sales slack %+.4f of the floor%n", slack);
    assertThat(slack).isGreaterThanOrEqualTo(-config.section("campaign.evaluation").getDouble("constraint-tolerance"));
  }

  @Test
  void estimatesAndTrueValuesEqualTheFormulasRecomputedWithSql() {
    long n = evaluation.testRows();
    // IPS of "everyone control" on revenue: sum over control customers of revenue / p(control) / n.
    double ips = testSplit().selectExpr("sum(case when arm = 'control' then revenue / 0.25 else 0 end)").first()
        .getDouble(0) / n;
    assertThat(measure("everyone_control", "value", "revenue", "", "ips").estimate()).isCloseTo(ips, within(1e-9));
    // SNIPS of "everyone reward_20" on sales: the mean sales of its customers.
    double snips = testSplit().where("arm = 'reward_20'").selectExpr("avg(sales)").first().getDouble(0);
    assertThat(measure("everyone_reward_20", "value", "sales", "", "snips").estimate()).isCloseTo(snips, within(1e-9));
    // True value of the allocated policy: the oracle's expected revenue of each customer's allocated arm.
    Dataset<Row> policy = table("policies").selectExpr("customer_id", "treatment as arm")
        .join(testSplit().select("customer_id"), "customer_id");
    double truth = table("campaign_oracle").join(policy, new String[] {"customer_id", "arm"}, "inner")
        .selectExpr("avg(revenue)").first().getDouble(0);
    PolicyMeasure allocated = measure(CampaignPolicy.ALLOCATED, "value", "revenue", "", "dr");
    assertThat(allocated.truth()).isCloseTo(truth, within(1e-9));
    PolicyMeasure control = measure("everyone_control", "value", "revenue", "", "dr");
    assertThat(measure(CampaignPolicy.ALLOCATED, "relative_lift", "revenue", "everyone_control", "dr").truth())
        .isCloseTo((truth - control.truth()) / control.truth(), within(1e-9));
    // e%iS in truth: reward expense per customer over the extra sales against everyone on control.
    double reward = measure(CampaignPolicy.ALLOCATED, "value", "reward_cost", "", "dr").truth();
    double sales = measure(CampaignPolicy.ALLOCATED, "value", "sales", "", "dr").truth();
    double baseSales = measure("everyone_control", "value", "sales", "", "dr").truth();
    assertThat(measure(CampaignPolicy.ALLOCATED, "eis", "reward_cost/sales", "everyone_control", "dr").truth())
        .isCloseTo(reward / (sales - baseSales), within(1e-9));
    // Every estimate has an interval around it.
    assertThat(evaluation.measures()).filteredOn(m -> m.measure().equals("value"))
        .allSatisfy(m -> assertThat(m.ciLow()).isLessThanOrEqualTo(m.estimate()).isNotNaN());
  }

  @Test
  void aRerunReplacesTheEvaluationRowsAndTheReportHasItsCharts() throws Exception {
    long before = table("campaign_evaluations").count();
    assertThat(before).isEqualTo(evaluation.measures().size());
    CampaignEvaluation.on(spark, config, tables).execute(WriteContext.of("test", DAY));
    assertThat(table("campaign_evaluations").count()).isEqualTo(before);
    String html = Files.readString(Path.of(evaluation.reportPath().replaceFirst("^file:", "")));
    assertThat(html).contains("value-revenue.png").contains("Relative lifts").contains("e%iS");
    assertThat(Path.of(evaluation.reportPath().replaceFirst("^file:", "")).resolveSibling("value-revenue.png"))
        .exists();
  }
}
