package io.upliftsuite.evaluation;

import java.io.Serializable;

/**
 * One run of equal scores in descending score order, with its own treated/control counts and outcome sums and the
 * cumulative ones up to and including it. A Qini curve has exactly one point per score group (ties enter as one step,
 * as in scikit-uplift), so every curve statistic is a function of these rows.
 */
public record ScoreGroup(double score, double nTreated, double nControl, double yTreated, double yControl,
    double cumNTreated, double cumNControl, double cumYTreated, double cumYControl) implements Serializable {

  /** Rows up to and including this group (the curve's x). */
  public double cumN() {
    return cumNTreated + cumNControl;
  }

  /** Rows before this group (the previous curve point's x). */
  public double prevN() {
    return cumN() - nTreated - nControl;
  }

  public double qini() {
    return qini(cumYTreated, cumYControl, cumNTreated, cumNControl);
  }

  public double prevQini() {
    return qini(cumYTreated - yTreated, cumYControl - yControl, cumNTreated - nTreated, cumNControl - nControl);
  }

  public double uplift() {
    return upliftCurve(cumYTreated, cumYControl, cumNTreated, cumNControl);
  }

  public double prevUplift() {
    return upliftCurve(cumYTreated - yTreated, cumYControl - yControl, cumNTreated - nTreated,
        cumNControl - nControl);
  }

  /** Radcliffe's Q = Y_T − Y_C·N_T/N_C; the ratio is 0 while no control row is in (scikit-uplift's convention). */
  static double qini(double yT, double yC, double nT, double nC) {
    return yT - (nC == 0 ? 0.0 : yC * nT / nC);
  }

  /** The uplift curve U = (Y_T/N_T − Y_C/N_C)·(N_T+N_C), each ratio 0 when its denominator is 0. */
  static double upliftCurve(double yT, double yC, double nT, double nC) {
    double rt = nT == 0 ? 0.0 : yT / nT;
    double rc = nC == 0 ? 0.0 : yC / nC;
    return (rt - rc) * (nT + nC);
  }
}
