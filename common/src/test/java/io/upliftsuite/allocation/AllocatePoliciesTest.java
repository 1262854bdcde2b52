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
    List<String> all = new java.util.ArrayList<>(List.of("warehouse.root=" + root, "allocation.generate.partitions=2",
        "allocation.core-size=50", "allocation.grouped.groups=20", "allocation.baselines.enabled=false"));
    all.addAll(List.of(overrides));
    return SuiteConfig.load("local", List.of(), all);
  }

  @Test
  void defaultsParseAndNullsDisableConstraints() {
    SuiteConfig config = config(SparkTestSession.tempDir("alloc-conf"),
        "allocation.constraints.total-budget=null", "allocation.constraints.sales-floor.max-drop=null");
    ConstraintSpec spec = AllocationSettings.constraints(config.section("allocation.constraints"));
    assertThat(spec.totalBudget()).isNull();
    assertThat(spec.salesMaxDrop()).isNull();
    assertThat(spec.treatmentCaps()).extracting(ConstraintSpec.TreatmentCap::treatment).containsExactly("voucher", "sms");
    assertThat(AllocationSettings.treatments(config)).extracting(Treatment::name).containsExactly("email", "sms", "voucher");
    assertThat(AllocationSettings.method(config)).isEqualTo(Allocator.Method.LAGRANGIAN);
  }

  @Test
  void aRerunForTheSameDateReplacesThePolicyAndAnotherPolicyIdIsKept() {
    Path root = SparkTestSession.tempDir("alloc-write");
    SuiteConfig config = config(root, "allocation.constraints.total-budget=80");
    Tables tables = new Tables(config);
    LocalDate day = LocalDate.of(2026, 3, 1);
    WriteContext context = WriteContext.of("allocate", day);
    AllocationResult first = AllocatePolicies.on(spark, config, tables).generateScores(600).execute(context);
    AllocationResult again = AllocatePolicies.on(spark, config, tables).execute(context);
    AllocatePolicies.on(spark, config, tables).method(Allocator.Method.GROUPED).policyId("grouped").execute(context);

    Dataset<Row> policies = spark.read().format("delta").load(tables.location("policies").path());
    assertThat(policies.where("policy_id = 'default'").count()).isEqualTo(600);
    assertThat(policies.where("policy_id = 'grouped'").count()).isEqualTo(600);
    assertThat(policies.select("customer_id", "policy_id").distinct().count()).isEqualTo(1200);
    assertThat(again.objective()).isEqualTo(first.objective()); // deterministic
    // The written expected uplift of the default policy sums to the reported objective (weights are 1).
    double written = policies.where("policy_id = 'default'").agg(org.apache.spark.sql.functions.sum("expected_uplift"))
        .first().getDouble(0);
    assertThat(written).isCloseTo(first.objective(), org.assertj.core.data.Offset.offset(1e-6 * first.objective()));

    Dataset<Row> summaries = spark.read().format("delta").load(tables.location("policy_summaries").path());
    assertThat(summaries.count()).isEqualTo(2);
    Row s = summaries.where("policy_id = 'default'").first();
    assertThat(s.<Double>getAs("objective")).isEqualTo(first.objective());
    List<Row> constraints = s.getList(s.fieldIndex("constraints"));
    Row budget = constraints.stream().filter(r -> r.getString(0).equals("total_budget")).findFirst().orElseThrow();
    assertThat(budget.getDouble(3)).isLessThanOrEqualTo(80.0 + 1e-9);
    assertThat(budget.getDouble(4)).isEqualTo(80.0);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, tables.location("policies").path())).contains("allocate");
  }

  @Test
  void infeasibleConstraintsWriteNothing() {
    Path root = SparkTestSession.tempDir("alloc-infeasible");
    SuiteConfig config = config(root, "allocation.constraints.total-budget=0",
        "allocation.constraints.sales-floor.max-drop=0");
    Tables tables = new Tables(config);
    assertThatThrownBy(() -> AllocatePolicies.on(spark, config, tables).generateScores(300)
        .execute(WriteContext.of("allocate", LocalDate.of(2026, 3, 2))))
        .isInstanceOf(AllocationInfeasibleException.class).hasMessageContaining("cannot be met");
    assertThat(DeltaTables.exists(spark, tables.location("policies").path())).isFalse();
  }
}
