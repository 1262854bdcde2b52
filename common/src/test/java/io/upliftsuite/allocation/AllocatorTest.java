package io.upliftsuite.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AllocatorTest {
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** Caps on the voucher (count) and sms (budget), a total budget and a 1% sales floor vs everyone on a voucher. */
  private static ConstraintSpec richConstraints(int n) {
    return new ConstraintSpec(
        List.of(new ConstraintSpec.TreatmentCap("voucher", null, 0.08, null),
            new ConstraintSpec.TreatmentCap("sms", null, null, 0.06 * n)),
        0.45 * n, null, null);
  }

  private static Allocator allocator(RandomInstance inst, ConstraintSpec spec, Allocator.Method method) {
    return Allocator.on(spark).scores(inst.scores(spark), "allocation_scores").treatments(RandomInstance.TREATMENTS)
        .constraints(spec).method(method).coreSize(60).groups(40).seed(11).propensityBaseline(0.6, "email");
  }

  @Test
  void bothMethodsAreWithinATenthOfAPercentOfTheExactLpAndBreakNoConstraint() {
    for (long seed : new long[] {1, 2}) {
      RandomInstance inst = new RandomInstance(1200, seed);
      ConstraintSpec spec = seed == 1 ? richConstraints(inst.n)
          : new ConstraintSpec(List.of(new ConstraintSpec.TreatmentCap("voucher", null, 0.3, null)), 0.6 * inst.n,
              0.01, "voucher");
      Double exact = null;
      for (Allocator.Method method : Allocator.Method.values()) {
        try (Allocation allocation = allocator(inst, spec, method).run()) {
          AllocationResult r = allocation.result();
          List<AllocationConstraint> resolved = spec.resolve(RandomInstance.TREATMENTS, totals(inst));
          if (exact == null) {
            exact = inst.exactLp(resolved);
          }
          Map<String, String> assigned = collect(allocation);
          double objective = checkPolicy(inst, resolved, assigned);
          System.out.printf("seed %d %-10s objective %.4f exact LP %.4f (%.4f%% below) dual bound %.4f gap %.4f%% "
                  + "iterations %d passes %d%n", seed, method.label(), objective, exact,
              100 * (exact - objective) / exact, r.dualBound(), 100 * r.gap(), r.iterations(), r.dataPasses());
          r.baselines().forEach(b -> System.out.printf("   baseline %-28s objective %10.3f feasible %s %s%n",
              b.name(), b.objective(), b.feasible(), b.violated()));
          assertThat(r.objective()).isCloseTo(objective, org.assertj.core.data.Offset.offset(1e-6 * exact));
          assertThat(objective).isLessThanOrEqualTo(exact + 1e-6 * exact);
          assertThat((exact - objective) / exact).as(method + " relative distance to the exact LP").isLessThan(1e-3);
          assertThat(r.dualBound()).isGreaterThanOrEqualTo(exact - 1e-6 * exact);
          for (Baseline b : r.baselines()) {
            if (b.feasible()) {
              assertThat(b.objective()).as(b.name()).isLessThanOrEqualTo(objective + 1e-9);
            }
          }
        }
      }
    }
  }

  private static ScoreTotals totals(RandomInstance inst) {
    double[] sales = new double[4];
    double max = 0;
    double scale = 0;
    for (int i = 0; i < inst.n; i++) {
      double best = 0;
      for (int k = 0; k < 4; k++) {
        sales[k] += inst.sales[i][k];
        best = Math.max(best, Math.abs(inst.value(i, k)));
      }
      scale += best;
      max += java.util.Arrays.stream(inst.sales[i]).max().getAsDouble();
    }
    return new ScoreTotals(inst.n, scale, sales, max);
  }

  private static Map<String, String> collect(Allocation allocation) {
    Map<String, String> out = new HashMap<>();
    for (Row row : allocation.policies("p", LocalDate.of(2026, 1, 1)).collectAsList()) {
      assertThat(out.put(row.getString(2), row.getString(3))).as("duplicate customer").isNull();
    }
    return out;
  }

  /** Recomputes objective and every constraint's use from the policy rows; fails on any violation. */
  private static double checkPolicy(RandomInstance inst, List<AllocationConstraint> constraints,
      Map<String, String> assigned) {
    assertThat(assigned).hasSize(inst.n);
    double objective = 0;
    double[] use = new double[constraints.size()];
    for (int i = 0; i < inst.n; i++) {
      String t = assigned.get(inst.ids[i]);
      int arm = t.equals("control") ? 0 : 1 + RandomInstance.TREATMENTS.stream().map(Treatment::name).toList().indexOf(t);
      objective += inst.value(i, arm);
      for (int j = 0; j < use.length; j++) {
        use[j] += inst.coefficient(constraints.get(j), i, arm);
      }
    }
    for (int j = 0; j < use.length; j++) {
      assertThat(constraints.get(j).satisfiedBy(use[j])).as(constraints.get(j).describe() + " used " + use[j]).isTrue();
    }
    return objective;
  }

  @Test
  void oneTreatmentWithACountCapTreatsTheTopUpliftCustomers() {
    List<Row> rows = List.of(
        RowFactory.create("a", 5.0), RowFactory.create("b", -1.0), RowFactory.create("c", 3.0),
        RowFactory.create("d", 4.0), RowFactory.create("e", 0.5));
    Dataset<Row> scores = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
        .add("customer_id", "string").add("uplift_mail", "double"));
    for (Allocator.Method method : Allocator.Method.values()) {
      try (Allocation a = Allocator.on(spark).scores(scores, "s").treatments(List.of(new Treatment("mail", 1.0)))
          .constraints(new ConstraintSpec(List.of(new ConstraintSpec.TreatmentCap("mail", 2L, null, null)),
              null, null, null))
          .method(method).coreSize(2).groups(2).run()) {
        assertThat(a.result().objective()).isEqualTo(9.0);
        Map<String, String> got = collect(a);
        assertThat(got).containsEntry("a", "mail").containsEntry("d", "mail").containsEntry("c", "control")
            .containsEntry("b", "control");
        assertThat(a.result().constraints().get(0).use()).isEqualTo(2.0);
        // Baselines by hand: everybody 5-1+3+4+0.5 = 11.5 (breaks the cap), nobody 0, greedy = top 2 = 9.
        Map<String, Baseline> byName = new HashMap<>();
        a.result().baselines().forEach(b -> byName.put(b.name(), b));
        assertThat(byName.get("everybody_mail").objective()).isEqualTo(11.5);
        assertThat(byName.get("everybody_mail").feasible()).isFalse();
        assertThat(byName.get("nobody").objective()).isEqualTo(0.0);
        assertThat(byName.get("greedy_by_uplift").objective()).isEqualTo(9.0);
        assertThat(byName.get("greedy_by_uplift").feasible()).isTrue();
      }
    }
  }

  @Test
  void greedyThresholdsInOnePassEqualEvaluatingEachThresholdPolicy() {
    RandomInstance inst = new RandomInstance(400, 9);
    ConstraintSpec spec = richConstraints(inst.n);
    ScoreTable.Prepared prepared = ScoreTable.prepare(inst.scores(spark), "s", RandomInstance.TREATMENTS,
        ScoreColumns.defaults(), false);
    try {
      List<AllocationConstraint> cs = spec.resolve(RandomInstance.TREATMENTS, totals(inst));
      double[] thresholds = {Double.MIN_VALUE, 0.5, 1.0, 2.0, 4.0, Double.POSITIVE_INFINITY};
      List<PolicyStats> onePass = Baselines.thresholdStats(prepared.blocks(), cs, 4, thresholds);
      List<ArmRule> rules = new java.util.ArrayList<>();
      for (double t : thresholds) {
        rules.add(Baselines.greedyRule(t));
      }
      List<PolicyStats> each = PolicyEvaluation.evaluate(prepared.blocks(), rules, cs, 4);
      for (int p = 0; p < thresholds.length; p++) {
        assertThat(onePass.get(p).objective()).isCloseTo(each.get(p).objective(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(onePass.get(p).armCounts()).containsExactly(each.get(p).armCounts());
        for (int j = 0; j < cs.size(); j++) {
          assertThat(onePass.get(p).use()[j]).isCloseTo(each.get(p).use()[j], org.assertj.core.data.Offset.offset(1e-9));
        }
      }
      assertThat(onePass.get(5).armCounts()[0]).isEqualTo(inst.n); // infinite threshold = nobody
    } finally {
      prepared.blocks().unpersist(false);
    }
  }

  @Test
  void constraintsThatCannotBeMetTogetherNameTheConstraint() {
    RandomInstance inst = new RandomInstance(300, 5);
    // No sales drop allowed relative to everyone on a voucher (mean uplift > 0), but no budget for any treatment.
    ConstraintSpec spec = new ConstraintSpec(List.of(), 0.0, 0.0, "voucher");
    for (Allocator.Method method : Allocator.Method.values()) {
      assertThatThrownBy(() -> allocator(inst, spec, method).run())
          .isInstanceOf(AllocationInfeasibleException.class)
          .hasMessageStartingWith("Allocation constraint '")
          .hasMessageContaining("cannot be met")
          .satisfies(e -> assertThat(((AllocationInfeasibleException) e).constraint())
              .isIn("sales_floor", "total_budget"));
    }
  }

  @Test
  void aSalesFloorIsMetAndAMaxDropOutsideZeroToOneIsRejected() {
    RandomInstance inst = new RandomInstance(100, 6);
    assertThatThrownBy(() -> new ConstraintSpec(List.of(), null, -0.1, "email").validate(RandomInstance.TREATMENTS))
        .hasMessageContaining("allocation.constraints.sales-floor.max-drop");
    // Floor = all sales if everyone got email (no drop allowed); unconstrained otherwise, so it binds or not but
    // must hold, and the limit must be exactly the hand-computed sum.
    ConstraintSpec spec = new ConstraintSpec(List.of(), null, 0.0, "email");
    double emailSales = 0;
    for (int i = 0; i < inst.n; i++) {
      emailSales += inst.sales[i][1];
    }
    try (Allocation a = allocator(inst, spec, Allocator.Method.LAGRANGIAN).run()) {
      ConstraintUse floor = a.result().constraints().get(0);
      assertThat(floor.limit()).isCloseTo(emailSales, org.assertj.core.data.Offset.offset(1e-9 * emailSales));
      assertThat(floor.use()).isGreaterThanOrEqualTo(floor.limit() - 1e-9 * emailSales);
    }
  }

  @Test
  void badScoresFailNamingTableColumnAndCount() {
    RandomInstance inst = new RandomInstance(50, 3);
    Dataset<Row> broken = inst.scores(spark).withColumn("uplift_sms",
        functions.when(functions.col("customer_id").lt("c000003"), functions.lit(null).cast("double"))
            .otherwise(functions.col("uplift_sms")));
    assertThatThrownBy(() -> Allocator.on(spark).scores(broken, "allocation_scores")
        .treatments(RandomInstance.TREATMENTS).run())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'allocation_scores'").hasMessageContaining("'uplift_sms'")
        .hasMessageContaining("(3 offending rows)");
    assertThatThrownBy(() -> Allocator.on(spark).scores(inst.scores(spark).drop("sales_sms"), "allocation_scores")
        .treatments(RandomInstance.TREATMENTS).constraints(new ConstraintSpec(List.of(), null, 0.01, null)).run())
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'sales_sms'");
  }
}
