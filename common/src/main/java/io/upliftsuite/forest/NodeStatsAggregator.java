package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * Sufficient statistics of a group of frontier nodes in one flat array, the hot path of training. For group node g,
 * its j-th candidate feature f, bin b, arm a and statistic k (0 weight, 1 weighted y, 2 weighted y^2):
 * {@code index = nodeOffset[g] + featureOffset[g][j] + (b * numArms + a) * statsPerArm + k}.
 */
final class NodeStatsAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  final int numArms;
  final int statsPerArm;
  final int[] nodeOffset;
  final int[][] featureOffset;
  final int[][] features;
  final double[] stats;

  NodeStatsAggregator(NodeTask[] tasks, FeatureBinning binning, int numArms, int statsPerArm) {
    this.numArms = numArms;
    this.statsPerArm = statsPerArm;
    this.nodeOffset = new int[tasks.length + 1];
    this.featureOffset = new int[tasks.length][];
    this.features = new int[tasks.length][];
    int offset = 0;
    for (int g = 0; g < tasks.length; g++) {
      nodeOffset[g] = offset;
      features[g] = tasks[g].features();
      featureOffset[g] = new int[features[g].length];
      int within = 0;
      for (int j = 0; j < features[g].length; j++) {
        featureOffset[g][j] = within;
        within += binning.numBins(features[g][j]) * numArms * statsPerArm;
      }
      offset += within;
    }
    nodeOffset[tasks.length] = offset;
    this.stats = new double[offset];
  }

  /** Doubles needed by one node's statistics (for the memory budget). */
  static long nodeSize(int[] features, FeatureBinning binning, int numArms, int statsPerArm) {
    long size = 0;
    for (int f : features) {
      size += (long) binning.numBins(f) * numArms * statsPerArm;
    }
    return size;
  }

  void add(int g, TreePoint p, double weight) {
    int base = nodeOffset[g];
    int[] fs = features[g];
    int[] fo = featureOffset[g];
    double wy = weight * p.y;
    for (int j = 0; j < fs.length; j++) {
      int i = base + fo[j] + (p.bins[fs[j]] * numArms + p.arm) * statsPerArm;
      stats[i] += weight;
      stats[i + 1] += wy;
      if (statsPerArm == 3) {
        stats[i + 2] += wy * p.y;
      }
    }
  }

  /** A copy of node g's statistics (what a partition emits per node). */
  double[] nodeStats(int g) {
    double[] out = new double[nodeOffset[g + 1] - nodeOffset[g]];
    System.arraycopy(stats, nodeOffset[g], out, 0, out.length);
    return out;
  }

  static double[] merge(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException("statistics sizes differ: " + a.length + " vs " + b.length);
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
