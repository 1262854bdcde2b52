package io.upliftsuite.allocation;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One constraint as configured (an entry of {@code allocation.constraints}), before it is a number: the sum over
 * customers of {@code metric} (or the count of customers) under their assigned arm, counting only customers assigned
 * one of {@code arms} (empty: all arms), bounded by {@code value} in the way {@code bound} says. Shares are of all
 * customers; ratios are relative to giving everyone the arm {@code relativeTo} ("sales at least 99% of everyone on
 * the maximum reward"), so {@link #resolve} needs the totals of one pass over the scores.
 */
public record ConstraintSpec(String name, String metric, List<String> arms, Bound bound, double value,
    String relativeTo) implements Serializable {

  /** How the value bounds the sum. */
  public enum Bound {
    MAX, MIN, MAX_SHARE, MIN_SHARE, MAX_RATIO, MIN_RATIO;

    /** The config key that sets it, e.g. max-share. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean atLeast() {
      return this == MIN || this == MIN_SHARE || this == MIN_RATIO;
    }

    boolean isShare() {
      return this == MAX_SHARE || this == MIN_SHARE;
    }

    boolean isRatio() {
      return this == MAX_RATIO || this == MIN_RATIO;
    }
  }

  public ConstraintSpec {
    arms = arms == null ? List.of() : List.copyOf(arms);
    String where = "allocation.constraints '" + name + "'";
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("allocation.constraints: every constraint needs a name");
    }
    if (bound.isShare() && !Metric.COUNT.equals(metric)) {
      throw new IllegalArgumentException(where + ": " + bound.key() + " bounds a count; use metric = count");
    }
    if (bound.isShare() && !(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(where + ": " + bound.key() + " must be in [0, 1], got " + value);
    }
    if (bound.isRatio() && (relativeTo == null || relativeTo.isBlank())) {
      throw new IllegalArgumentException(where + ": " + bound.key() + " needs relative-to (the arm everyone would "
          + "get in the reference policy)");
    }
    if (!bound.isRatio() && relativeTo != null && !relativeTo.isBlank()) {
      throw new IllegalArgumentException(where + ": relative-to only goes with max-ratio or min-ratio");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(where + ": " + bound.key() + " must be a finite number, got " + value);
    }
  }

  /** The per-(row, arm) coefficient of this constraint for a layout: which metric, which arms count. */
  Term term(ScoreLayout layout) {
    String key = "allocation.constraints '" + name + "'";
    int q = layout.metricIndex(metric, key + " metric");
    boolean[] mask = new boolean[layout.arms()];
    if (arms.isEmpty()) {
      java.util.Arrays.fill(mask, true);
    } else {
      for (String a : arms) {
        mask[layout.armIndex(a, key + " arms")] = true;
      }
    }
    if (relativeTo != null && !relativeTo.isBlank()) {
      layout.armIndex(relativeTo, key + " relative-to");
    }
    return new Term(q, mask);
  }

  /** Metric index (-1 = count) and the arms whose customers count. */
  record Term(int metric, boolean[] arms) implements Serializable {
    double coefficient(ScoreBlock b, int i, int arm) {
      if (!arms[arm]) {
        return 0.0;
      }
      return metric < 0 ? 1.0 : b.metric(metric, i, arm);
    }
  }

  /**
   * The numeric constraint for the totals of the scores; fails when no assignment can meet it on its own, naming
   * the best value any assignment reaches.
   */
  AllocationConstraint resolve(ScoreLayout layout, ScanSummary totals, int index) {
    Term term = term(layout);
    double limit;
    String origin;
    switch (bound) {
      case MAX, MIN -> {
        limit = value;
        origin = "";
      }
      case MAX_SHARE, MIN_SHARE -> {
        limit = bound == Bound.MAX_SHARE ? Math.floor(value * totals.rows()) : Math.ceil(value * totals.rows());
        origin = " (" + value + " of " + totals.rows() + " customers)";
      }
      default -> {
        int ref = layout.armIndex(relativeTo, "allocation.constraints '" + name + "' relative-to");
        double reference = totals.everyone(index, ref);
        limit = value * reference;
        origin = " (" + value + " x " + String.format(Locale.ROOT, "%.6g", reference) + ", its value if everyone got '"
            + relativeTo + "')";
      }
    }
    AllocationConstraint c = new AllocationConstraint(name, metric, term, bound.atLeast(), limit, origin);
    double reachable = bound.atLeast() ? totals.maxReachable(index) : totals.minReachable(index);
    if (!c.satisfiedBy(reachable)) {
      throw new AllocationInfeasibleException(name, c.describe() + "; the best any assignment reaches is "
          + String.format(Locale.ROOT, "%.6g", reachable) + " (every customer on the arm that "
          + (bound.atLeast() ? "maximises" : "minimises") + " it)", reachable);
    }
    return c;
  }
}
