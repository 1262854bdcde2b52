package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * One node of an uplift tree, used while growing (the driver fills splits and children pass by pass) and in the
 * fitted model. Ids are heap-ordered: root 1, children 2i and 2i+1, so depth is at most 30.
 */
final class TreeNode implements Serializable {
  private static final long serialVersionUID = 1L;

  final int id;
  final int depth;
  /** Weighted rows per arm (training half when honest). */
  double[] n;
  /** Weighted outcome sum per arm. */
  double[] m;
  /** Weighted outcome square sum per arm (regression). */
  double[] s;
  /** Outcome estimate per arm (n_reg-shrunk toward the parent estimate); for leaves, the prediction. */
  double[] estimate;
  Split split;
  double gain;
  TreeNode left;
  TreeNode right;
  /** During a training pass: index in the group of frontier nodes being split (or of leaves being estimated), else -1. */
  int groupIndex = -1;

  TreeNode(int id, int depth) {
    this.id = id;
    this.depth = depth;
  }

  boolean isLeaf() {
    return split == null;
  }

  /** The leaf a row's binned features reach. */
  TreeNode leafForBins(int[] bins) {
    TreeNode node = this;
    while (node.split != null) {
      node = node.split.goesLeftBin(bins[node.split.feature()]) ? node.left : node.right;
    }
    return node;
  }

  /** The leaf a row's raw feature vector reaches. */
  TreeNode leafFor(org.apache.spark.ml.linalg.Vector features) {
    TreeNode node = this;
    while (node.split != null) {
      node = node.split.goesLeft(features.apply(node.split.feature())) ? node.left : node.right;
    }
    return node;
  }

  int numNodes() {
    return isLeaf() ? 1 : 1 + left.numNodes() + right.numNodes();
  }

  int maxDepth() {
    return isLeaf() ? depth : Math.max(left.maxDepth(), right.maxDepth());
  }
}
