package io.upliftsuite.learners;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which learner estimates a day's CATE ({@code training.learner}). The episodes are observational — the account
 * executive chose whom to contact, by stage, value, recent contacts and workload, which also drive delivery — so
 * every learner but {@link #FOREST} corrects for the logging policy through the propensity model:
 * <ul>
 *   <li>{@code forest}: the uplift forest ensemble on raw rows; learns the naive contacted-minus-not contrast within
 *       its leaves, so it is biased wherever the features that drive contacts are not split on. Kept for
 *       randomised data and for comparison.</li>
 *   <li>{@code ipw-forest}: the same ensemble with stabilised inverse-propensity row weights (out-of-fold
 *       propensities), so each leaf compares treated and control rows of a re-weighted population in which
 *       contacts no longer depend on the modelled features.</li>
 *   <li>{@code s}, {@code t}, {@code x}, {@code dr}: the meta-learners of {@code io.upliftsuite.learners.meta} with
 *       MLlib base learners and cross-fitting (X and DR use the out-of-fold propensities).</li>
 * </ul>
 */
public enum UpliftLearner {
  FOREST("forest"), IPW_FOREST("ipw-forest"), S("s"), T("t"), X("x"), DR("dr");

  private final String key;

  UpliftLearner(String key) {
    this.key = key;
  }

  /** The config value. */
  public String key() {
    return key;
  }

  /** Whether the learner corrects for the logging policy (and the feature filters should be weighted for it). */
  public boolean deconfounds() {
    return this != FOREST;
  }

  public static UpliftLearner parse(String s) {
    String k = s.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(v -> v.key.equals(k)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Config key 'training.learner' = " + s
            + ": must be one of " + Arrays.stream(values()).map(UpliftLearner::key).toList()));
  }
}
