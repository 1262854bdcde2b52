package io.upliftsuite.evaluation;

import java.io.Serializable;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Poisson(1) bootstrap weights that depend only on (row seed, replicate): a row's weight in replicate b is the same
 * wherever and however often the row is processed, so replicates can be aggregated in one distributed pass and a
 * retried task reproduces its numbers. As n grows, Poisson(1) weights approximate the multinomial bootstrap.
 */
public final class PoissonBootstrap implements Serializable {
  /** P(K <= k) for K ~ Poisson(1), k = 0..MAX_K; beyond MAX_K the remaining mass is below 1e-16. */
  private static final int MAX_K = 20;
  private final double[] cdf = new double[MAX_K + 1];

  public PoissonBootstrap() {
    PoissonDistribution poisson = new PoissonDistribution(1.0);
    for (int k = 0; k <= MAX_K; k++) {
      cdf[k] = poisson.cumulativeProbability(k);
    }
  }

  /** Fills {@code weights[b]} for b = 1..length−1 (index 0 stays the point estimate's weight, 1). */
  public void fill(long rowSeed, double[] weights) {
    weights[0] = 1.0;
    for (int b = 1; b < weights.length; b++) {
      double u = (mix(rowSeed + b * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
      int k = 0;
      while (k < MAX_K && u >= cdf[k]) {
        k++;
      }
      weights[b] = k;
    }
  }

  /** SplitMix64's finaliser: a bijective mix of 64 bits, so nearby seeds give unrelated streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
