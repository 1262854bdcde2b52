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

/**
 * With real-valued row weights (inverse-propensity weights), a child with no positive control row must have a control
 * rate of exactly 0: the criteria are not continuous there (KL takes kl(p, 0) = 0, but kl(p, 1e-17) is large), so a
 * right child taken as "node minus left" — two sums added in different orders, off by ~1e-16 — gave some splits a
 * spurious gain, and which ones depended on the order in which partitions' statistics were merged. The root's split
 * must equal a brute-force search whose children are summed row by row.
 */
class SplitFinderExactChildrenTest {

  @Test
  void aChildWithoutControlPositivesHasAnExactlyZeroRateWhateverTheWeights() {
    int checked = 0;
    for (long seed = 1; seed <= 40; seed++) {
      Random rnd = new Random(seed);
      int rows = 300;
      double[][] x = new double[rows][2];
      int[] arm = new int[rows];
      double[] y = new double[rows];
      double[] w = new double[rows];
      for (int i = 0; i < rows; i++) {
        x[i][0] = rnd.nextInt(10);
        x[i][1] = rnd.nextInt(10);
        arm[i] = rnd.nextInt(2);
        // control rows respond only where x1 < 4; treated rows respond everywhere, a little more where x0 is high
        double p = arm[i] == 0 ? (x[i][1] < 4 ? 0.5 : 0.0) : 0.25 + 0.02 * x[i][0];
        y[i] = rnd.nextDouble() < p ? 1 : 0;
        w[i] = 0.5 + 2.5 * rnd.nextDouble();
      }
      TrainingSettings s = new TrainingSettings(SplitCriterion.KL, 2, 1, new long[] {seed}, 1, 10, 5, "all", 1.0,
          false, 0, false, false, 0, 16);
      List<Vector> sample = new ArrayList<>();
      for (double[] row : x) {
        sample.add(Vectors.dense(row));
      }
      FeatureBinning binning = FeatureBinning.fromSample(sample, 2, Map.of(), 32);
      List<TreePoint> points = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        points.add(new TreePoint(binning.bins(sample.get(i)), arm[i], y[i], w[i], new byte[] {1}));
      }
      TreeNode root = new ForestTrainer(s, binning).trainInMemory(points, 0, 1)[0];

      double[] n = new double[2];
      double[] m = new double[2];
      for (int i = 0; i < rows; i++) {
        n[arm[i]] += w[i];
        m[arm[i]] += w[i] * y[i];
      }
      double[] own = CriterionMath.estimates(n, m, null, s.nReg(), s.minTreatmentInstances());
      double bestGain = 0;
      int bestFeature = -1;
      double bestValue = Double.NaN;
      for (int f = 0; f < 2; f++) {
        for (int v = 0; v < 9; v++) {
          double[] nL = new double[2];
          double[] mL = new double[2];
          double[] nR = new double[2];
          double[] mR = new double[2];
          for (int i = 0; i < rows; i++) {
            boolean left = x[i][f] <= v;
            (left ? nL : nR)[arm[i]] += w[i];
            (left ? mL : mR)[arm[i]] += w[i] * y[i];
          }
          boolean valid = CriterionMath.sum(nL) >= 10 && CriterionMath.sum(nR) >= 10;
          for (int a = 0; a < 2; a++) {
            valid &= Math.min(nL[a], nR[a]) >= 5;
          }
          if (!valid) {
            continue;
          }
          double g = CriterionMath.gain(SplitCriterion.KL, own, nL, mL, nR, mR, 0, 5, false);
          if (g > bestGain) {
            bestGain = g;
            bestFeature = f;
            bestValue = v;
          }
        }
      }
      assertThat(bestFeature).as("seed " + seed + ": the data has an effect").isGreaterThanOrEqualTo(0);
      assertThat(root.isLeaf()).as("seed " + seed).isFalse();
      assertThat(root.split.feature()).as("seed " + seed + " feature").isEqualTo(bestFeature);
      assertThat(root.split.goesLeft(bestValue)).as("seed " + seed + " threshold").isTrue();
      assertThat(root.split.goesLeft(bestValue + 1)).as("seed " + seed + " threshold").isFalse();
      assertThat(root.gain).as("seed " + seed + " gain").isCloseTo(bestGain, within(1e-9 * Math.max(1, bestGain)));
      checked++;
    }
    assertThat(checked).isEqualTo(40);
  }
}
