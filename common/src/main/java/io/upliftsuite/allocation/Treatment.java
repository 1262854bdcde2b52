package io.upliftsuite.allocation;

import java.io.Serializable;

/** One treatment arm the allocation may assign: its name (column suffix in the scores table) and default unit cost. */
public record Treatment(String name, double unitCost) implements Serializable {
  public Treatment {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("treatment name must not be blank");
    }
    if (!(unitCost >= 0) || Double.isInfinite(unitCost)) {
      throw new IllegalArgumentException("treatment '" + name + "': unit-cost must be a finite number >= 0, got " + unitCost);
    }
  }
}
