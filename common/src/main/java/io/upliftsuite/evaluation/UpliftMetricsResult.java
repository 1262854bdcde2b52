package io.upliftsuite.evaluation;

import java.util.List;

/**
 * Ranking metrics of one arm against control (areas in rows × outcome units, x of curve points in rows).
 *
 * @param qiniAuc scikit-uplift's qini_auc_score (negative_effect=True)
 * @param upliftAuc scikit-uplift's uplift_auc_score
 * @param unscaledQini area under the Qini curve ÷ area under the random line
 * @param maxQiniShare share of rows at which the Qini curve peaks
 */
public record UpliftMetricsResult(String arm, double n, double nTreated, double nControl, double yTreated,
    double yControl, double qiniAuc, double upliftAuc, double unscaledQini, double k, double upliftAtK,
    double upliftAtKByGroup, double areaQiniModel, double areaQiniPerfect, double areaQiniRandom,
    double areaUpliftModel, double areaUpliftPerfect, double areaUpliftRandom, double qiniAtN, double maxQini,
    double maxQiniShare, List<CurvePoint> qiniCurve, List<DecileRow> deciles) {

  public double rateTreated() {
    return UpliftMetrics.rate(yTreated, nTreated);
  }

  public double rateControl() {
    return UpliftMetrics.rate(yControl, nControl);
  }

  /**
   * Sleeping-dog check: the Qini curve rises above the overall effect Q(N) by more than {@code margin}·|Q(N)| and
   * then falls back, i.e. the lowest-ranked rows react negatively to treatment.
   */
  public boolean sleepingDogs(double margin) {
    return maxQini > 0 && maxQini > qiniAtN + margin * Math.abs(qiniAtN) && maxQiniShare < 1.0;
  }
}
