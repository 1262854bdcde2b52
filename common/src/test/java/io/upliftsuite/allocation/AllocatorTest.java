package io.upliftsuite.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.allocation.ConstraintSpec.Bound;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
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

  /** Caps on the voucher (count share) and sms (budget), and a total budget. */
  private static List<ConstraintSpec> richConstraints(int n) {
    return List.of(
        new ConstraintSpec("voucher_share", "count", List.of("voucher"), Bound.MAX_SHARE, 0.08, null),
        new ConstraintSpec("sms_budget", "cost", List.of("sms"), Bound.MAX, 0.06 * n, null),
        new ConstraintSpec("total_budget", "cost", List.of(), Bound.MAX, 0.45 * n, null));
  }

  /** A voucher cap, a total budget and sales at least 99% of everyone on a voucher. */
  private static List<ConstraintSpec> floorConstraints(int n) {
    return List.of(
        new ConstraintSpec("voucher_share", "count", List.of("voucher"), Bound.MAX_SHARE, 0.3, null),
        new ConstraintSpec("total_budget", "cost", List.of(), Bound.MAX, 0.6 * n, null),
        new ConstraintSpec("sales_floor", "sales", List.of(), Bound.MIN_RATIO, 0.99, "voucher"));
  }

  private static Allocator allocator(RandomInstance inst, List<ConstraintSpec> spec, Allocator.Method method) {
    return Allocator.on(spark).scores(inst.scores(spark), "scores").layout(RandomInstance.LAYOUT)
        .constraints(spec).method(method).coreSize(60).groups(40).seed(11).sampleSize(400)
        .scoreThreshold(0.6, "email", false);
  }

  @Test
  void bothMethodsAreWithinATenthOfAPercentOfTheExactLpAndBreakNoConstraint() {
    for (long seed : new long[] {1, 2}) {
      RandomInstance inst = new RandomInstance(1200, seed);
      List<ConstraintSpec> spec = seed == 1 ? richConstraints(inst.n) : floorConstraints(inst.n);
      Double exact = null;
      for (Allocator.Method method : Allocator.Method.values()) {
        try (Allocation allocation = allocator(inst, spec, method).run()) {
          AllocationResult r = allocation.result();
          List<Double> limits = r.constraints().stream().map(ConstraintUse::limit).toList();
          if (exact == null) {
            exact = inst.exactLp(spec, limits);
          }
          Map<String, String> assigned = collect(allocation);
          double objective = checkPolicy(inst, spec, limits, assigned);
          System.out.printf("seed %d %-10s objective %.4f exact LP %.4f (%.4f%% below) dual bound %.4f gap %.4f%% "
                  + "iterations %d passes %d%n", seed, r.method(), objective, exact,
              100 * (exact - objective) / exact, r.dualBound(), 100 * r.gap(), r.iterations(), r.dataPasses());
          r.baselines().forEach(b -> System.out.printf("   baseline %-28s objective %10.3f feasible %s %s%n",
              b.name(), b.objective(), b.feasible(), b.violated()));
          assertThat(r.objective()).isCloseTo(objective, within(1e-6 * exact));
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

  @Test
  void theSampleWarmStartAndNewtonStepsReachTheCuttingPlaneOptimumInFewPasses() {
    RandomInstance inst = new RandomInstance(20000, 4);
    ScoreBlock all = inst.block();
    List<ConstraintSpec> specs = floorConstraints(inst.n);
    List<ConstraintSpec.Term> terms = specs.stream().map(c -> c.term(RandomInstance.LAYOUT)).toList();
    // Limits by hand: 30% of 20,000 customers; 0.6 n; 0.99 x sales of everyone on a voucher.
    double voucherSales = 0;
    for (int i = 0; i < inst.n; i++) {
      voucherSales += inst.sales[i][3];
    }
    List<AllocationConstraint> cs = List.of(
        new AllocationConstraint("voucher_share", "count", terms.get(0), false, 6000, ""),
        new AllocationConstraint("total_budget", "cost", terms.get(1), false, 0.6 * inst.n, ""),
        new AllocationConstraint("sales_floor", "sales", terms.get(2), true, 0.99 * voucherSales, ""));
    double scale = 0;
    for (int i = 0; i < inst.n; i++) {
      double best = 0;
      for (int k = 1; k < 4; k++) {
        best = Math.max(best, Math.abs(inst.value(i, k)));
      }
      scale += best;
    }
    int[] calls = {0};
    DualPoint.Evaluator counted = lambda -> {
      calls[0]++;
      return DualPoint.local(List.of(all), cs, null).evaluate(lambda);
    };
    MultiplierSearch.Outcome kelley = new MultiplierSearch(counted, cs, scale).tolerance(1e-9).run();
    int kelleyPasses = calls[0];
    calls[0] = 0;
    int[] pick = new int[2000];
    for (int i = 0; i < pick.length; i++) {
      pick[i] = i * 10; // every tenth customer: a 10% sample
    }
    double fraction = 0.1;
    List<AllocationConstraint> scaled = cs.stream().map(c -> c.withLimit(c.limit() * fraction)).toList();
    MultiplierSearch.Outcome warm = new MultiplierSearch(counted, cs, scale).tolerance(1e-7)
        .warmStart(DualPoint.local(List.of(all.select(pick)), scaled, null), fraction).run();
    System.out.printf("cutting planes: D %.6f in %d passes; sample + Newton: D %.6f in %d passes (%s)%n",
        kelley.best().dualValue(), kelleyPasses, warm.best().dualValue(), calls[0], warm.route());
    assertThat(warm.route()).isEqualTo("sample+newton");
    assertThat(calls[0]).isLessThanOrEqualTo(5).isLessThan(kelleyPasses / 2);
    // Both are upper bounds of the same LP optimum; the Newton point is as tight as the cutting planes' to 1e-6.
    assertThat(warm.best().dualValue()).isCloseTo(kelley.best().dualValue(),
        within(1e-6 * Math.abs(kelley.best().dualValue())));
  }

  private static Map<String, String> collect(Allocation allocation) {
    Map<String, String> out = new HashMap<>();
    for (Row row : allocation.policies("p", LocalDate.of(2026, 1, 1)).collectAsList()) {
      assertThat(out.put(row.getString(2), row.getString(3))).as("duplicate customer").isNull();
    }
    return out;
  }

  /** Recomputes objective and every constraint's use from the policy rows; fails on any violation. */
  private static double checkPolicy(RandomInstance inst, List<ConstraintSpec> constraints, List<Double> limits,
      Map<String, String> assigned) {
    assertThat(assigned).hasSize(inst.n);
    double objective = 0;
    double[] use = new double[constraints.size()];
    for (int i = 0; i < inst.n; i++) {
      String t = assigned.get(inst.ids[i]);
      int arm = t.equals("control") ? 0 : 1 + RandomInstance.TREATMENTS.indexOf(t);
      objective += inst.value(i, arm);
      for (int j = 0; j < use.length; j++) {
        use[j] += inst.coefficient(constraints.get(j), i, arm);
      }
    }
    for (int j = 0; j < use.length; j++) {
      double slack = 1e-9 * Math.max(1, Math.abs(limits.get(j)));
      boolean min = constraints.get(j).bound().name().startsWith("MIN");
      assertThat(min ? use[j] >= limits.get(j) - slack : use[j] <= limits.get(j) + slack)
          .as(constraints.get(j).name() + " used " + use[j] + " limit " + limits.get(j)).isTrue();
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
    ScoreLayout layout = new ScoreLayout("customer_id", List.of("mail"), "control", "uplift_{arm}", "", "", List.of());
    for (Allocator.Method method : Allocator.Method.values()) {
      try (Allocation a = Allocator.on(spark).scores(scores, "s").layout(layout)
          .constraints(List.of(new ConstraintSpec("mail_cap", "count", List.of("mail"), Bound.MAX, 2, null)))
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
    List<ConstraintSpec> spec = richConstraints(inst.n);
    ScoreTable.Prepared prepared = ScoreTable.prepare(inst.scores(spark), "s", RandomInstance.LAYOUT);
    try {
      List<ConstraintSpec.Term> terms = spec.stream().map(c -> c.term(RandomInstance.LAYOUT)).toList();
      ScanSummary totals = ScanSummary.of(prepared.blocks(), terms, prepared.slots(), "s");
      List<AllocationConstraint> cs = new ArrayList<>();
      for (int j = 0; j < spec.size(); j++) {
        cs.add(spec.get(j).resolve(RandomInstance.LAYOUT, totals, j));
      }
      double[] thresholds = {Double.MIN_VALUE, 0.5, 1.0, 2.0, 4.0, Double.POSITIVE_INFINITY};
      List<PolicyStats> onePass = Baselines.thresholdStats(prepared.blocks(), cs, 4, thresholds);
      List<ArmRule> rules = new ArrayList<>();
      for (double t : thresholds) {
        rules.add(Baselines.greedyRule(t));
      }
      List<PolicyStats> each = PolicyEvaluation.evaluate(prepared.blocks(), rules, cs, 4);
      for (int p = 0; p < thresholds.length; p++) {
        assertThat(onePass.get(p).objective()).isCloseTo(each.get(p).objective(), within(1e-9));
        assertThat(onePass.get(p).armCounts()).containsExactly(each.get(p).armCounts());
        for (int j = 0; j < cs.size(); j++) {
          assertThat(onePass.get(p).use()[j]).isCloseTo(each.get(p).use()[j], within(1e-9));
        }
      }
      assertThat(onePass.get(5).armCounts()[0]).isEqualTo(inst.n); // infinite threshold = nobody
    } finally {
      prepared.blocks().unpersist(false);
    }
  }

  @Test
  void aConstraintNoAssignmentMeetsFailsWithTheBestValueReachable() {
    RandomInstance inst = new RandomInstance(300, 5);
    double maxSales = 0;
    double voucherSales = 0;
    for (int i = 0; i < inst.n; i++) {
      maxSales += java.util.Arrays.stream(inst.sales[i]).max().orElseThrow();
      voucherSales += inst.sales[i][3];
    }
    // 1.5 x everyone on a voucher is above the most any assignment sells (the per-customer best arm).
    List<ConstraintSpec> alone = List.of(
        new ConstraintSpec("sales_floor", "sales", List.of(), Bound.MIN_RATIO, 1.5, "voucher"));
    assertThat(1.5 * voucherSales).isGreaterThan(maxSales);
    double best = maxSales;
    assertThatThrownBy(() -> allocator(inst, alone, Allocator.Method.LAGRANGIAN).run())
        .isInstanceOf(AllocationInfeasibleException.class)
        .hasMessageStartingWith("Allocation constraint 'sales_floor' cannot be met")
        .satisfies(e -> assertThat(((AllocationInfeasibleException) e).bestReachable())
            .isCloseTo(best, within(1e-9 * best)));
  }

  @Test
  void constraintsThatCannotBeMetTogetherNameTheConstraintAndTheBestValueUnderTheOthers() {
    RandomInstance inst = new RandomInstance(300, 5);
    // No sales drop allowed relative to everyone on a voucher, but no budget for any treatment: with a zero budget
    // only control is possible, so the most sales the others allow is the sum of sales under control.
    List<ConstraintSpec> spec = List.of(
        new ConstraintSpec("total_budget", "cost", List.of(), Bound.MAX, 0, null),
        new ConstraintSpec("sales_floor", "sales", List.of(), Bound.MIN_RATIO, 1.0, "voucher"));
    double controlSales = 0;
    for (int i = 0; i < inst.n; i++) {
      controlSales += inst.sales[i][0];
    }
    double expected = controlSales;
    for (Allocator.Method method : Allocator.Method.values()) {
      assertThatThrownBy(() -> allocator(inst, spec, method).run())
          .isInstanceOf(AllocationInfeasibleException.class)
          .hasMessageStartingWith("Allocation constraint '")
          .hasMessageContaining("cannot be met")
          .satisfies(e -> {
            AllocationInfeasibleException x = (AllocationInfeasibleException) e;
            System.out.println(method + ": " + x.getMessage());
            assertThat(x.constraint()).isEqualTo("sales_floor");
            assertThat(x.getMessage()).contains("no assignment reaches more than");
            // An upper bound on the best sales under the budget; the search stops within its tolerance.
            assertThat(x.bestReachable()).isCloseTo(expected, within(1e-5 * expected));
          });
    }
  }

  @Test
  void aSalesFloorIsMetWithTheLimitComputedByHandAndBadBoundsAreRejected() {
    RandomInstance inst = new RandomInstance(100, 6);
    assertThatThrownBy(() -> new ConstraintSpec("x", "sales", List.of(), Bound.MIN_SHARE, 0.5, null))
        .hasMessageContaining("allocation.constraints 'x'").hasMessageContaining("metric = count");
    assertThatThrownBy(() -> new ConstraintSpec("y", "sales", List.of(), Bound.MIN_RATIO, 0.5, null))
        .hasMessageContaining("relative-to");
    assertThatThrownBy(() -> allocator(inst, List.of(new ConstraintSpec("z", "margin", List.of(), Bound.MAX, 1, null)),
        Allocator.Method.LAGRANGIAN).run()).hasMessageContaining("unknown metric 'margin'");
    // Floor = all sales if everyone got email (no drop allowed); it binds or not but must hold, and the limit must
    // be exactly the hand-computed sum.
    List<ConstraintSpec> spec = List.of(
        new ConstraintSpec("sales_floor", "sales", List.of(), Bound.MIN_RATIO, 1.0, "email"));
    double emailSales = 0;
    for (int i = 0; i < inst.n; i++) {
      emailSales += inst.sales[i][1];
    }
    try (Allocation a = allocator(inst, spec, Allocator.Method.LAGRANGIAN).run()) {
      ConstraintUse floor = a.result().constraints().get(0);
      assertThat(floor.limit()).isCloseTo(emailSales, within(1e-9 * emailSales));
      assertThat(floor.use()).isGreaterThanOrEqualTo(floor.limit() - 1e-9 * emailSales);
    }
  }

  @Test
  void badScoresFailNamingTableColumnAndCount() {
    RandomInstance inst = new RandomInstance(50, 3);
    Dataset<Row> broken = inst.scores(spark).withColumn("uplift_sms",
        functions.when(functions.col("customer_id").lt("c000003"), functions.lit(null).cast("double"))
            .otherwise(functions.col("uplift_sms")));
    assertThatThrownBy(() -> Allocator.on(spark).scores(broken, "allocation_scores").layout(RandomInstance.LAYOUT)
        .run())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("'allocation_scores'").hasMessageContaining("'uplift_sms'")
        .hasMessageContaining("(3 offending rows)");
    assertThatThrownBy(() -> Allocator.on(spark).scores(inst.scores(spark).drop("sales_sms"), "allocation_scores")
        .layout(RandomInstance.LAYOUT).run())
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'sales_sms'");
    Dataset<Row> negative = inst.scores(spark).withColumn("weight",
        functions.when(functions.col("customer_id").equalTo("c000007"), functions.lit(-1.0))
            .otherwise(functions.col("weight")));
    assertThatThrownBy(() -> Allocator.on(spark).scores(negative, "allocation_scores").layout(RandomInstance.LAYOUT)
        .run())
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'weight'")
        .hasMessageContaining("negative").hasMessageContaining("(1 offending row)");
  }
}
