package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Constrained multi-treatment allocation: maximise sum_i sum_k pi_ik * w_i * tau_k(x_i), one arm per customer
 * (control allowed), under per-treatment count/budget caps, a total budget and a sales floor.
 *
 * <p>ALGORITHM. The scores are validated and cached as primitive blocks (one pass). One pass sums the totals the
 * relative limits need. Then, by method:
 * <ul>
 *   <li>{@code lagrangian}: multipliers by cutting planes on the dual ({@link MultiplierSearch}), one aggregation
 *       per iteration.</li>
 *   <li>{@code grouped}: G quantile groups by predicted uplift, one aggregation of per-group sums, the group LP on
 *       the driver ({@link GroupedLp}); its constraint prices assign individuals, then one pass evaluates the
 *       dual at those prices.</li>
 * </ul>
 * Both then fix every customer to its argmax and re-solve the near-tie core exactly ({@link CoreRefinement}), and
 * one verification pass computes the written policy's objective and every constraint's use: a policy that breaks a
 * constraint is never returned. The driver only ever holds aggregates, the core and the LPs.
 */
public final class Allocator {
  private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);

  /** Which optimiser finds the multipliers. */
  public enum Method {
    GROUPED, LAGRANGIAN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Method parse(String s, String key) {
      for (Method m : values()) {
        if (m.label().equalsIgnoreCase(s.trim())) {
          return m;
        }
      }
      throw new IllegalArgumentException(key + ": unknown allocation method '" + s + "' (grouped or lagrangian)");
    }
  }

  private final SparkSession spark;
  private Dataset<Row> scores;
  private String tableName = "allocation_scores";
  private List<Treatment> treatments = List.of();
  private ScoreColumns columns = ScoreColumns.defaults();
  private ConstraintSpec constraints = ConstraintSpec.none();
  private Method method = Method.LAGRANGIAN;
  private int maxIterations = 100;
  private double tolerance = 1e-7;
  private int groups = 100;
  private int sampleSize = 100_000;
  private int coreSize = 500;
  private long seed = 42;
  private boolean baselines = true;
  private double propensityThreshold = 0.5;
  private String propensityTreatment;

  private Allocator(SparkSession spark) {
    this.spark = spark;
  }

  public static Allocator on(SparkSession spark) {
    return new Allocator(spark);
  }

  public Allocator scores(Dataset<Row> scores, String tableName) {
    this.scores = scores;
    this.tableName = tableName;
    return this;
  }

  public Allocator treatments(List<Treatment> treatments) {
    this.treatments = List.copyOf(treatments);
    return this;
  }

  public Allocator columns(ScoreColumns columns) {
    this.columns = columns;
    return this;
  }

  public Allocator constraints(ConstraintSpec constraints) {
    this.constraints = constraints;
    return this;
  }

  public Allocator method(Method method) {
    this.method = method;
    return this;
  }

  public Allocator maxIterations(int maxIterations) {
    this.maxIterations = positive(maxIterations, "allocation.lagrangian.max-iterations");
    return this;
  }

  public Allocator tolerance(double tolerance) {
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("allocation.lagrangian.tolerance must be > 0, got " + tolerance);
    }
    this.tolerance = tolerance;
    return this;
  }

  public Allocator groups(int groups) {
    this.groups = positive(groups, "allocation.grouped.groups");
    return this;
  }

  public Allocator sampleSize(int sampleSize) {
    this.sampleSize = positive(sampleSize, "allocation.grouped.sample-size");
    return this;
  }

  public Allocator coreSize(int coreSize) {
    this.coreSize = positive(coreSize, "allocation.core-size");
    return this;
  }

  public Allocator seed(long seed) {
    this.seed = seed;
    return this;
  }

  public Allocator baselines(boolean baselines) {
    this.baselines = baselines;
    return this;
  }

  public Allocator propensityBaseline(double threshold, String treatment) {
    this.propensityThreshold = threshold;
    this.propensityTreatment = treatment;
    return this;
  }

  private static int positive(int v, String key) {
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be > 0, got " + v);
    }
    return v;
  }

  /** Runs the allocation; the returned {@link Allocation} holds cached data: close it when done. */
  public Allocation run() {
    if (scores == null) {
      throw new IllegalArgumentException("no scores table given");
    }
    if (treatments.isEmpty()) {
      throw new IllegalArgumentException("allocation.treatments: at least one treatment is needed");
    }
    constraints.validate(treatments);
    int propensityIndex = propensityTreatment == null || propensityTreatment.isBlank() ? 0
        : ConstraintSpec.index(treatments, propensityTreatment, "allocation.baselines.propensity-treatment");
    int arms = treatments.size() + 1;
    long start = System.nanoTime();

    ScoreTable.Prepared prepared = ScoreTable.prepare(scores, tableName, treatments, columns, constraints.needsSales());
    var blocks = prepared.blocks();
    try {
      ScoreTotals totals = ScoreTotals.of(blocks, arms);
      List<AllocationConstraint> resolved = constraints.resolve(treatments, totals);
      int passes = 2;

      DualPoint point = null;
      CoreRefinement.Refined refined = null;
      int iterations = 0;
      String label = method.label();
      if (method == Method.GROUPED) {
        try {
          GroupedLp.Outcome grouped = GroupedLp.solve(blocks, resolved, arms, totals.rows(), groups, sampleSize, seed);
          passes += 2;
          LOG.info("grouped: {} groups, group LP objective {}", grouped.groups(), grouped.groupObjective());
          point = DualPoint.evaluate(blocks, grouped.lambda(), resolved);
          iterations = 1;
          passes += 2;
          refined = CoreRefinement.refine(blocks, point, resolved, arms, coreSize);
        } catch (AllocationInfeasibleException e) {
          // Uniform shares per uplift group, or the group LP's prices, can be too coarse for a tight constraint
          // that individuals can still meet (seen with a sales floor or a small budget): only the exact
          // relaxation can tell, so fall back to it rather than report a constraint as impossible.
          LOG.warn("grouped: {}; falling back to the Lagrangian search", e.getMessage());
          label = "grouped-fallback-lagrangian";
          refined = null;
        }
      }
      if (refined == null) {
        MultiplierSearch.Outcome search = new MultiplierSearch(blocks, resolved, totals.valueScale())
            .maxIterations(maxIterations).tolerance(tolerance).run();
        point = search.best();
        iterations += search.iterations();
        passes += search.iterations();
        refined = CoreRefinement.refine(blocks, point, resolved, arms, coreSize);
        passes += 1;
      }
      MultiplierRule rule = new MultiplierRule(point.lambda(), resolved, refined.overrides());
      PolicyStats stats = PolicyEvaluation.evaluate(blocks, List.of(rule), resolved, arms).get(0);
      passes += 1;
      AllocationConstraint broken = stats.firstViolated(resolved);
      if (broken != null) {
        throw new IllegalStateException("internal error: the allocation breaks " + broken.describe()
            + " (use " + stats.use()[resolved.indexOf(broken)] + "); nothing written");
      }
      List<Baseline> baselineResults = baselines
          ? Baselines.evaluate(blocks, treatments, resolved, totals.rows(), prepared.hasPropensity(),
              propensityThreshold, propensityIndex, seed)
          : List.of();

      List<ConstraintUse> uses = new ArrayList<>();
      for (int j = 0; j < resolved.size(); j++) {
        AllocationConstraint c = resolved.get(j);
        uses.add(new ConstraintUse(c.name(), c.kind().name().toLowerCase(Locale.ROOT), c.atLeast() ? ">=" : "<=",
            stats.use()[j], c.limit()));
      }
      Map<String, Long> armCounts = new LinkedHashMap<>();
      armCounts.put(Allocation.CONTROL, stats.armCounts()[0]);
      for (int t = 0; t < treatments.size(); t++) {
        armCounts.put(treatments.get(t).name(), stats.armCounts()[t + 1]);
      }
      double bound = point.dualValue();
      double gap = (bound - stats.objective()) / Math.max(Math.abs(bound), 1e-12);
      AllocationResult result = new AllocationResult(label, totals.rows(), stats.objective(), bound,
          Math.max(gap, 0.0), iterations, passes, refined.coreRows(), point.lambda(), uses, armCounts,
          baselineResults);
      LOG.info("allocation: {} ({} s)", result.summary(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
      return new Allocation(spark, blocks, rule, treatments, result);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }
}
