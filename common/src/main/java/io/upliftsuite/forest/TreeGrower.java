package io.upliftsuite.forest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of training, shared by the distributed and the in-task trainer: keeps the trees, and pass by pass
 * takes a group of frontier nodes (of all trees) that fits the memory budget, asks a {@link StatsSource} for their
 * best splits, and grows the trees by those splits. Children at maxDepth or too small to split become leaves without
 * another pass. Feature subsets are drawn from (seed, tree, node id), so the trees do not depend on grouping.
 */
final class TreeGrower {
  private static final Logger LOG = LoggerFactory.getLogger(TreeGrower.class);

  /** Finds the best split of every node of a group, from the training rows of the group's trees. */
  interface StatsSource {
    Map<Integer, NodeSplitResult> findSplits(NodeTask[] group, TreeNode[] roots);
  }

  private final TrainingSettings settings;
  private final FeatureBinning binning;

  TreeGrower(TrainingSettings settings, FeatureBinning binning) {
    this.settings = settings;
    this.binning = binning;
  }

  /** Grows trees {@code firstTree .. firstTree + count - 1} (global tree indices, which seed their randomness). */
  TreeNode[] grow(int firstTree, int count, StatsSource source) {
    TreeNode[] roots = new TreeNode[count];
    Deque<int[]> frontier = new ArrayDeque<>(); // (local tree index) + node resolved through a parallel deque
    Deque<TreeNode> frontierNodes = new ArrayDeque<>();
    for (int t = 0; t < count; t++) {
      roots[t] = new TreeNode(1, 0);
      frontier.add(new int[] {t});
      frontierNodes.add(roots[t]);
    }
    long budget = (long) settings.maxMemoryInMB() * 1024L * 1024L / 8L;
    int numFeatures = binning.numFeatures();
    int perNode = settings.featuresPerNode(numFeatures);
    int passes = 0;
    while (!frontier.isEmpty()) {
      List<NodeTask> tasks = new ArrayList<>();
      List<TreeNode> nodes = new ArrayList<>();
      long used = 0;
      while (!frontier.isEmpty()) {
        int t = frontier.peek()[0];
        TreeNode node = frontierNodes.peek();
        int[] features = featureSubset(firstTree + t, node.id, numFeatures, perNode);
        long size = NodeStatsAggregator.nodeSize(features, binning, settings.numArms(), settings.statsPerArm());
        if (!tasks.isEmpty() && used + size > budget) {
          break;
        }
        frontier.poll();
        frontierNodes.poll();
        used += size;
        node.groupIndex = tasks.size();
        tasks.add(new NodeTask(t, node.id, node.depth, features, node.estimate));
        nodes.add(node);
      }
      NodeTask[] group = tasks.toArray(NodeTask[]::new);
      Map<Integer, NodeSplitResult> results = source.findSplits(group, roots);
      passes++;
      for (int g = 0; g < group.length; g++) {
        TreeNode node = nodes.get(g);
        node.groupIndex = -1;
        NodeSplitResult r = results.get(g);
        if (r == null) {
          // no training row reached this node in any partition (possible only for an empty root)
          node.n = new double[settings.numArms()];
          node.m = new double[settings.numArms()];
          node.s = new double[settings.numArms()];
          node.estimate = node.estimate != null ? node.estimate : new double[settings.numArms()];
          continue;
        }
        if (node.n == null) {
          setStats(node, r.node(), null);
        }
        if (r.split() != null) {
          node.split = r.split();
          node.gain = r.gain();
          node.left = new TreeNode(node.id * 2, node.depth + 1);
          node.right = new TreeNode(node.id * 2 + 1, node.depth + 1);
          setStats(node.left, r.left(), node.estimate);
          setStats(node.right, r.right(), node.estimate);
          for (TreeNode child : new TreeNode[] {node.left, node.right}) {
            if (child.depth < settings.maxDepth() && CriterionMath.sum(child.n) >= 2 * settings.minInstancesPerNode()) {
              frontier.add(new int[] {group[g].tree()});
              frontierNodes.add(child);
            }
          }
        }
      }
      LOG.debug("pass {}: {} nodes, {} doubles of statistics", passes, group.length, used);
    }
    LOG.debug("grew {} trees in {} passes", count, passes);
    return roots;
  }

  private void setStats(TreeNode node, double[][] stats, double[] parentEstimate) {
    node.n = stats[0];
    node.m = stats[1];
    node.s = stats[2];
    node.estimate = CriterionMath.estimates(node.n, node.m, parentEstimate, settings.nReg(),
        settings.minTreatmentInstances());
  }

  /**
   * A sorted random subset of k features for a node of global tree {@code tree}, from (its forest's seed, its index
   * in the forest, node id) (partial Fisher-Yates).
   */
  int[] featureSubset(int tree, int nodeId, int numFeatures, int k) {
    int[] all = new int[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      all[f] = f;
    }
    if (k >= numFeatures) {
      return all;
    }
    for (int i = 0; i < k; i++) {
      double u = TreePoint.uniform(settings.treeSeed(tree) + 7, settings.treeInForest(tree), nodeId, i);
      int j = i + (int) (u * (numFeatures - i));
      int tmp = all[i];
      all[i] = all[j];
      all[j] = tmp;
    }
    int[] subset = java.util.Arrays.copyOf(all, k);
    java.util.Arrays.sort(subset);
    return subset;
  }
}
