package io.upliftsuite.forest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * ALGORITHM. Trains the trees of an uplift forest from binned, bagged rows ({@link TreePoint}, cached).
 *
 * <p>Distributed mode, per pass (as Spark MLlib's RandomForest): the driver ({@link TreeGrower}) picks a group of
 * frontier nodes of all trees whose statistics fit {@code maxMemoryInMB} and broadcasts the trees and the group.
 * Executors route each row, for each tree it is bagged into, down to its frontier node and add
 * {@code weight x bag count} to that node's (feature, bin, arm) statistics in a {@link NodeStatsAggregator}; each
 * partition emits one array per node; {@code reduceByKey} sums them into node-keyed partitions where the executors
 * choose each node's best split ({@link SplitFinder}). Only the chosen splits and child statistics reach the driver,
 * which grows the trees and starts the next pass. The driver holds only trees.
 *
 * <p>Local mode, for data that fits in one task: the trees are split into chunks, every chunk's task reads all cached
 * rows (no shuffle, no copies) and grows its trees in memory with the same grower and split finder; small fits are
 * one task. Bagging and feature subsets are seeded by (forest seed, tree, row/node), so both modes grow the same
 * trees, and an ensemble grown in one fit grows the trees of its forests' separate fits.
 *
 * <p>Honesty: rows with a negative bag count in a tree are not used for its splits; a final pass re-estimates each
 * leaf's per-arm outcomes from them.
 */
final class ForestTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ForestTrainer.class);

  private final TrainingSettings settings;
  private final FeatureBinning binning;

  ForestTrainer(TrainingSettings settings, FeatureBinning binning) {
    this.settings = settings;
    this.binning = binning;
  }

  TreeNode[] trainDistributed(JavaRDD<TreePoint> points) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(points.context());
    TrainingSettings s = settings;
    FeatureBinning bins = binning;
    int parallelism = Math.max(1, points.getNumPartitions());
    TreeGrower.StatsSource source = (group, roots) -> {
      Broadcast<TreeNode[]> bRoots = jsc.broadcast(roots);
      Broadcast<NodeTask[]> bGroup = jsc.broadcast(group);
      try {
        JavaPairRDD<Integer, double[]> partial = points.mapPartitionsToPair(it -> {
          NodeTask[] tasks = bGroup.value();
          NodeStatsAggregator agg = aggregate(it, bRoots.value(), 0, tasks, bins, s);
          List<Tuple2<Integer, double[]>> out = new ArrayList<>();
          for (int g = 0; g < tasks.length; g++) {
            out.add(new Tuple2<>(g, agg.nodeStats(g)));
          }
          return out.iterator();
        });
        Map<Integer, NodeSplitResult> result = new HashMap<>(partial
            .reduceByKey(NodeStatsAggregator::merge, Math.min(group.length, parallelism))
            .mapToPair(kv -> new Tuple2<>(kv._1(),
                new SplitFinder(s, bins).find(bGroup.value()[kv._1()], kv._2())))
            .collectAsMap());
        return result;
      } finally {
        bRoots.destroy();
        bGroup.destroy();
      }
    };
    TreeNode[] roots = new TreeGrower(settings, binning).grow(0, settings.numTrees(), source);
    if (settings.honesty()) {
      int leaves = numberLeaves(roots);
      Broadcast<TreeNode[]> bRoots = jsc.broadcast(roots);
      double[] stats = points.mapPartitions(it -> List.of(honestStats(it, bRoots.value(), 0, leaves, s)).iterator())
          .reduce(NodeStatsAggregator::merge);
      bRoots.destroy();
      applyHonestEstimates(roots, stats);
    }
    return roots;
  }

  /**
   * Grows all trees in {@code chunks} tasks of a few trees each, every task reading every cached row: each task is a
   * narrow, shuffle-free read of all partitions (a coalesce to one partition), so rows are neither copied nor
   * shuffled; a task holds references to the cached rows, not copies. With one chunk the whole fit is one task.
   */
  TreeNode[] trainLocal(JavaRDD<TreePoint> points, int chunks) {
    int numTrees = settings.numTrees();
    int k = Math.max(1, Math.min(numTrees, chunks));
    TrainingSettings s = settings;
    FeatureBinning bins = binning;
    @SuppressWarnings("unchecked")
    JavaRDD<TreePoint>[] readers = new JavaRDD[k];
    for (int c = 0; c < k; c++) {
      readers[c] = points.coalesce(1, false);
    }
    JavaRDD<TreePoint> all = k == 1 ? readers[0]
        : JavaSparkContext.fromSparkContext(points.context()).union(readers);
    List<Tuple2<Integer, TreeNode[]>> grown = all.mapPartitionsWithIndex((c, it) -> {
      int first = (int) ((long) c * numTrees / k);
      int last = (int) ((long) (c + 1) * numTrees / k);
      List<TreePoint> rows = new ArrayList<>();
      it.forEachRemaining(rows::add);
      return List.of(new Tuple2<>(first, new ForestTrainer(s, bins).trainInMemory(rows, first, last - first)))
          .iterator();
    }, true).collect();
    TreeNode[] roots = new TreeNode[numTrees];
    for (Tuple2<Integer, TreeNode[]> chunk : grown) {
      System.arraycopy(chunk._2(), 0, roots, chunk._1(), chunk._2().length);
    }
    return roots;
  }

  /** Grows one whole forest per group, each in one task (rows of a group must fit in a task's memory). */
  List<Tuple2<String, TreeNode[]>> trainPerGroup(JavaPairRDD<String, TreePoint> keyed) {
    TrainingSettings s = settings;
    FeatureBinning bins = binning;
    long groups = keyed.keys().distinct().count();
    return keyed.groupByKey(new HashPartitioner((int) Math.max(1, Math.min(groups, 10_000)))).map(kv -> {
      List<TreePoint> rows = new ArrayList<>();
      kv._2().forEach(rows::add);
      return new Tuple2<>(kv._1(), new ForestTrainer(s, bins).trainInMemory(rows, 0, s.numTrees()));
    }).collect();
  }

  /** Grows trees {@code first .. first+count-1} from rows held in memory (inside one task, or in tests). */
  TreeNode[] trainInMemory(List<TreePoint> rows, int first, int count) {
    SplitFinder finder = new SplitFinder(settings, binning);
    TreeGrower.StatsSource source = (group, roots) -> {
      NodeStatsAggregator agg = aggregate(rows.iterator(), roots, first, group, binning, settings);
      Map<Integer, NodeSplitResult> result = new HashMap<>();
      for (int g = 0; g < group.length; g++) {
        result.put(g, finder.find(group[g], agg.nodeStats(g)));
      }
      return result;
    };
    TreeNode[] roots = new TreeGrower(settings, binning).grow(first, count, source);
    if (settings.honesty()) {
      int leaves = numberLeaves(roots);
      applyHonestEstimates(roots, honestStats(rows.iterator(), roots, first, leaves, settings));
    }
    return roots;
  }

  /**
   * One partition's statistics of a group of frontier nodes; tree t of {@code roots} is global tree first+t. Only the
   * trees with a node in the group are visited (a group may cover a few of an ensemble's hundreds of trees).
   */
  static NodeStatsAggregator aggregate(Iterator<TreePoint> rows, TreeNode[] roots, int first, NodeTask[] group,
      FeatureBinning binning, TrainingSettings s) {
    NodeStatsAggregator agg = new NodeStatsAggregator(group, binning, s.numArms(), s.statsPerArm());
    int[] trees = java.util.Arrays.stream(group).mapToInt(NodeTask::tree).distinct().sorted().toArray();
    while (rows.hasNext()) {
      TreePoint p = rows.next();
      byte[] bag = p.bag;
      for (int t : trees) {
        int copies = bag[first + t];
        if (copies <= 0) {
          continue;
        }
        int g = roots[t].leafForBins(p.bins).groupIndex;
        if (g >= 0) {
          agg.add(g, p, copies * p.weight);
        }
      }
    }
    return agg;
  }

  /** Gives every leaf an index (groupIndex) for the honest pass; returns the number of leaves. */
  private static int numberLeaves(TreeNode[] roots) {
    int[] next = {0};
    for (TreeNode root : roots) {
      visit(root, leaf -> leaf.groupIndex = next[0]++);
    }
    return next[0];
  }

  private static void visit(TreeNode node, java.util.function.Consumer<TreeNode> onLeaf) {
    if (node.isLeaf()) {
      onLeaf.accept(node);
    } else {
      visit(node.left, onLeaf);
      visit(node.right, onLeaf);
    }
  }

  /** Per leaf and arm: weight, weighted y, weighted y^2 of the held-out (estimation) rows. */
  static double[] honestStats(Iterator<TreePoint> rows, TreeNode[] roots, int first, int leaves, TrainingSettings s) {
    int arms = s.numArms();
    double[] stats = new double[leaves * arms * 3];
    while (rows.hasNext()) {
      TreePoint p = rows.next();
      for (int t = 0; t < roots.length; t++) {
        int copies = p.bag[first + t];
        if (copies >= 0) {
          continue;
        }
        double w = -copies * p.weight;
        int i = (roots[t].leafForBins(p.bins).groupIndex * arms + p.arm) * 3;
        stats[i] += w;
        stats[i + 1] += w * p.y;
        stats[i + 2] += w * p.y * p.y;
      }
    }
    return stats;
  }

  /** Leaf estimates from the estimation half, shrunk toward (or, for thin arms, replaced by) the split-half value. */
  private void applyHonestEstimates(TreeNode[] roots, double[] stats) {
    int arms = settings.numArms();
    for (TreeNode root : roots) {
      visit(root, leaf -> {
        double[] n = new double[arms];
        double[] m = new double[arms];
        double[] sq = new double[arms];
        for (int a = 0; a < arms; a++) {
          int i = (leaf.groupIndex * arms + a) * 3;
          n[a] = stats[i];
          m[a] = stats[i + 1];
          sq[a] = stats[i + 2];
        }
        leaf.estimate = CriterionMath.estimates(n, m, leaf.estimate, settings.nReg(),
            Math.max(settings.minTreatmentInstances(), 0.0));
        leaf.n = n;
        leaf.m = m;
        leaf.s = sq;
        leaf.groupIndex = -1;
      });
    }
    LOG.debug("honest leaf estimates applied");
  }
}
