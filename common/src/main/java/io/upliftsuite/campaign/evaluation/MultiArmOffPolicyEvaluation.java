package io.upliftsuite.campaign.evaluation;

import io.upliftsuite.evaluation.PoissonBootstrap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;

/**
 * Off-policy values of many (policy, outcome) targets on randomised multi-arm data by IPS, self-normalised IPS and
 * doubly robust estimation, with Poisson bootstrap replicates, all in ONE distributed aggregation.
 *
 * <p>ALGORITHM. Each input row is one customer of the randomised test split: a seed (a hash of its id and the
 * configured seed), the arm index a it was randomised to, that arm's assignment probability p_a, its outcomes y_o,
 * the models' predicted outcomes mu_{o,k} under every arm k, optionally the true expected outcomes mu*_{o,k}
 * (simulator oracle), and every policy's arm probabilities pi_p(k|x) (one-hot for a deterministic policy, 1/K for
 * the random one). A target t is a policy, an outcome (or "count": y = mu = 1, which measures the share of customers
 * the policy puts on some arms) and an arm mask (pi'_k = pi_k for arms in the mask, else 0: e.g. the reward cost of
 * one arm only). Executors draw the row's Poisson(1) weight W_b for b = 1..B (W_0 = 1, the point estimate) and add
 * per target and replicate four sums into one flat array (see {@link #index}): sum W, sum W w y, sum W w and
 * sum W dr, with w = pi'_a / p_a and dr = sum_k pi'_k mu_k + w (y - mu_a); plus, once per target, the true value
 * sum_k pi'_k mu*_k. The driver receives only that array. Every target uses the same replicate weights, so
 * contrasts and ratios between targets (lifts, e%iS, constraint slacks) get paired intervals.
 *
 * <p>IPS = sum w y / n; SNIPS = sum w y / sum w (Swaminathan &amp; Joachims 2015); DR = sum dr / n (with predictions
 * from models fitted on the training split, so they are independent of the test outcomes).
 */
public final class MultiArmOffPolicyEvaluation {
  static final int STATS = 4;

  /** The three estimators of a policy value. */
  public enum ValueEstimator {
    IPS, SNIPS, DR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What is estimated: the mean over customers of outcome {@code outcome} (-1: count) under the masked policy. */
  public record Target(int policy, int outcome, boolean[] arms) implements Serializable {}

  private final int arms;
  private final int outcomes;
  private final int policies;
  private final List<Target> targets = new ArrayList<>();
  private int replicates = 200;
  private boolean truth;

  /**
   * @param arms K, the number of arms (control included)
   * @param outcomes O, the outcomes in the rows' y, mu and truth arrays
   * @param policies P, the policies in the rows' pi array (P x K, policy-major)
   */
  public MultiArmOffPolicyEvaluation(int arms, int outcomes, int policies) {
    this.arms = arms;
    this.outcomes = outcomes;
    this.policies = policies;
  }

  public MultiArmOffPolicyEvaluation replicates(int b) {
    if (b < 20) {
      throw new IllegalArgumentException("bootstrap replicates must be >= 20 for a 95% interval, got " + b);
    }
    this.replicates = b;
    return this;
  }

  /** The rows carry the true expected outcomes (column 5). */
  public MultiArmOffPolicyEvaluation withTruth(boolean value) {
    this.truth = value;
    return this;
  }

  /** Adds a target; returns its index. */
  public int target(int policy, int outcome, boolean[] armMask) {
    if (policy < 0 || policy >= policies || outcome < -1 || outcome >= outcomes || armMask.length != arms) {
      throw new IllegalArgumentException("bad target: policy " + policy + ", outcome " + outcome);
    }
    targets.add(new Target(policy, outcome, armMask.clone()));
    return targets.size() - 1;
  }

  static int index(int target, int replicate, int stat, int replicates) {
    return (target * (replicates + 1) + replicate) * STATS + stat;
  }

  /**
   * Rows: [seed long, arm int, propensity double, y array(O), mu array(O x K, outcome-major), truth array (O x K)
   * or null, pi array (P x K, policy-major)].
   */
  public Result execute(JavaRDD<Row> rows) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets to evaluate");
    }
    int k = arms;
    int o = outcomes;
    int p = policies;
    int b = replicates;
    Target[] ts = targets.toArray(Target[]::new);
    int t = ts.length;
    int truthBase = t * (b + 1) * STATS;
    boolean withTruth = truth;
    PoissonBootstrap bootstrap = new PoissonBootstrap();
    double[] sums = rows.treeAggregate(new double[truthBase + t + 1], (acc, r) -> {
      double[] w = new double[b + 1];
      bootstrap.fill(r.getLong(0), w);
      int a = r.getInt(1);
      double propensity = r.getDouble(2);
      double[] y = doubles(r.getList(3), o);
      double[] mu = doubles(r.getList(4), o * k);
      double[] true_ = withTruth ? doubles(r.getList(5), o * k) : null;
      double[] pi = doubles(r.getList(6), p * k);
      for (int q = 0; q < t; q++) {
        Target target = ts[q];
        int pb = target.policy() * k;
        double yA;
        double muA;
        double model = 0;
        double trueValue = 0;
        if (target.outcome() < 0) {
          yA = 1;
          muA = 1;
          for (int arm = 0; arm < k; arm++) {
            if (target.arms()[arm]) {
              model += pi[pb + arm];
            }
          }
          trueValue = model;
        } else {
          int ob = target.outcome() * k;
          yA = y[target.outcome()];
          muA = mu[ob + a];
          for (int arm = 0; arm < k; arm++) {
            if (target.arms()[arm]) {
              model += pi[pb + arm] * mu[ob + arm];
              if (true_ != null) {
                trueValue += pi[pb + arm] * true_[ob + arm];
              }
            }
          }
        }
        double ratio = target.arms()[a] ? pi[pb + a] / propensity : 0.0;
        double dr = model + ratio * (yA - muA);
        double wy = ratio * yA;
        int base = index(q, 0, 0, b);
        for (int rep = 0; rep <= b; rep++) {
          double wk = w[rep];
          if (wk != 0) {
            int i = base + rep * STATS;
            acc[i] += wk;
            acc[i + 1] += wk * wy;
            acc[i + 2] += wk * ratio;
            acc[i + 3] += wk * dr;
          }
        }
        acc[truthBase + q] += trueValue;
      }
      acc[truthBase + t] += 1;
      return acc;
    }, (x, z) -> {
      if (x.length != z.length) {
        throw new IllegalStateException("bootstrap sums of different sizes: " + x.length + " vs " + z.length);
      }
      for (int i = 0; i < x.length; i++) {
        x[i] += z[i];
      }
      return x;
    }, 2);
    return new Result(List.copyOf(targets), b, sums, withTruth);
  }

  private static double[] doubles(List<Object> values, int expected) {
    if (values.size() != expected) {
      throw new IllegalStateException("expected " + expected + " values, got " + values.size());
    }
    double[] out = new double[expected];
    for (int i = 0; i < expected; i++) {
      out[i] = ((Number) values.get(i)).doubleValue();
    }
    return out;
  }

  /** The bootstrap sums; every estimate as a point value (replicate 0) and B replicates. */
  public static final class Result implements Serializable {
    private final List<Target> targets;
    private final int replicates;
    private final double[] sums;
    private final boolean truth;

    Result(List<Target> targets, int replicates, double[] sums, boolean truth) {
      this.targets = targets;
      this.replicates = replicates;
      this.sums = sums;
      this.truth = truth;
    }

    public int replicates() {
      return replicates;
    }

    public double rows() {
      return sums[targets.size() * (replicates + 1) * STATS + targets.size()];
    }

    /** Point estimate (index 0) and replicates 1..B of a target's value. */
    public double[] values(int target, ValueEstimator estimator) {
      double[] v = new double[replicates + 1];
      for (int b = 0; b <= replicates; b++) {
        int i = index(target, b, 0, replicates);
        double w = sums[i];
        double wy = sums[i + 1];
        double ratio = sums[i + 2];
        double dr = sums[i + 3];
        v[b] = switch (estimator) {
          case IPS -> w == 0 ? Double.NaN : wy / w;
          case SNIPS -> ratio == 0 ? Double.NaN : wy / ratio;
          case DR -> w == 0 ? Double.NaN : dr / w;
        };
      }
      return v;
    }

    /** The true mean value of a target over the rows; NaN without truth (a count target is always exact). */
    public double truth(int target) {
      if (!truth && targets.get(target).outcome() >= 0) {
        return Double.NaN;
      }
      return sums[targets.size() * (replicates + 1) * STATS + target] / rows();
    }

    public boolean hasTruth() {
      return truth;
    }
  }
}
