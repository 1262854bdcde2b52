package io.upliftsuite.allocation;

import java.io.Serializable;

/**
 * One linear constraint over the assignment, sum_i sum_k pi_ik * a_j(i, k) (&lt;= or &gt;=) limit, in natural units
 * (customers, money, sales). The optimisers work with the signed "&lt;=" form: {@link #signedCoefficient} and
 * {@link #signedLimit} negate both sides of an "at least" constraint.
 */
public record AllocationConstraint(String name, Kind kind, int treatment, double limit) implements Serializable {

  /** What the constraint counts. */
  public enum Kind {
    /** At most {@code limit} customers get treatment {@code treatment}. */
    COUNT_CAP,
    /** The cost of treatment {@code treatment} is at most {@code limit}. */
    BUDGET_CAP,
    /** The cost of all treatments together is at most {@code limit}. */
    TOTAL_BUDGET,
    /** Expected sales are at least {@code limit}. */
    SALES_FLOOR
  }

  public boolean atLeast() {
    return kind == Kind.SALES_FLOOR;
  }

  /** a_j(i, arm) in natural units. */
  double coefficient(ScoreBlock b, int i, int arm) {
    return switch (kind) {
      case COUNT_CAP -> arm == treatment + 1 ? 1.0 : 0.0;
      case BUDGET_CAP -> arm == treatment + 1 ? b.cost(i, arm) : 0.0;
      case TOTAL_BUDGET -> b.cost(i, arm);
      case SALES_FLOOR -> b.sales(i, arm);
    };
  }

  double signedCoefficient(ScoreBlock b, int i, int arm) {
    double a = coefficient(b, i, arm);
    return atLeast() ? -a : a;
  }

  double signedLimit() {
    return atLeast() ? -limit : limit;
  }

  /** True when {@code use} satisfies the constraint, with a relative tolerance for floating-point sums. */
  public boolean satisfiedBy(double use) {
    double slack = 1e-9 * Math.max(1.0, Math.abs(limit));
    return atLeast() ? use >= limit - slack : use <= limit + slack;
  }

  public String describe() {
    return name + (atLeast() ? " >= " : " <= ") + limit;
  }
}
