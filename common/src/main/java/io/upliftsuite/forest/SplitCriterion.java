package io.upliftsuite.forest;

import java.util.Locale;

/**
 * How a candidate split is scored. KL, ED, Chi, CTS and DDP are for binary outcomes (Rzepakowski &amp; Jaroszewicz
 * 2012; CTS and DDP as in CausalML); CAUSAL_MSE is the continuous-outcome criterion of the regressor.
 */
public enum SplitCriterion {
  KL, ED, CHI, CTS, DDP, CAUSAL_MSE;

  /** The divergence criteria, which can be normalised; CTS and DDP ignore normalisation (as CausalML does). */
  boolean isDivergence() {
    return this == KL || this == ED || this == CHI;
  }

  /** The name users write: KL, ED, Chi, CTS, DDP, CausalMSE. */
  public String displayName() {
    return switch (this) {
      case CHI -> "Chi";
      case CAUSAL_MSE -> "CausalMSE";
      default -> name();
    };
  }

  /** True when {@link #parse} accepts the value. */
  public static boolean isKnown(String value) {
    try {
      parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static SplitCriterion parse(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace("_", "");
    for (SplitCriterion c : values()) {
      if (c.name().replace("_", "").equals(v)) {
        return c;
      }
    }
    throw new IllegalArgumentException("Unknown criterion '" + value + "' (allowed: KL, ED, Chi, CTS, DDP, CausalMSE)");
  }
}
