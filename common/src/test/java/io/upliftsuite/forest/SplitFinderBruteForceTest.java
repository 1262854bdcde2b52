package io.upliftsuite.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/** When bins cover every distinct value, each chosen split equals a brute-force search over raw values. */
class SplitFinderBruteForceTest {

  @Test
  void chosenSplitsEqualBruteForceForEveryCriterion() {
    Random rnd = new Random(3);
    int rows = 600;
    int features = 3;
    double[][] x = new double[rows][features];
    int[] arm = new int[rows];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < features; f++) {
        x[i][f] = rnd.nextInt(8 + 3 * f); // at most 14 distinct values < maxBins
      }
      arm[i] = rnd.nextInt(3);
      double p = 0.2 + (arm[i] == 1 && x[i][1] > 4 ? 0.4 : 0) + (arm[i] == 2 && x[i][2] < 5 ? 0.3 : 0);
      y[i] = rnd.nextDouble() < p ? 1 : 0;
    }
    for (SplitCriterion c : new SplitCriterion[] {SplitCriterion.KL, SplitCriterion.ED, SplitCriterion.CHI,
        SplitCriterion.CTS}) {
      for (boolean normalize : new boolean[] {false, true}) {
        TrainingSettings s = new TrainingSettings(c, 3, 1, new long[] {1}, 2, 5, 3, "all", 1.0, false, 0, false, normalize,
            c == SplitCriterion.CTS ? 0 : 10, 16);
        checkTree(x, arm, y, s, c + (normalize ? " normalised" : ""));
      }
    }
  }

  private static void checkTree(double[][] x, int[] arm, double[] y, TrainingSettings s, String what) {
    List<Vector> sample = new ArrayList<>();
    for (double[] row : x) {
      sample.add(Vectors.dense(row));
    }
    FeatureBinning binning = FeatureBinning.fromSample(sample, x[0].length, Map.of(), 32);
    List<TreePoint> points = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      points.add(new TreePoint(binning.bins(sample.get(i)), arm[i], y[i], 1.0, new byte[] {1}));
    }
    TreeNode root = new ForestTrainer(s, binning).trainInMemory(points, 0, 1)[0];
    assertThat(root.isLeaf()).as(what + ": the data has effects, the root must split").isFalse();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      all.add(i);
    }
    checkNode(root, all, x, arm, y, s, null, what);
  }

  /** Brute force over every feature and every observed value v (left: value <= v) with the same criterion. */
  private static void checkNode(TreeNode node, List<Integer> rows, double[][] x, int[] arm, double[] y,
      TrainingSettings s, double[] parentEstimate, String what) {
    int k = s.numArms();
    double[] n = new double[k];
    double[] m = new double[k];
    for (int i : rows) {
      n[arm[i]]++;
      m[arm[i]] += y[i];
    }
    double[] own = CriterionMath.estimates(n, m, parentEstimate, s.nReg(), s.minTreatmentInstances());
    assertThat(node.n).as(what).containsExactly(n, within(0.0));
    double bestGain = 0;
    int bestFeature = -1;
    double bestValue = Double.NaN;
    for (int f = 0; f < x[0].length; f++) {
      final int ff = f;
      double[] values = rows.stream().mapToDouble(i -> x[i][ff]).distinct().sorted().toArray();
      for (int v = 0; v < values.length - 1; v++) {
        double[] nL = new double[k];
        double[] mL = new double[k];
        for (int i : rows) {
          if (x[i][f] <= values[v]) {
            nL[arm[i]]++;
            mL[arm[i]] += y[i];
          }
        }
        double[] nR = new double[k];
        double[] mR = new double[k];
        boolean valid = CriterionMath.sum(nL) >= s.minInstancesPerNode()
            && CriterionMath.sum(n) - CriterionMath.sum(nL) >= s.minInstancesPerNode();
        for (int a = 0; a < k; a++) {
          nR[a] = n[a] - nL[a];
          mR[a] = m[a] - mL[a];
          valid &= Math.min(nL[a], nR[a]) >= s.minTreatmentInstances();
        }
        if (!valid) {
          continue;
        }
        double g = CriterionMath.gain(s.criterion(), own, nL, mL, nR, mR, s.nReg(), s.minTreatmentInstances(),
            s.normalization());
        if (g > bestGain) {
          bestGain = g;
          bestFeature = f;
          bestValue = values[v];
        }
      }
    }
    if (node.depth >= s.maxDepth() || bestFeature < 0) {
      assertThat(node.isLeaf()).as(what + " node " + node.id).isTrue();
      return;
    }
    assertThat(node.isLeaf()).as(what + " node " + node.id + " should split").isFalse();
    assertThat(node.split.feature()).as(what + " node " + node.id + " feature").isEqualTo(bestFeature);
    assertThat(node.gain).as(what + " node " + node.id + " gain").isCloseTo(bestGain, within(1e-12));
    List<Integer> left = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    for (int i : rows) {
      (x[i][bestFeature] <= bestValue ? left : right).add(i);
      assertThat(node.split.goesLeft(x[i][bestFeature])).isEqualTo(x[i][bestFeature] <= bestValue);
    }
    checkNode(node.left, left, x, arm, y, s, own, what);
    checkNode(node.right, right, x, arm, y, s, own, what);
  }
}
