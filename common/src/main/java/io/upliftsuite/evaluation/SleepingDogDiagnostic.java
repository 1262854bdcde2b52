package io.upliftsuite.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Are there sleeping dogs (rows the treatment hurts), judged from the decile table of a ranking (bin 1 = highest
 * scores), and does the two-step "lost cause" method therefore apply?
 *
 * <p>The decile Qini curve is Q_d = sum over bins j <= d of (Y_T,j - Y_C,j * N_T / N_C) (Radcliffe's Qini with the
 * overall arm ratio, as {@link UpliftMetrics}); its end Q_10 = Q(N) is the overall (average) effect in incremental
 * responders. Without sleeping dogs every bin adds a non-negative effect and the curve never rises above its end.
 * With them, the deciles at the end of the ranking pull the curve down: sleeping dogs are present when the curve
 * falls from its peak to the average effect by more than {@code margin} (default 10%) of the average effect,
 * max_d Q_d - Q(N) > margin * |Q(N)|. The deciles after the peak with a negative uplift are reported. When they are
 * present, treated non-responders include rows the treatment hurt, which are not lost causes, and the two-step
 * method does not apply.
 */
public final class SleepingDogDiagnostic {
  private SleepingDogDiagnostic() {}

  /**
   * @param averageEffect overall outcome rate treated minus control
   * @param qiniAtN Q(N): the overall effect in incremental responders
   * @param peakQini the highest Q_d (0 when no bin adds a positive effect)
   * @param peakDecile the decile where the curve peaks (0: before the first decile)
   * @param sleepingDogDeciles deciles after the peak whose uplift is negative (empty when none are present)
   * @param decileUplift uplift (rate treated minus rate control) of each decile, bin 1 first
   */
  public record Result(boolean sleepingDogs, double averageEffect, double qiniAtN, double peakQini, int peakDecile,
      List<Integer> sleepingDogDeciles, List<Double> decileUplift, double margin) {

    /** The two-step method needs treated non-responders to be lost causes: no sleeping dogs. */
    public boolean twoStepApplies() {
      return !sleepingDogs;
    }

    /** The curve's fall from its peak to Q(N), as a share of |Q(N)|. */
    public double fallShare() {
      return qiniAtN == 0 ? Double.POSITIVE_INFINITY : (peakQini - qiniAtN) / Math.abs(qiniAtN);
    }

    /** One sentence for logs and reports. */
    public String verdict() {
      if (sleepingDogs) {
        return String.format(Locale.ROOT, "sleeping dogs present: the decile Qini curve falls from its peak at decile "
            + "%d by %.1f%% of the average effect (> %.0f%%), deciles with negative uplift at the end: %s; the "
            + "two-step method does not apply", peakDecile, 100 * fallShare(), 100 * margin, sleepingDogDeciles);
      }
      return String.format(Locale.ROOT, "no sleeping dogs: the decile Qini curve falls by %.1f%% of the average "
          + "effect after its peak (<= %.0f%%); the two-step method applies", 100 * Math.max(0, fallShare()),
          100 * margin);
    }
  }

  /** The diagnostic of one ranking's decile table (from {@link UpliftMetricsResult#deciles()}). */
  public static Result of(List<DecileRow> deciles, double margin) {
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("sleeping-dog margin must be >= 0, got " + margin);
    }
    double nT = 0;
    double nC = 0;
    double yT = 0;
    double yC = 0;
    for (DecileRow d : deciles) {
      nT += d.nTreated();
      nC += d.nControl();
      yT += d.yTreated();
      yC += d.yControl();
    }
    if (nT == 0 || nC == 0) {
      throw new IllegalArgumentException("the sleeping-dog diagnostic needs treated and control rows (treated " + nT
          + ", control " + nC + ")");
    }
    double ratio = nT / nC;
    double q = 0;
    double peak = 0;
    int peakDecile = 0;
    List<Double> uplift = new ArrayList<>();
    for (DecileRow d : deciles) {
      q += d.yTreated() - d.yControl() * ratio;
      if (q > peak) {
        peak = q;
        peakDecile = d.bin();
      }
      uplift.add(d.uplift());
    }
    double qN = q;
    boolean present = peak - qN > margin * Math.abs(qN);
    List<Integer> dogs = new ArrayList<>();
    if (present) {
      for (DecileRow d : deciles) {
        if (d.bin() > peakDecile && d.uplift() < 0) {
          dogs.add(d.bin());
        }
      }
    }
    return new Result(present, yT / nT - yC / nC, qN, peak, peakDecile, dogs, uplift, margin);
  }
}
