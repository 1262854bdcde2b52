package io.upliftsuite.allocation;

import java.io.Serializable;

/** A deterministic per-customer decision: which arm (0 = control) row i of a block gets. */
@FunctionalInterface
interface ArmRule extends Serializable {
  int arm(ScoreBlock block, int row);
}
