package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Off-policy value of several policies at once by IPS, self-normalised IPS and doubly robust estimation, with Poisson
 * bootstrap 95% percentile intervals, all in ONE distributed aggregation.
 *
 * <p>ALGORITHM. Each row carries a seed (a hash of its key), its logged action a, outcome y, logging propensity
 * e = p(contact|x), outcome-model predictions μ1, μ0, and π_p = π_p(contact|x) for every policy p. Executors draw the
 * row's Poisson(1) weight W_b for b = 1..B from its seed (W_0 = 1 is the point estimate) and add, for every segment s
 * (the row's own segment), policy p and replicate b, five sums into one flat array (see {@link #index}):
 * Σ W, Σ W·w·y, Σ W·w, Σ W·dr and Σ W·π (the share contacted), where w = π_p(a|x)/p(a|x) and dr = π_p(1|x)μ1 + π_p(0|x)μ0 + w·(y − μ_a).
 * The driver receives only that array (segments × policies × (B+1) × 5 doubles). Contrasts between two policies use
 * the same replicate weights, so their intervals account for the pairing.
 */
public final class OffPolicyEvaluation {
  static final int STATS = 5;
  private final Dataset<Row> rows;
  private final List<Policy> policies = new ArrayList<>();
  private String seedKeyCol = "row_seed";
  private String actionCol = "action";
  private String outcomeCol = "outcome";
  private String propensityCol = "propensity";
  private String mu1Col = "mu1";
  private String mu0Col = "mu0";
  private Column segment = lit(0);
  private int segments = 1;
  private int replicates = 200;

  private OffPolicyEvaluation(Dataset<Row> rows) {
    this.rows = rows;
  }

  public static OffPolicyEvaluation of(Dataset<Row> rows) {
    return new OffPolicyEvaluation(rows);
  }

  /** A long column unique per row (e.g. xxhash64 of the row key and the configured seed). */
  public OffPolicyEvaluation seedKeyCol(String c) {
    this.seedKeyCol = c;
    return this;
  }

  public OffPolicyEvaluation columns(String action, String outcome, String propensity, String mu1, String mu0) {
    this.actionCol = action;
    this.outcomeCol = outcome;
    this.propensityCol = propensity;
    this.mu1Col = mu1;
    this.mu0Col = mu0;
    return this;
  }

  /** Estimate separately per segment: {@code index} is an int column in [0, count). */
  public OffPolicyEvaluation segments(Column index, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("segment count must be >= 1, got " + count);
    }
    this.segment = index;
    this.segments = count;
    return this;
  }

  public OffPolicyEvaluation replicates(int b) {
    if (b < 20) {
      throw new IllegalArgumentException("bootstrap replicates must be >= 20 for a 95% interval, got " + b);
    }
    this.replicates = b;
    return this;
  }

  public OffPolicyEvaluation policy(Policy p) {
    policies.add(Objects.requireNonNull(p));
    return this;
  }

  public OffPolicyEvaluation policies(List<Policy> ps) {
    ps.forEach(this::policy);
    return this;
  }

  static int index(int segment, int policy, int replicate, int stat, int policies, int replicates) {
    return ((segment * policies + policy) * (replicates + 1) + replicate) * STATS + stat;
  }

  public OffPolicyResult execute() {
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("no policies to evaluate");
    }
    int p = policies.size();
    int b = replicates;
    int s = segments;
    Column[] pis = policies.stream().map(x -> x.contactProbability().cast("double")).toArray(Column[]::new);
    JavaRDD<Row> input = rows.select(col(seedKeyCol).cast("long"), col(actionCol).cast("int"),
        col(outcomeCol).cast("double"), col(propensityCol).cast("double"), col(mu1Col).cast("double"),
        col(mu0Col).cast("double"), segment.cast("int"), array(pis)).javaRDD();
    PoissonBootstrap bootstrap = new PoissonBootstrap();
    double[] zero = new double[s * p * (b + 1) * STATS];
    double[] sums = input.treeAggregate(zero, (acc, r) -> {
      double[] w = new double[b + 1];
      bootstrap.fill(r.getLong(0), w);
      int a = r.getInt(1);
      double y = r.getDouble(2);
      double e = r.getDouble(3);
      double mu1 = r.getDouble(4);
      double mu0 = r.getDouble(5);
      int seg = r.getInt(6);
      List<Double> pi = r.getList(7);
      double muA = a == 1 ? mu1 : mu0;
      for (int q = 0; q < p; q++) {
        double pi1 = pi.get(q);
        double ratio = a == 1 ? pi1 / e : (1 - pi1) / (1 - e);
        double dr = pi1 * mu1 + (1 - pi1) * mu0 + ratio * (y - muA);
        double wy = ratio * y;
        int base = index(seg, q, 0, 0, p, b);
        for (int k = 0; k <= b; k++) {
          double wk = w[k];
          if (wk != 0) {
            int i = base + k * STATS;
            acc[i] += wk;
            acc[i + 1] += wk * wy;
            acc[i + 2] += wk * ratio;
            acc[i + 3] += wk * dr;
            acc[i + 4] += wk * pi1;
          }
        }
      }
      return acc;
    }, (x, y) -> {
      if (x.length != y.length) {
        throw new IllegalStateException("bootstrap sums of different sizes: " + x.length + " vs " + y.length);
      }
      for (int i = 0; i < x.length; i++) {
        x[i] += y[i];
      }
      return x;
    }, 2);
    return new OffPolicyResult(policies.stream().map(Policy::name).toList(), s, b, sums);
  }
}
