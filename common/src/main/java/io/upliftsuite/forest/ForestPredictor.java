package io.upliftsuite.forest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;

/**
 * The prediction half of a fitted forest, flattened into a few arrays so it is small to broadcast and quick to walk:
 * node i tests {@code feature[i]} (-1 for a leaf) against {@code threshold[i]} or its categories' left set and
 * continues at {@code left[i]} or {@code right[i]}; a leaf's per-arm estimate is
 * {@code estimates[valueOffset[i] .. valueOffset[i] + numArms - 1]}. Arm outcomes are the tree-weighted sums of the
 * leaves reached, added in tree order (as the tree-node walk adds them, so the numbers are the same).
 */
final class ForestPredictor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numArms;
  private final int numFeatures;
  private final int[] roots;
  private final double[] treeWeights;
  private final int[] feature;
  private final double[] threshold;
  private final boolean[][] leftCategories;
  private final int[] left;
  private final int[] right;
  private final int[] valueOffset;
  private final double[] estimates;

  ForestPredictor(TreeNode[] trees, double[] treeWeights, int numArms, int numFeatures) {
    this.numArms = numArms;
    this.numFeatures = numFeatures;
    this.treeWeights = treeWeights.clone();
    List<TreeNode> nodes = new ArrayList<>();
    roots = new int[trees.length];
    for (int t = 0; t < trees.length; t++) {
      roots[t] = nodes.size();
      collect(trees[t], nodes);
    }
    int n = nodes.size();
    feature = new int[n];
    threshold = new double[n];
    leftCategories = new boolean[n][];
    left = new int[n];
    right = new int[n];
    valueOffset = new int[n];
    List<double[]> values = new ArrayList<>();
    java.util.IdentityHashMap<TreeNode, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i), i);
    }
    int offset = 0;
    for (int i = 0; i < n; i++) {
      TreeNode node = nodes.get(i);
      if (node.isLeaf()) {
        feature[i] = -1;
        valueOffset[i] = offset;
        values.add(node.estimate);
        offset += numArms;
      } else {
        feature[i] = node.split.feature();
        threshold[i] = node.split.threshold();
        leftCategories[i] = node.split.leftCategories();
        left[i] = index.get(node.left);
        right[i] = index.get(node.right);
      }
    }
    estimates = new double[offset];
    for (int k = 0; k < values.size(); k++) {
      System.arraycopy(values.get(k), 0, estimates, k * numArms, numArms);
    }
  }

  private static void collect(TreeNode node, List<TreeNode> out) {
    out.add(node);
    if (!node.isLeaf()) {
      collect(node.left, out);
      collect(node.right, out);
    }
  }

  int numFeatures() {
    return numFeatures;
  }

  /** Predicted outcome per arm (control first) for one feature vector of the right size. */
  double[] armOutcomes(Vector features) {
    double[] out = new double[numArms];
    for (int t = 0; t < roots.length; t++) {
      int i = roots[t];
      while (feature[i] >= 0) {
        i = goesLeft(i, features.apply(feature[i])) ? left[i] : right[i];
      }
      int v = valueOffset[i];
      double w = treeWeights[t];
      for (int a = 0; a < numArms; a++) {
        out[a] += w * estimates[v + a];
      }
    }
    return out;
  }

  /** As {@link Split#goesLeft}: value &lt;= threshold, or a known category in the left set (unseen ones go right). */
  private boolean goesLeft(int i, double value) {
    boolean[] cats = leftCategories[i];
    if (cats == null) {
      return value <= threshold[i];
    }
    int c = (int) value;
    return c >= 0 && c < cats.length && c == value && cats[c];
  }
}
