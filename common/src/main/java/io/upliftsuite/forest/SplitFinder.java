package io.upliftsuite.forest;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Chooses the best split of one node from its aggregated statistics (runs on executors in distributed training).
 * Continuous features: every "bin &lt;= b" split. Categorical features: categories ordered by their uplift in the node
 * (mean over treatment arms of p_i - p_0, empty categories dropped), then every prefix of that order goes left, the
 * usual reduction of a subset search to an ordered one. A candidate is valid when each child has at least
 * minInstancesPerNode rows and every arm at least minTreatmentInstances rows in each child; the best valid candidate
 * is kept if its gain exceeds max(minGain, 0). Ties keep the first (lowest feature position, then bin).
 */
final class SplitFinder {
  private final TrainingSettings settings;
  private final FeatureBinning binning;

  SplitFinder(TrainingSettings settings, FeatureBinning binning) {
    this.settings = settings;
    this.binning = binning;
  }

  NodeSplitResult find(NodeTask task, double[] stats) {
    int arms = settings.numArms();
    int sp = settings.statsPerArm();
    int[] features = task.features();
    // the node's totals: every row falls in exactly one bin of the first candidate feature
    double[][] node = new double[3][arms];
    int nb0 = binning.numBins(features[0]);
    for (int b = 0; b < nb0; b++) {
      for (int a = 0; a < arms; a++) {
        int i = (b * arms + a) * sp;
        node[0][a] += stats[i];
        node[1][a] += stats[i + 1];
        if (sp == 3) {
          node[2][a] += stats[i + 2];
        }
      }
    }
    double[] own = task.estimate() != null ? task.estimate()
        : CriterionMath.estimates(node[0], node[1], null, settings.nReg(), settings.minTreatmentInstances());
    double total = CriterionMath.sum(node[0]);
    if (task.depth() >= settings.maxDepth() || total < 2 * settings.minInstancesPerNode()) {
      return new NodeSplitResult(node, null, 0, null, null);
    }
    double bestGain = Math.max(settings.minGain(), 0.0);
    Split best = null;
    double[][] bestLeft = null;
    double[][] bestRight = null;
    int offset = 0;
    double[][] left = new double[3][arms];
    double[][] right = new double[3][arms];
    for (int f : features) {
      int nb = binning.numBins(f);
      int[] order = binOrder(f, nb, stats, offset, arms, sp);
      for (double[] row : left) {
        Arrays.fill(row, 0);
      }
      double[] suffix = suffixSums(order, stats, offset, arms, sp);
      for (int pos = 0; pos < order.length - 1; pos++) {
        int b = order[pos];
        for (int a = 0; a < arms; a++) {
          int i = offset + (b * arms + a) * sp;
          left[0][a] += stats[i];
          left[1][a] += stats[i + 1];
          if (sp == 3) {
            left[2][a] += stats[i + 2];
          }
        }
        for (int k = 0; k < 3; k++) {
          for (int a = 0; a < arms; a++) {
            right[k][a] = suffix[((pos + 1) * 3 + k) * arms + a];
          }
        }
        if (!valid(left[0], right[0])) {
          continue;
        }
        double gain = gain(own, node, left, right);
        if (gain > bestGain) {
          bestGain = gain;
          best = makeSplit(f, order, pos);
          bestLeft = copy(left);
          bestRight = copy(right);
        }
      }
      offset += nb * arms * sp;
    }
    return best == null ? new NodeSplitResult(node, null, 0, null, null)
        : new NodeSplitResult(node, best, bestGain, bestLeft, bestRight);
  }

  /**
   * Per scan position p, the statistics of the bins order[p..] (flat: (p * 3 + k) * arms + a). The right child is
   * summed from its own bins, never taken as node minus left: the difference of two sums added in different orders
   * is not exactly 0 where the child has no positive row (nor exactly n where every row is positive), and the
   * criteria jump there (KL takes kl(p, 0) = 0 but kl(p, 1e-17) is large) — a split's gain would then depend on the
   * order in which partitions' statistics were merged, and the same data could grow different trees.
   */
  private static double[] suffixSums(int[] order, double[] stats, int offset, int arms, int sp) {
    double[] suffix = new double[(order.length + 1) * 3 * arms];
    for (int pos = order.length - 1; pos >= 0; pos--) {
      int b = order[pos];
      for (int a = 0; a < arms; a++) {
        int i = offset + (b * arms + a) * sp;
        int here = (pos * 3) * arms + a;
        int next = ((pos + 1) * 3) * arms + a;
        suffix[here] = suffix[next] + stats[i];
        suffix[here + arms] = suffix[next + arms] + stats[i + 1];
        suffix[here + 2 * arms] = suffix[next + 2 * arms] + (sp == 3 ? stats[i + 2] : 0.0);
      }
    }
    return suffix;
  }

  double gain(double[] own, double[][] node, double[][] left, double[][] right) {
    if (settings.regression()) {
      return CriterionMath.causalMseGain(own, node[0], node[1], node[2], left[0], left[1], left[2],
          right[0], right[1], right[2], settings.nReg(), settings.minTreatmentInstances());
    }
    return CriterionMath.gain(settings.criterion(), own, left[0], left[1], right[0], right[1], settings.nReg(),
        settings.minTreatmentInstances(), settings.normalization());
  }

  private boolean valid(double[] nL, double[] nR) {
    if (CriterionMath.sum(nL) < settings.minInstancesPerNode() || CriterionMath.sum(nR) < settings.minInstancesPerNode()) {
      return false;
    }
    for (int a = 0; a < nL.length; a++) {
      // an arm with at most minTreatmentInstances rows in a child takes the parent's estimate there (CausalML)
      if (Math.min(nL[a], nR[a]) < settings.minTreatmentInstances()) {
        return false;
      }
    }
    return true;
  }

  /** Bins in the order they are scanned: natural order for continuous features, by uplift for categorical. */
  private int[] binOrder(int f, int nb, double[] stats, int offset, int arms, int sp) {
    if (!binning.isCategorical(f)) {
      int[] order = new int[nb];
      for (int b = 0; b < nb; b++) {
        order[b] = b;
      }
      return order;
    }
    double[] key = new double[nb];
    int nonEmpty = 0;
    boolean[] present = new boolean[nb];
    for (int b = 0; b < nb; b++) {
      int base = offset + b * arms * sp;
      double n0 = stats[base];
      double p0 = n0 > 0 ? stats[base + 1] / n0 : 0;
      double sum = 0;
      double rows = n0;
      for (int a = 1; a < arms; a++) {
        double na = stats[base + a * sp];
        rows += na;
        sum += (na > 0 ? stats[base + a * sp + 1] / na : 0) - p0;
      }
      key[b] = sum / (arms - 1);
      present[b] = rows > 0;
      if (present[b]) {
        nonEmpty++;
      }
    }
    Integer[] boxed = new Integer[nonEmpty];
    int k = 0;
    for (int b = 0; b < nb; b++) {
      if (present[b]) {
        boxed[k++] = b;
      }
    }
    Arrays.sort(boxed, Comparator.<Integer>comparingDouble(b -> key[b]).thenComparingInt(b -> b));
    return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
  }

  private Split makeSplit(int f, int[] order, int pos) {
    if (!binning.isCategorical(f)) {
      int b = order[pos];
      return Split.continuous(f, binning.threshold(f, b), b);
    }
    boolean[] leftSet = new boolean[binning.numCategories(f)];
    for (int i = 0; i <= pos; i++) {
      leftSet[order[i]] = true;
    }
    return Split.categorical(f, leftSet);
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
