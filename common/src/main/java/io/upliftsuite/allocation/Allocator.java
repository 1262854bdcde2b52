package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Constrained multi-treatment allocation: maximise sum_i w_i * objective(x_i, arm_i), one arm per customer (control
 * allowed, objective 0), under linear constraints on per-arm metrics (counts, budgets, sales floors), absolute or
 * relative to everyone getting one arm.
 *
 * <p>ALGORITHM. One read of the scores builds cached primitive blocks; the first pass over them validates the values
 * and sums the totals the limits need ({@link ScanSummary}); a second, cheap pass draws a seeded sample to the driver
 * ({@link ScoreSample}). Then, by method:
 * <ul>
 *   <li>{@code lagrangian}: multipliers from the sample, refined by Newton steps on the full data, one pass each
 *       ({@link MultiplierSearch}; cutting planes as a fallback).</li>
 *   <li>{@code grouped}: G quantile groups by best predicted value (cut points from the sample), one aggregation of
 *       per-group sums, the group LP on the driver ({@link GroupedLp}); its constraint prices assign individuals,
 *       then one pass evaluates the dual at those prices. If the group LP has no solution it falls back to the
 *       Lagrangian search.</li>
 * </ul>
 * Both then fix every customer to its argmax and re-solve the near-tie core exactly ({@link CoreRefinement}), and one
 * verification pass computes the written policy's objective and every constraint's use: a policy that breaks a
 * constraint is never returned. Constraints that cannot be met fail before anything is written, naming the
 * constraint and the best value an assignment reaches. The driver only holds aggregates, the sample, the core and
 * the LPs.
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
  private String tableName = "scores";
  private ScoreLayout layout;
  private List<ConstraintSpec> constraints = List.of();
  private Method method = Method.LAGRANGIAN;
  private int maxIterations = 100;
  private double tolerance = 1e-7;
  private int groups = 100;
  private int sampleSize = 200_000;
  private int coreSize = 500;
  private long seed = 42;
  private boolean baselines = true;
  private Baselines.ScoreThreshold scoreThreshold;

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

  public Allocator layout(ScoreLayout layout) {
    this.layout = layout;
    return this;
  }

  public Allocator constraints(List<ConstraintSpec> constraints) {
    this.constraints = List.copyOf(constraints);
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
    this.sampleSize = positive(sampleSize, "allocation.sample-size");
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

  /** Adds the score-threshold baseline (needs the layout's score column); null treatment = none. */
  public Allocator scoreThreshold(double value, String treatment, boolean below) {
    this.scoreThreshold = new Baselines.ScoreThreshold(value, treatment, below);
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
    if (scores == null || layout == null) {
      throw new IllegalArgumentException("no scores table or layout given");
    }
    List<ConstraintSpec.Term> terms = new ArrayList<>();
    for (ConstraintSpec c : constraints) {
      terms.add(c.term(layout)); // names of metrics and arms are checked before any data is read
    }
    int arms = layout.arms();
    long start = System.nanoTime();
    ScoreTable.Prepared prepared = ScoreTable.prepare(scores, tableName, layout);
    JavaRDD<ScoreBlock> blocks = prepared.blocks();
    try {
      ScanSummary totals = ScanSummary.of(blocks, terms, prepared.slots(), tableName);
      List<AllocationConstraint> resolved = new ArrayList<>();
      for (int j = 0; j < constraints.size(); j++) {
        resolved.add(constraints.get(j).resolve(layout, totals, j));
      }
      ScoreBlock sample = ScoreSample.draw(blocks, totals.rows(), sampleSize, seed, layout.treatments().size(),
          layout.metrics().size(), layout.weight() != null, layout.score() != null);
      double fraction = sample.rows / (double) totals.rows();
      int passes = 2;
      LOG.info("allocation: {} customers x {} arms, {} constraints, sample {} ({} s)", totals.rows(), arms,
          resolved.size(), sample.rows, seconds(start));

      DualPoint point = null;
      CoreRefinement.Refined refined = null;
      int iterations = 0;
      String label = method.label();
      DualPoint.Evaluator evaluator = DualPoint.distributed(blocks, resolved, null);
      try {
        if (method == Method.GROUPED) {
          try {
            GroupedLp.Outcome grouped = GroupedLp.solve(blocks, resolved, arms, sample, groups);
            passes += 1;
            LOG.info("grouped: {} groups, group LP objective {}", grouped.groups(), grouped.groupObjective());
            point = evaluator.evaluate(grouped.lambda());
            iterations = 1;
            passes += 1;
            refined = CoreRefinement.refine(blocks, point, resolved, arms, coreSize);
            passes += refined.passes();
          } catch (MultiplierSearch.JointlyInfeasible e) {
            // Uniform shares per uplift group, or the group LP's prices, can be too coarse for a tight constraint
            // that individuals can still meet: only the exact relaxation can tell, so fall back to it rather than
            // report a constraint as impossible.
            LOG.warn("grouped: {} not met by the group LP; falling back to the Lagrangian search",
                e.constraint.name());
            label = "grouped-fallback-lagrangian";
            refined = null;
          }
        }
        if (refined == null) {
          MultiplierSearch.Outcome search = new MultiplierSearch(evaluator, resolved, totals.valueScale())
              .warmStart(DualPoint.local(List.of(sample), scaled(resolved, fraction), null), fraction)
              .maxIterations(maxIterations).tolerance(tolerance).run();
          point = search.best();
          iterations += search.iterations();
          passes += search.iterations();
          refined = CoreRefinement.refine(blocks, point, resolved, arms, coreSize);
          passes += refined.passes();
        }
      } catch (MultiplierSearch.JointlyInfeasible e) {
        throw jointlyInfeasible(e, blocks, resolved, sample, fraction);
      }
      LOG.info("core: {} customers nearest to a tie re-decided by the exact LP ({} passes; {} s)",
          refined.coreRows(), refined.passes(), seconds(start));
      MultiplierRule rule = new MultiplierRule(point.lambda(), resolved, refined.overrides());
      PolicyStats stats = PolicyEvaluation.evaluate(blocks, List.of(rule), resolved, arms).get(0);
      passes += 1;
      AllocationConstraint broken = stats.firstViolated(resolved);
      if (broken != null) {
        throw new IllegalStateException("internal error: the allocation breaks " + broken.describe()
            + " (use " + stats.use()[resolved.indexOf(broken)] + "); nothing written");
      }
      List<Baseline> baselineResults = baselines
          ? Baselines.evaluate(blocks, layout, resolved, sample, scoreThreshold) : List.of();

      List<ConstraintUse> uses = new ArrayList<>();
      for (int j = 0; j < resolved.size(); j++) {
        AllocationConstraint c = resolved.get(j);
        uses.add(new ConstraintUse(c.name(), c.metric(), c.sense(), stats.use()[j], c.limit()));
      }
      Map<String, Long> armCounts = new LinkedHashMap<>();
      for (int a = 0; a < arms; a++) {
        armCounts.put(layout.armName(a), stats.armCounts()[a]);
      }
      double bound = point.dualValue();
      double gap = (bound - stats.objective()) / Math.max(Math.abs(bound), 1e-12);
      AllocationResult result = new AllocationResult(label, totals.rows(), stats.objective(), bound,
          Math.max(gap, 0.0), iterations, passes, refined.coreRows(), point.lambda(), uses, armCounts,
          baselineResults);
      LOG.info("allocation: {} ({} s)", result.summary(), seconds(start));
      return new Allocation(spark, blocks, rule, layout, resolved, result);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }

  private static List<AllocationConstraint> scaled(List<AllocationConstraint> constraints, double fraction) {
    return constraints.stream().map(c -> c.withLimit(c.limit() * fraction)).toList();
  }

  /**
   * Constraint j cannot be met together with the others: find the best value of its metric that an assignment
   * meeting the others reaches (a Lagrangian search whose objective is that metric), and say so.
   */
  private AllocationInfeasibleException jointlyInfeasible(MultiplierSearch.JointlyInfeasible e,
      JavaRDD<ScoreBlock> blocks, List<AllocationConstraint> resolved, ScoreBlock sample, double fraction) {
    AllocationConstraint c = e.constraint;
    List<AllocationConstraint> others = new ArrayList<>(resolved);
    others.remove(e.index);
    String othersText = String.join("; ", others.stream().map(AllocationConstraint::describe).toList());
    try {
      MultiplierSearch.Outcome best = new MultiplierSearch(DualPoint.distributed(blocks, others, c), others,
          Math.max(Math.abs(c.limit()), 1.0))
          .warmStart(DualPoint.local(List.of(sample), scaled(others, fraction), c), fraction)
          .maxIterations(maxIterations).tolerance(tolerance).run();
      // The dual value bounds the best favourable use of c, -signed use: its use for ">=", minus it for "<=".
      double reachable = c.atLeast() ? best.best().dualValue() : -best.best().dualValue();
      return new AllocationInfeasibleException(c.name(), c.describe() + "; together with the other constraints ("
          + othersText + ") no assignment reaches " + (c.atLeast() ? "more than " : "less than ")
          + String.format(Locale.ROOT, "%.6g", reachable), reachable);
    } catch (MultiplierSearch.JointlyInfeasible inner) {
      return new AllocationInfeasibleException(c.name(), c.describe() + " together with the other constraints ("
          + othersText + "), which cannot all be met together either", Double.NaN);
    }
  }

  private static String seconds(long start) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
  }
}
