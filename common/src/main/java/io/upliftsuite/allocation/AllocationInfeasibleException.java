package io.upliftsuite.allocation;

/**
 * The constraints cannot all be met by any assignment. The message names the constraint that cannot be met and
 * the best value of its metric that an assignment reaches (alone, or together with the other constraints).
 */
public final class AllocationInfeasibleException extends IllegalArgumentException {
  private final String constraint;
  private final double bestReachable;

  public AllocationInfeasibleException(String constraint, String message, double bestReachable) {
    super("Allocation constraint '" + constraint + "' cannot be met: " + message);
    this.constraint = constraint;
    this.bestReachable = bestReachable;
  }

  public String constraint() {
    return constraint;
  }

  /** The best value of the constraint's metric any considered assignment reaches (NaN when unknown). */
  public double bestReachable() {
    return bestReachable;
  }
}
