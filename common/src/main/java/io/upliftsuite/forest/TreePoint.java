package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * A training row as the trainer sees it: binned features, arm index, outcome, row weight and, per tree, how many
 * times the row is in that tree's bag. {@code bag[t] > 0}: used to choose splits of tree t (that many copies);
 * {@code bag[t] < 0}: held out to estimate the leaves of tree t (honesty); 0: not in tree t.
 */
final class TreePoint implements Serializable {
  private static final long serialVersionUID = 1L;

  final int[] bins;
  final int arm;
  final double y;
  final double weight;
  final byte[] bag;

  TreePoint(int[] bins, int arm, double y, double weight, byte[] bag) {
    this.bins = bins;
    this.arm = arm;
    this.y = y;
    this.weight = weight;
    this.bag = bag;
  }

  /**
   * Bag counts of one row for all trees of a fit, from a hash of (forest seed, tree index in the forest, row index)
   * so they do not depend on how the data is partitioned nor on which forests are grown together: Poisson(rate)
   * copies with bootstrap, else kept with probability rate. With honesty, a second hash sends the row to the
   * estimation half of each tree with probability 1/2.
   */
  static byte[] bagCounts(TrainingSettings s, long rowIndex) {
    int numTrees = s.numTrees();
    byte[] bag = new byte[numTrees];
    for (int g = 0; g < numTrees; g++) {
      long seed = s.treeSeed(g);
      int t = s.treeInForest(g);
      double u = uniform(seed, t, rowIndex, 0);
      int count;
      if (s.bootstrap()) {
        count = poisson(s.subsamplingRate(), u);
      } else {
        count = s.subsamplingRate() >= 1.0 || u < s.subsamplingRate() ? 1 : 0;
      }
      if (s.honesty() && uniform(seed, t, rowIndex, 1) < 0.5) {
        count = -count;
      }
      bag[g] = (byte) Math.max(-127, Math.min(127, count));
    }
    return bag;
  }

  /** A uniform number in [0, 1) from SplitMix64 over the inputs. */
  static double uniform(long seed, long a, long b, long c) {
    long h = mix(seed ^ mix(a * 0x9E3779B97F4A7C15L + mix(b * 0xC2B2AE3D27D4EB4FL + c)));
    return (h >>> 11) * 0x1.0p-53;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Poisson(lambda) by inverting the CDF at u. */
  static int poisson(double lambda, double u) {
    double p = Math.exp(-lambda);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 127) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }
}
