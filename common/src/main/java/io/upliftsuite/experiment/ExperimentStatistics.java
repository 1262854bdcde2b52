package io.upliftsuite.experiment;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * The statistics of an A/B readout on binary outcomes, on counts (the driver holds only these): Wilson score
 * intervals of a rate, the treatment-minus-control difference with a Welch interval, the relative lift with a
 * log-ratio (delta method) interval, a one-sided Welch t-test and Fisher's exact one-sided test, and the
 * sample-ratio-mismatch chi-square test. Distributions come from Commons Math.
 */
public final class ExperimentStatistics {
  private ExperimentStatistics() {}

  /** A rate with its interval; NaN when {@code n = 0}. */
  public record Rate(long successes, long n, double rate, double low, double high) {}

  /** Treatment vs control on one binary outcome. */
  public record Comparison(Rate treatment, Rate control, double difference, double differenceLow,
      double differenceHigh, double relativeLift, double liftLow, double liftHigh, double welchT, double welchDf,
      double welchPOneSided, double exactPOneSided) {}

  /** Wilson score interval (Wilson 1927) at the given two-sided confidence. */
  public static Rate wilson(long x, long n, double confidence) {
    check(x, n);
    if (n == 0) {
      return new Rate(x, n, Double.NaN, Double.NaN, Double.NaN);
    }
    double z = z(confidence);
    double p = (double) x / n;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
    return new Rate(x, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /**
   * Treatment ({@code xT} of {@code nT}) vs control ({@code xC} of {@code nC}):
   * <ul>
   *   <li>difference pT − pC with the Welch interval: ± t(df, (1+confidence)/2) · SE, SE² = sT²/nT + sC²/nC with the
   *       unbiased sample variances s² = p(1 − p)·n/(n − 1), Welch–Satterthwaite df;</li>
   *   <li>relative lift pT/pC − 1 with exp(ln(pT/pC) ± z·√((1 − pT)/xT + (1 − pC)/xC)) − 1;</li>
   *   <li>one-sided Welch t-test of H1: pT &gt; pC (t = difference / SE);</li>
   *   <li>Fisher's exact one-sided p: P(X ≥ xT) for X hypergeometric (N = nT + nC, K = xT + xC, draws nT) — exact
   *       given the margins, no normal approximation.</li>
   * </ul>
   * Values that are undefined (an empty arm, a zero variance, a zero rate for the lift) are NaN.
   */
  public static Comparison compare(long xT, long nT, long xC, long nC, double confidence) {
    Rate t = wilson(xT, nT, confidence);
    Rate c = wilson(xC, nC, confidence);
    double diff = t.rate() - c.rate();
    double diffLow = Double.NaN;
    double diffHigh = Double.NaN;
    double tStat = Double.NaN;
    double df = Double.NaN;
    double pWelch = Double.NaN;
    if (nT >= 2 && nC >= 2) {
      double vT = t.rate() * (1 - t.rate()) * nT / (nT - 1.0) / nT;
      double vC = c.rate() * (1 - c.rate()) * nC / (nC - 1.0) / nC;
      double se = Math.sqrt(vT + vC);
      if (se > 0) {
        df = (vT + vC) * (vT + vC) / (vT * vT / (nT - 1.0) + vC * vC / (nC - 1.0));
        TDistribution dist = new TDistribution(null, df);
        double q = dist.inverseCumulativeProbability(0.5 + confidence / 2);
        diffLow = diff - q * se;
        diffHigh = diff + q * se;
        tStat = diff / se;
        pWelch = 1 - dist.cumulativeProbability(tStat);
      }
    }
    double lift = Double.NaN;
    double liftLow = Double.NaN;
    double liftHigh = Double.NaN;
    if (xT > 0 && xC > 0) {
      double logRatio = Math.log(t.rate() / c.rate());
      double seLog = Math.sqrt((1 - t.rate()) / xT + (1 - c.rate()) / xC);
      double z = z(confidence);
      lift = Math.exp(logRatio) - 1;
      liftLow = Math.exp(logRatio - z * seLog) - 1;
      liftHigh = Math.exp(logRatio + z * seLog) - 1;
    }
    double exact = fisherOneSided(xT, nT, xC, nC);
    return new Comparison(t, c, diff, diffLow, diffHigh, lift, liftLow, liftHigh, tStat, df, pWelch, exact);
  }

  /** Fisher's exact one-sided p-value of H1: the treatment rate is higher, P(X ≥ xT | margins). */
  public static double fisherOneSided(long xT, long nT, long xC, long nC) {
    check(xT, nT);
    check(xC, nC);
    if (nT == 0 || nC == 0) {
      return Double.NaN;
    }
    int population = Math.toIntExact(nT + nC);
    int successes = Math.toIntExact(xT + xC);
    HypergeometricDistribution h = new HypergeometricDistribution(null, population, successes, Math.toIntExact(nT));
    return Math.min(1.0, h.upperCumulativeProbability(Math.toIntExact(xT)));
  }

  /**
   * Sample-ratio-mismatch test: Pearson's chi-square goodness of fit (1 df) of the arm sizes against the designed
   * treatment share. A small p (the suite warns below 0.01) means the assignment or the data pipeline lost or added
   * units unevenly, and the comparison cannot be trusted.
   */
  public static double srmPValue(long nT, long nC, double treatmentShare) {
    if (nT < 0 || nC < 0 || !(treatmentShare > 0 && treatmentShare < 1)) {
      throw new IllegalArgumentException("srm: arm sizes must be >= 0 and the treatment share in (0, 1), got "
          + nT + ", " + nC + ", " + treatmentShare);
    }
    long n = nT + nC;
    if (n == 0) {
      return Double.NaN;
    }
    return new ChiSquareTest().chiSquareTest(new double[] {n * treatmentShare, n * (1 - treatmentShare)},
        new long[] {nT, nC});
  }

  private static double z(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
  }

  private static void check(long x, long n) {
    if (n < 0 || x < 0 || x > n) {
      throw new IllegalArgumentException("counts must satisfy 0 <= successes <= n, got " + x + " of " + n);
    }
  }
}
