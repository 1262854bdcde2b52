package io.upliftsuite.forest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit of an uplift forest (or of several forests grown together), as a list of steps: read the rows once
 * ({@link TrainingRows}: project, cache, validate, find the arms and count partitions in one pass), bin the features
 * from a sample, turn rows into bagged tree points, grow the trees (distributed, or in tasks that each hold every
 * row), wrap them in models.
 */
final class ForestFit {
  private static final Logger LOG = LoggerFactory.getLogger(ForestFit.class);
  /** Name used for the training data in validation messages. */
  static final String TABLE = TrainingRows.TABLE;
  /**
   * Local mode under trainingMode auto grows everything in ONE task when rows x trees is at most this: tree building
   * then takes well under a second and a second task would cost more in scheduling and cache reads than it saves.
   * (At 4M a 30 x 10-tree ensemble of 8k rows ran in one task and took 5.7x one forest; spread over the cores, less.)
   */
  static final long SINGLE_TASK_WORK = 1_000_000L;

  private final UpliftForestParams p;
  private final boolean regression;

  ForestFit(UpliftForestParams params, boolean regression) {
    this.p = params;
    this.regression = regression;
  }

  /** The forests of one fit and the number of rows they were grown on. */
  record Result(List<UpliftRandomForestModel> models, long rows) {}

  UpliftRandomForestModel run(Dataset<?> input) {
    return runEnsemble(input, new long[] {p.getSeed()}).models().get(0);
  }

  /**
   * Grows one forest of numTrees trees per seed, all in the same passes (one read, one binning, one cache, one
   * frontier over every tree). Forest e is the forest a separate fit with seed {@code seeds[e]} grows: its trees draw
   * their randomness from (its seed, tree index) and the bins do not depend on the seed.
   */
  Result runEnsemble(Dataset<?> input, long[] seeds) {
    long start = System.nanoTime();
    Dataset<Row> data = input.toDF();
    TrainingRows rows = TrainingRows.prepare(p, regression, data, attributeSize(data), null);
    try {
      TrainingSettings settings = settings(rows, seeds);
      LOG.info("read and validated {} rows, arms {} ({} s)", rows.rows, java.util.Arrays.toString(rows.arms),
          seconds(start));
      FeatureBinning binning = binning(data, rows);
      LOG.info("binned {} features ({} s)", rows.numFeatures, seconds(start));
      boolean local = switch (p.getTrainingMode()) {
        case "local" -> true;
        case "distributed" -> false;
        default -> rows.rows <= p.getLocalModeMaxRows();
      };
      ForestTrainer trainer = new ForestTrainer(settings, binning);
      TreeNode[] trees;
      JavaRDD<TreePoint> points = rows.treePoints(binning, settings);
      int chunks = 1;
      if (local) {
        int parallelism = data.sparkSession().sparkContext().defaultParallelism();
        // explicit local mode always spreads the trees over the cores; auto keeps small fits in one task
        boolean small = (double) rows.rows * settings.numTrees() <= SINGLE_TASK_WORK;
        chunks = small && p.getTrainingMode().equals("auto") ? 1 : parallelism;
        if (chunks > 1) {
          points = points.persist(StorageLevel.MEMORY_AND_DISK());
        }
        trees = trainer.trainLocal(points, chunks);
      } else {
        points = points.persist(StorageLevel.MEMORY_AND_DISK());
        trees = trainer.trainDistributed(points);
      }
      points.unpersist(false);
      LOG.info("fitted {} forest(s) of {} trees on {} rows x {} features, {} arms, {} in {} s", seeds.length,
          settings.treesPerForest(), rows.rows, rows.numFeatures, rows.arms.length,
          local ? "local mode (" + chunks + " task(s))" : "distributed mode", seconds(start));
      String uid = ((org.apache.spark.ml.util.Identifiable) p).uid();
      List<UpliftRandomForestModel> models = new ArrayList<>();
      int perForest = settings.treesPerForest();
      for (int e = 0; e < seeds.length; e++) {
        TreeNode[] own = java.util.Arrays.copyOfRange(trees, e * perForest, (e + 1) * perForest);
        models.add(model(seeds.length == 1 ? uid : uid + "_" + e, rows.arms, rows.numFeatures, own));
      }
      return new Result(models, rows.rows);
    } finally {
      rows.release();
    }
  }

  /**
   * Fits one forest per value of {@code groupCol}, each grown in memory by one task (the "many forests" mode: e.g.
   * one per decision day); arms and bins are shared, bagging is seeded by row position in the whole input.
   */
  java.util.Map<String, UpliftRandomForestModel> runGroups(Dataset<?> input, String groupCol) {
    long start = System.nanoTime();
    Dataset<Row> data = input.toDF();
    if (!java.util.Arrays.asList(data.columns()).contains(groupCol)) {
      throw new IllegalArgumentException("Can't find group column " + groupCol + " in "
          + java.util.Arrays.toString(data.columns()));
    }
    TrainingRows rows = TrainingRows.prepare(p, regression, data, attributeSize(data), groupCol);
    try {
      TrainingSettings settings = settings(rows, new long[] {p.getSeed()});
      FeatureBinning binning = binning(data, rows);
      String uid = ((org.apache.spark.ml.util.Identifiable) p).uid();
      java.util.Map<String, UpliftRandomForestModel> models = new java.util.TreeMap<>();
      for (scala.Tuple2<String, TreeNode[]> g : new ForestTrainer(settings, binning)
          .trainPerGroup(rows.keyedTreePoints(binning, settings))) {
        models.put(g._1(), model(uid + "_" + g._1(), rows.arms, rows.numFeatures, g._2()));
      }
      LOG.info("fitted {} forests of {} trees on {} rows x {} features, {} arms, one task per group, in {} s",
          models.size(), settings.numTrees(), rows.rows, rows.numFeatures, rows.arms.length, seconds(start));
      return models;
    } finally {
      rows.release();
    }
  }

  private TrainingSettings settings(TrainingRows rows, long[] seeds) {
    SplitCriterion criterion = SplitCriterion.parse(p.getCriterion());
    if (criterion == SplitCriterion.DDP && rows.arms.length != 2) {
      throw new IllegalArgumentException("criterion DDP needs exactly one treatment arm besides control; the data has "
          + rows.arms.length + " arms " + String.join(", ", rows.arms));
    }
    return new TrainingSettings(criterion, rows.arms.length, p.getNumTrees(), seeds, p.getMaxDepth(),
        p.getMinInstancesPerNode(), p.getMinTreatmentInstances(), p.getFeatureSubsetStrategy(),
        p.getSubsamplingRate(), p.getBootstrap(), p.getMinGain(), p.getHonesty(), p.getNormalization(),
        p.getNReg(), p.getMaxMemoryInMB());
  }

  private static String seconds(long start) {
    return String.format("%.2f", (System.nanoTime() - start) / 1e9);
  }

  private static UpliftRandomForestModel model(String uid, String[] arms, int numFeatures, TreeNode[] trees) {
    double[] weights = new double[trees.length];
    java.util.Arrays.fill(weights, 1.0 / trees.length);
    return new UpliftRandomForestModel(uid, arms, numFeatures, trees, weights,
        featureImportances(trees, numFeatures));
  }

  /** The features' size from the column's ML attributes, or -1 when they don't say. */
  private int attributeSize(Dataset<Row> data) {
    return AttributeGroup.fromStructField(data.schema().apply(p.getFeaturesCol())).size();
  }

  /** Categorical features from the vector's ML attributes (e.g. set by VectorIndexer / StringIndexer + assembler). */
  private Map<Integer, Integer> categorical(Dataset<Row> data) {
    Map<Integer, Integer> result = new HashMap<>();
    AttributeGroup group = AttributeGroup.fromStructField(data.schema().apply(p.getFeaturesCol()));
    if (group.attributes().isEmpty()) {
      return result;
    }
    Attribute[] attributes = group.attributes().get();
    for (int f = 0; f < attributes.length; f++) {
      Attribute a = attributes[f];
      if (a instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
        result.put(f, (Integer) nominal.getNumValues().get());
      } else if (a instanceof BinaryAttribute) {
        result.put(f, 2);
      }
    }
    return result;
  }

  /** Quantile bins from a sample of about max(maxBins^2, 10000) rows (the driver sees only the sample). */
  private FeatureBinning binning(Dataset<Row> data, TrainingRows rows) {
    int maxBins = p.getMaxBins();
    List<Vector> sample = rows.binningSample(Math.max((double) maxBins * maxBins, 10_000));
    return FeatureBinning.fromSample(sample, rows.numFeatures, categorical(data), maxBins);
  }

  /** Per tree: sum over its splits of gain x node rows, normalised to 1; then averaged over trees and normalised. */
  static double[] featureImportances(TreeNode[] trees, int numFeatures) {
    double[] total = new double[numFeatures];
    for (TreeNode root : trees) {
      double[] imp = new double[numFeatures];
      accumulate(root, imp);
      double sum = CriterionMath.sum(imp);
      if (sum > 0) {
        for (int f = 0; f < numFeatures; f++) {
          total[f] += imp[f] / sum;
        }
      }
    }
    double sum = CriterionMath.sum(total);
    if (sum > 0) {
      for (int f = 0; f < numFeatures; f++) {
        total[f] /= sum;
      }
    }
    return total;
  }

  private static void accumulate(TreeNode node, double[] imp) {
    if (node.isLeaf()) {
      return;
    }
    imp[node.split.feature()] += node.gain * CriterionMath.sum(node.n);
    accumulate(node.left, imp);
    accumulate(node.right, imp);
  }
}
