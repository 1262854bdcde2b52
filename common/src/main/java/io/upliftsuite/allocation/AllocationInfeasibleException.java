package io.upliftsuite.allocation;

/** The constraints cannot all be met by any assignment; the message names the constraint that cannot be met. */
public final class AllocationInfeasibleException extends IllegalArgumentException {
  private final String constraint;

  public AllocationInfeasibleException(String constraint, String message) {
    super("Allocation constraint '" + constraint + "' cannot be met: " + message);
    this.constraint = constraint;
  }

  public String constraint() {
    return constraint;
  }
}
