package io.upliftsuite.evaluation;

/**
 * Whether the evaluation shows that a model's CATE carries information about whom to contact. Two deconfounded
 * checks must both exclude zero: the ranking gain (the doubly robust value of contacting the top s by CATE minus that of
 * contacting a random s, averaged over s, paired bootstrap interval) and the calibration slope (AIPW pseudo-outcome
 * regressed on the CATE, robust interval). A model that fails either is not evidence for a targeting policy — at
 * most for a uniform one (contact everyone or no one), whichever the estimated values favour.
 */
public record ModelSkill(Interval rankingGain, Interval calibrationSlope) {
  public static ModelSkill of(Interval rankingGain, Interval calibrationSlope) {
    return new ModelSkill(rankingGain, calibrationSlope);
  }

  /** Both intervals are above zero (NaN bounds never show skill). */
  public boolean shown() {
    return rankingGain.low() > 0 && calibrationSlope.low() > 0;
  }

  /** One sentence for the report: what the intervals say. */
  public String explanation() {
    if (shown()) {
      return "The model shows skill: its ranking beats a random order (ranking gain's 95% interval above 0) and "
          + "its CATE is informative (calibration slope's 95% interval above 0).";
    }
    StringBuilder s = new StringBuilder("No skill shown: ");
    if (!(rankingGain.low() > 0)) {
      s.append(String.format(java.util.Locale.ROOT,
          "the ranking gain's 95%% interval [%.4f, %.4f] does not exclude 0", rankingGain.low(), rankingGain.high()));
    }
    if (!(calibrationSlope.low() > 0)) {
      if (!(rankingGain.low() > 0)) {
        s.append("; ");
      }
      s.append(String.format(java.util.Locale.ROOT,
          "the calibration slope's 95%% interval [%.2f, %.2f] does not exclude 0", calibrationSlope.low(),
          calibrationSlope.high()));
    }
    return s.append(". Do not target with this model's ranking.").toString();
  }
}
