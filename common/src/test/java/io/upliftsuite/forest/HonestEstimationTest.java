package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Honest estimation (Athey &amp; Imbens 2016): each tree chooses its splits on one half of the rows and estimates its
 * leaves on the other. These tests recompute, outside the forest, which rows are held out of each tree (the bag
 * counts are a documented hash of seed, tree and row position) and prove two things on a 3-arm problem:
 * <ul>
 *   <li>every node estimate of every tree equals the estimate computed from the held-out rows alone — for a thin arm
 *       (at most {@code minTreatmentInstances} held-out rows in a leaf) the held-out estimate of the nearest ancestor
 *       that has enough, never the split half's value;</li>
 *   <li>adding a constant to the outcomes of the rows a tree splits on changes no prediction (the splits of the
 *       causal-MSE criterion depend on differences between arms only, so the trees are the same), while adding it
 *       to the held-out rows shifts every arm's prediction of that tree by exactly the constant.</li>
 * </ul>
 */
class HonestEstimationTest {
  private static final int ROWS = 3000;
  private static final int TREES = 3;
  private static final long SEED = 17;
  // Small leaves with 3 arms: several leaves have an arm with <= minTreatmentInstances held-out rows.
  private static final double MIN_TREATMENT = 12;

  /** Outcome y = 3 x0 + arm effects (arm 1: 2 x1, arm 2: -x2) + the binary outcome + 10 for the given ids. */
  private static Dataset<Row> data(List<Long> shiftedIds) {
    Column shift = shiftedIds.isEmpty() ? lit(0.0)
        : when(col("id").isin(shiftedIds.toArray()), lit(10.0)).otherwise(lit(0.0));
    return new UpliftDataGenerator(5, 3, 29).generate(SparkTestSession.get(), 0, ROWS, 2)
        .withColumn("y", expr("3 * x0 + case when treatment = 1 then 2 * x1 when treatment = 2 then -x2 else 0 end "
            + "+ outcome").plus(shift));
  }

  private static <E extends UpliftForestEstimator<E>> E configure(E forest, String label, String mode) {
    return forest.setTreatmentCol("treatment").setLabelCol(label).setNumTrees(TREES).setMaxDepth(4)
        .setMinInstancesPerNode(40).setMinTreatmentInstances(MIN_TREATMENT).setFeatureSubsetStrategy("all")
        .setHonesty(true).setNReg(5).setTrainingMode(mode).setSeed(SEED);
  }

  /** The settings the bagging reads (seed, trees, subsampling, bootstrap, honesty) of one forest of the fit. */
  private static TrainingSettings honestBagging(long seed, int trees, UpliftForestEstimator<?> forest) {
    return new TrainingSettings(SplitCriterion.CAUSAL_MSE, 2, trees, new long[] {seed}, forest.getMaxDepth(),
        forest.getMinInstancesPerNode(), forest.getMinTreatmentInstances(), forest.getFeatureSubsetStrategy(),
        forest.getSubsamplingRate(), forest.getBootstrap(), forest.getMinGain(), true, forest.getNormalization(),
        forest.getNReg(), forest.getMaxMemoryInMB());
  }

  /** Bag counts of every row (row position = id, as the generator's single ordered range). */
  private static byte[][] bags(UpliftForestEstimator<?> forest) {
    byte[][] bag = new byte[ROWS][];
    for (int i = 0; i < ROWS; i++) {
      bag[i] = TreePoint.bagCounts(honestBagging(forest.getSeed(), TREES, forest), i);
    }
    return bag;
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "distributed"})
  void everyNodeEstimateComesFromTheHeldOutRowsOnly(String mode) {
    for (boolean regression : new boolean[] {true, false}) {
      UpliftForestEstimator<?> forest = regression
          ? configure(new UpliftRandomForestRegressor(), "y", mode)
          : configure(new UpliftRandomForestClassifier(), "outcome", mode);
      Dataset<Row> data = data(List.of());
      UpliftRandomForestModel model = forest.fit(data);
      List<Row> rows = data.select("features", "treatment", regression ? "y" : "outcome").orderBy("id")
          .collectAsList();
      byte[][] bag = bags(forest);
      int thinArms = 0;
      for (int t = 0; t < TREES; t++) {
        TreeNode root = model.trees()[t];
        HeldOut heldOut = new HeldOut(root, 3);
        for (int i = 0; i < ROWS; i++) {
          if (bag[i][t] < 0) {
            Row r = rows.get(i);
            double y = ((Number) r.get(2)).doubleValue();
            heldOut.add((Vector) r.get(0), r.getInt(1), -bag[i][t], y);
          }
        }
        thinArms += heldOut.check(root, null, forest.getNReg(), MIN_TREATMENT, "tree " + t);
      }
      assertThat(thinArms).as("leaves with a thin held-out arm (the case that needs the held-out fallback)")
          .isPositive();
    }
  }

  @Test
  void shiftingTheSplitHalfChangesNothingAndShiftingTheHeldOutHalfShiftsEveryPrediction() {
    UpliftRandomForestRegressor forest = configure(new UpliftRandomForestRegressor(), "y", "local").setNumTrees(1);
    byte[][] bag = new byte[ROWS][];
    for (int i = 0; i < ROWS; i++) {
      bag[i] = TreePoint.bagCounts(honestBagging(SEED, 1, forest), i);
    }
    List<Long> split = new ArrayList<>();
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      if (bag[i][0] != 0) {
        (bag[i][0] > 0 ? split : held).add((long) i);
      }
    }
    Dataset<Row> base = data(List.of());
    Dataset<Row> splitShifted = data(split);
    Dataset<Row> heldShifted = data(held);
    double[][] p0 = predictions(forest.fit(base), base);
    double[][] p1 = predictions(forest.fit(splitShifted), base);
    double[][] p2 = predictions(forest.fit(heldShifted), base);
    for (int i = 0; i < ROWS; i++) {
      for (int a = 0; a < 3; a++) {
        assertThat(p1[i][a]).as("row %d arm %d after shifting the split half", i, a)
            .isCloseTo(p0[i][a], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p2[i][a]).as("row %d arm %d after shifting the held-out half", i, a)
            .isCloseTo(p0[i][a] + 10.0, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  private static double[][] predictions(UpliftRandomForestModel model, Dataset<Row> data) {
    List<Row> rows = data.select("features").orderBy("id").collectAsList();
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = model.predictArmOutcomes((Vector) rows.get(i).get(0));
    }
    return out;
  }

  /** Per node of one tree: weighted held-out rows and outcome sums per arm, accumulated along each row's path. */
  private static final class HeldOut {
    private final java.util.Map<TreeNode, double[][]> stats = new java.util.IdentityHashMap<>();
    private final TreeNode root;
    private final int arms;

    HeldOut(TreeNode root, int arms) {
      this.root = root;
      this.arms = arms;
    }

    void add(Vector features, int arm, int copies, double y) {
      TreeNode node = root;
      while (true) {
        double[][] s = stats.computeIfAbsent(node, k -> new double[2][arms]);
        s[0][arm] += copies;
        s[1][arm] += copies * y;
        if (node.isLeaf()) {
          return;
        }
        node = node.split.goesLeft(features.apply(node.split.feature())) ? node.left : node.right;
      }
    }

    /**
     * Asserts the node's (leaves') estimates equal the held-out rule top-down: the root's held-out mean, then
     * (m + nReg parent) / (n + nReg) for arms with more than minTreatment held-out rows, else the parent's value.
     * Returns the number of (leaf, arm) pairs that needed the parent's value.
     */
    int check(TreeNode node, double[] parent, double nReg, double minTreatment, String where) {
      double[][] s = stats.getOrDefault(node, new double[2][arms]);
      double[] expected = new double[arms];
      int thin = 0;
      for (int a = 0; a < arms; a++) {
        if (parent == null) {
          expected[a] = s[0][a] > 0 ? s[1][a] / s[0][a] : 0.0;
        } else if (s[0][a] > minTreatment) {
          expected[a] = (s[1][a] + nReg * parent[a]) / (s[0][a] + nReg);
        } else {
          expected[a] = parent[a];
          thin += node.isLeaf() ? 1 : 0;
        }
      }
      if (node.isLeaf()) {
        List<String> diffs = new ArrayList<>();
        for (int a = 0; a < arms; a++) {
          if (Math.abs(node.estimate[a] - expected[a]) > 1e-9 * Math.max(1, Math.abs(expected[a]))) {
            diffs.add("arm " + a + ": model " + node.estimate[a] + " held-out " + expected[a] + " (held-out rows "
                + s[0][a] + ")");
          }
        }
        assertThat(diffs).as("%s leaf %d", where, node.id).isEmpty();
        return thin;
      }
      return thin + check(node.left, expected, nReg, minTreatment, where)
          + check(node.right, expected, nReg, minTreatment, where);
    }
  }
}
