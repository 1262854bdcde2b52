package io.upliftsuite.selection;

import java.util.Locale;

/**
 * The uplift feature-selection filters of Zhao, Zhao, Tang &amp; Gao (2020), "Feature selection methods for uplift
 * modeling". KL, ED and CHI score a feature by how much more the treatment/control outcome distributions diverge
 * within its bins than overall; F and LR test the treatment × feature interaction in a linear / logistic model.
 */
public enum UpliftFilter {
  KL, ED, CHI, F, LR;

  public boolean isDivergence() {
    return this == KL || this == ED || this == CHI;
  }

  public static UpliftFilter parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feature selection method must be one of KL, ED, Chi, F, LR; got '" + s + "'");
    }
  }
}
