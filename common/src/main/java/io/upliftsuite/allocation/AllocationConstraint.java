package io.upliftsuite.allocation;

import java.io.Serializable;
import java.util.Locale;

/**
 * One linear constraint over the assignment, sum_i a(i, arm_i) (&lt;= or &gt;=) limit, in natural units (customers,
 * money, sales). The optimisers work with the signed "&lt;=" form: {@link #signedCoefficient} and {@link #signedLimit}
 * negate both sides of an "at least" constraint. {@code origin} says where a relative limit came from.
 */
public record AllocationConstraint(String name, String metric, ConstraintSpec.Term term, boolean atLeast,
    double limit, String origin) implements Serializable {

  /** a(i, arm) in natural units. */
  double coefficient(ScoreBlock b, int i, int arm) {
    return term.coefficient(b, i, arm);
  }

  double signedCoefficient(ScoreBlock b, int i, int arm) {
    double a = term.coefficient(b, i, arm);
    return atLeast ? -a : a;
  }

  double signedLimit() {
    return atLeast ? -limit : limit;
  }

  /** The same constraint with another limit (e.g. scaled to a sample). */
  AllocationConstraint withLimit(double newLimit) {
    return new AllocationConstraint(name, metric, term, atLeast, newLimit, origin);
  }

  /** True when {@code use} satisfies the constraint, with a relative tolerance for floating-point sums. */
  public boolean satisfiedBy(double use) {
    double slack = 1e-9 * Math.max(1.0, Math.abs(limit));
    return atLeast ? use >= limit - slack : use <= limit + slack;
  }

  public String sense() {
    return atLeast ? ">=" : "<=";
  }

  public String describe() {
    return name + ": " + metric + " " + sense() + " " + String.format(Locale.ROOT, "%.6g", limit) + origin;
  }
}
