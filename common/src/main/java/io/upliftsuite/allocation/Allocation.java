package io.upliftsuite.allocation;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A finished allocation: its result and the per-customer decisions, computed from the cached scores on demand. It can
 * be pulled back towards a fallback arm ({@link #restricted}), which is how the allocation guard makes it safe.
 */
public final class Allocation implements AutoCloseable {
  /** {@link #decisions}: customer id, allocated arm index, its advantage over the fallback arm. */
  public static final StructType DECISIONS = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add("arm", DataTypes.IntegerType, false)
      .add("advantage", DataTypes.DoubleType, false);

  private final SparkSession spark;
  private final JavaRDD<ScoreBlock> blocks;
  private final MultiplierRule multipliers;
  private final ArmRule rule;
  private final ScoreLayout layout;
  private final List<AllocationConstraint> constraints;
  private final AllocationResult result;

  Allocation(SparkSession spark, JavaRDD<ScoreBlock> blocks, MultiplierRule rule, ScoreLayout layout,
      List<AllocationConstraint> constraints, AllocationResult result) {
    this(spark, blocks, rule, rule, layout, constraints, result);
  }

  private Allocation(SparkSession spark, JavaRDD<ScoreBlock> blocks, MultiplierRule multipliers, ArmRule rule,
      ScoreLayout layout, List<AllocationConstraint> constraints, AllocationResult result) {
    this.spark = spark;
    this.blocks = blocks;
    this.multipliers = multipliers;
    this.rule = rule;
    this.layout = layout;
    this.constraints = List.copyOf(constraints);
    this.result = result;
  }

  public AllocationResult result() {
    return result;
  }

  public ScoreLayout layout() {
    return layout;
  }

  /**
   * One row per customer ({@link #DECISIONS}): the arm the allocation gives and its Lagrangian advantage over arm
   * {@code fallback} (0 when the allocation gives the fallback arm). Lazy: computed when the dataset is used.
   */
  public Dataset<Row> decisions(int fallback) {
    MultiplierRule m = multipliers;
    ArmRule r = rule;
    JavaRDD<Row> rows = blocks.flatMap(b -> {
      List<Row> out = new ArrayList<>(b.rows);
      for (int i = 0; i < b.rows; i++) {
        int arm = r.arm(b, i);
        out.add(RowFactory.create(b.ids[i], arm, FallbackRule.advantage(m, b, i, arm, fallback)));
      }
      return out.iterator();
    });
    return spark.createDataFrame(rows, DECISIONS);
  }

  /**
   * For each cut, whether the allocation restricted at that cut ({@link #restricted}) still meets every constraint
   * on the scores: one pass over the cached scores for all cuts.
   */
  public boolean[] feasibleOnScores(int fallback, double[] cuts) {
    List<ArmRule> rules = new ArrayList<>();
    for (double c : cuts) {
      rules.add(new FallbackRule(multipliers, fallback, c));
    }
    List<PolicyStats> stats = PolicyEvaluation.evaluate(blocks, rules, constraints, layout.arms());
    boolean[] out = new boolean[cuts.length];
    for (int j = 0; j < cuts.length; j++) {
      out[j] = stats.get(j).feasible(constraints);
    }
    return out;
  }

  /**
   * The allocation with every customer whose advantage over arm {@code fallback} is below {@code cut} put on that
   * arm; its objective, constraint uses and arm counts recomputed in one pass (the dual bound stays the unrestricted
   * problem's, so the gap says what the restriction costs on the scores). Shares this allocation's cached data.
   */
  public Allocation restricted(int fallback, double cut, String method) {
    FallbackRule restricted = new FallbackRule(multipliers, fallback, cut);
    PolicyStats stats = PolicyEvaluation.evaluate(blocks, List.of(restricted), constraints, layout.arms()).get(0);
    List<ConstraintUse> uses = new ArrayList<>();
    for (int j = 0; j < constraints.size(); j++) {
      AllocationConstraint c = constraints.get(j);
      uses.add(new ConstraintUse(c.name(), c.metric(), c.sense(), stats.use()[j], c.limit()));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int a = 0; a < layout.arms(); a++) {
      counts.put(layout.armName(a), stats.armCounts()[a]);
    }
    double bound = result.dualBound();
    double gap = Math.max((bound - stats.objective()) / Math.max(Math.abs(bound), 1e-12), 0.0);
    AllocationResult r = new AllocationResult(method, result.rows(), stats.objective(), bound, gap,
        result.iterations(), result.dataPasses() + 1, result.coreRows(), result.lambda(), uses, counts,
        result.baselines());
    return new Allocation(spark, blocks, multipliers, restricted, layout, constraints, r);
  }

  /** One row per customer (control included) in the {@link PolicyTables#POLICIES} schema. */
  public Dataset<Row> policies(String policyId, LocalDate runDate) {
    ArmRule r = rule;
    String[] names = new String[layout.arms()];
    for (int a = 0; a < names.length; a++) {
      names[a] = layout.armName(a);
    }
    String method = result.method();
    Date date = Date.valueOf(runDate);
    // Lazy per-row iterator: a partition's rows are streamed to the writer, never held in a list.
    JavaRDD<Row> rows = blocks.mapPartitions(
        (Iterator<ScoreBlock> it) -> new PolicyRows(it, r, policyId, date, names, method));
    return spark.createDataFrame(rows, PolicyTables.POLICIES);
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  /** Streams one policy row per customer of the partition's blocks. */
  private static final class PolicyRows implements Iterator<Row> {
    private final Iterator<ScoreBlock> blocks;
    private final ArmRule rule;
    private final String policyId;
    private final Date date;
    private final String[] names;
    private final String method;
    private ScoreBlock block;
    private int i;

    PolicyRows(Iterator<ScoreBlock> blocks, ArmRule rule, String policyId, Date date, String[] names,
        String method) {
      this.blocks = blocks;
      this.rule = rule;
      this.policyId = policyId;
      this.date = date;
      this.names = names;
      this.method = method;
    }

    @Override
    public boolean hasNext() {
      while ((block == null || i >= block.rows) && blocks.hasNext()) {
        block = blocks.next();
        i = 0;
      }
      return block != null && i < block.rows;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      int arm = rule.arm(block, i);
      Row row = RowFactory.create(policyId, date, block.ids[i], names[arm], block.uplift(i, arm), method);
      i++;
      return row;
    }
  }
}
