package io.upliftsuite.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class AllocatePoliciesTest {
  private final SparkSession spark = SparkTestSession.get();

  private SuiteConfig config(Path root, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("warehouse.root=" + root, "allocation.core-size=50",
        "allocation.grouped.groups=20", "allocation.baselines.enabled=false", "allocation.guard.enabled=false"));
    all.addAll(List.of(overrides));
    return SuiteConfig.load("local", List.of(), all);
  }

  /** Writes n generated customers in the campaign scores layout to the default scores table. */
  private void scores(SuiteConfig config, Tables tables, long n) {
    DeltaTables.overwrite(ScoresGenerator.generate(spark, n, ScoresGenerator.campaignTreatments(), 2, config.seed()),
        tables.location(AllocationSettings.scoresTable(config)), List.of(), WriteContext.of("test", LocalDate.now()));
  }

  @Test
  void theDefaultsReadTheCampaignScoresAndAListReplacesTheConstraints() {
    SuiteConfig config = config(SparkTestSession.tempDir("alloc-conf"));
    ScoreLayout layout = AllocationSettings.layout(config);
    assertThat(layout.treatments()).containsExactly("reward_5", "reward_10", "reward_20");
    assertThat(layout.objectiveColumn("reward_5")).isEqualTo("revenue_uplift_reward_5");
    assertThat(layout.metrics()).extracting(Metric::name).containsExactly("sales", "reward_cost");
    assertThat(AllocationSettings.constraints(config)).singleElement()
        .satisfies(c -> {
          assertThat(c.bound()).isEqualTo(ConstraintSpec.Bound.MIN_RATIO);
          assertThat(c.value()).isEqualTo(0.99);
          assertThat(c.relativeTo()).isEqualTo("reward_20");
        });
    SuiteConfig other = config(SparkTestSession.tempDir("alloc-conf2"), "allocation.constraints=[{name = cap, "
        + "metric = count, arms = [reward_20], max-share = 0.1}, {name = budget, metric = reward_cost, max = 100}]");
    assertThat(AllocationSettings.constraints(other)).extracting(ConstraintSpec::name).containsExactly("cap", "budget");
    assertThatThrownBy(() -> AllocationSettings.constraints(config(SparkTestSession.tempDir("alloc-conf3"),
        "allocation.constraints=[{name = two, metric = count, max = 1, max-share = 0.1}]")))
        .hasMessageContaining("allocation.constraints 'two'").hasMessageContaining("not both");
    assertThat(AllocationSettings.method(config)).isEqualTo(Allocator.Method.LAGRANGIAN);
  }

  @Test
  void aRerunForTheSameDateReplacesThePolicyAndAnotherPolicyIdIsKept() {
    Path root = SparkTestSession.tempDir("alloc-write");
    SuiteConfig config = config(root, "allocation.constraints=[{name = total_budget, metric = reward_cost, "
        + "max = 800}, {name = big_reward_share, metric = count, arms = [reward_20], max-share = 0.1}]");
    Tables tables = new Tables(config);
    scores(config, tables, 600);
    LocalDate day = LocalDate.of(2026, 3, 1);
    WriteContext context = WriteContext.of("allocate", day);
    AllocationResult first = AllocatePolicies.on(spark, config, tables).execute(context);
    AllocationResult again = AllocatePolicies.on(spark, config, tables).execute(context);
    AllocatePolicies.on(spark, config, tables).method(Allocator.Method.GROUPED).policyId("grouped").execute(context);

    Dataset<Row> policies = spark.read().format("delta").load(tables.location("policies").path());
    assertThat(policies.where("policy_id = 'campaign'").count()).isEqualTo(600);
    assertThat(policies.where("policy_id = 'grouped'").count()).isEqualTo(600);
    assertThat(policies.select("customer_id", "policy_id").distinct().count()).isEqualTo(1200);
    assertThat(again.objective()).isEqualTo(first.objective()); // deterministic
    // The written expected uplift of the default policy sums to the reported objective (weights are 1).
    double written = policies.where("policy_id = 'campaign'").agg(org.apache.spark.sql.functions.sum("expected_uplift"))
        .first().getDouble(0);
    assertThat(written).isCloseTo(first.objective(), org.assertj.core.data.Offset.offset(1e-6 * first.objective()));

    Dataset<Row> summaries = spark.read().format("delta").load(tables.location("policy_summaries").path());
    assertThat(summaries.count()).isEqualTo(2);
    Row s = summaries.where("policy_id = 'campaign'").first();
    assertThat(s.<Double>getAs("objective")).isEqualTo(first.objective());
    List<Row> constraints = s.getList(s.fieldIndex("constraints"));
    Row budget = constraints.stream().filter(r -> r.getString(0).equals("total_budget")).findFirst().orElseThrow();
    assertThat(budget.getDouble(3)).isLessThanOrEqualTo(800.0 + 1e-9);
    assertThat(budget.getDouble(4)).isEqualTo(800.0);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, tables.location("policies").path())).contains("allocate");
  }

  @Test
  void infeasibleConstraintsWriteNothing() {
    Path root = SparkTestSession.tempDir("alloc-infeasible");
    SuiteConfig config = config(root, "allocation.constraints=[{name = total_budget, metric = reward_cost, "
        + "max = 0}, {name = sales_floor, metric = sales, min-ratio = 1.0, relative-to = reward_20}]");
    Tables tables = new Tables(config);
    scores(config, tables, 300);
    assertThatThrownBy(() -> AllocatePolicies.on(spark, config, tables)
        .execute(WriteContext.of("allocate", LocalDate.of(2026, 3, 2))))
        .isInstanceOf(AllocationInfeasibleException.class)
        .hasMessageStartingWith("Allocation constraint 'sales_floor' cannot be met")
        .hasMessageContaining("no assignment reaches more than");
    assertThat(DeltaTables.exists(spark, tables.location("policies").path())).isFalse();
  }
}
