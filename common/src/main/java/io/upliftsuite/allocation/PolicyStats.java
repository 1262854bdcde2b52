package io.upliftsuite.allocation;

import java.util.List;

/** Totals of one policy over all customers: objective sum_i w_i*tau(assigned arm), each constraint's use, arm counts. */
record PolicyStats(double objective, double[] use, long[] armCounts) {

  /** The first constraint the policy breaks, or null when it meets all. */
  AllocationConstraint firstViolated(List<AllocationConstraint> constraints) {
    for (int j = 0; j < constraints.size(); j++) {
      if (!constraints.get(j).satisfiedBy(use[j])) {
        return constraints.get(j);
      }
    }
    return null;
  }

  boolean feasible(List<AllocationConstraint> constraints) {
    return firstViolated(constraints) == null;
  }

  long rows() {
    long n = 0;
    for (long c : armCounts) {
      n += c;
    }
    return n;
  }
}
