package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit of an uplift forest, as a list of steps: validate the rows, find the arms, bin the features from a sample,
 * turn rows into bagged tree points (cached), grow the trees (distributed or in tasks), wrap them in a model.
 */
final class ForestFit {
  private static final Logger LOG = LoggerFactory.getLogger(ForestFit.class);
  /** Name used for the training data in validation messages. */
  static final String TABLE = "training data";

  private final UpliftForestParams p;
  private final boolean regression;

  ForestFit(UpliftForestParams params, boolean regression) {
    this.p = params;
    this.regression = regression;
  }

  UpliftRandomForestModel run(Dataset<?> input) {
    long start = System.nanoTime();
    Dataset<Row> data = input.toDF();
    long rows = validate(data);
    String[] arms = arms(data);
    LOG.info("validated {} rows, arms {} ({} s)", rows, java.util.Arrays.toString(arms), seconds(start));
    SplitCriterion criterion = SplitCriterion.parse(p.getCriterion());
    if (criterion == SplitCriterion.DDP && arms.length != 2) {
      throw new IllegalArgumentException("criterion DDP needs exactly one treatment arm besides control; the data has "
          + arms.length + " arms " + String.join(", ", arms));
    }
    TrainingSettings settings = new TrainingSettings(criterion, arms.length, p.getNumTrees(), p.getMaxDepth(),
        p.getMinInstancesPerNode(), p.getMinTreatmentInstances(), p.getFeatureSubsetStrategy(),
        p.getSubsamplingRate(), p.getBootstrap(), p.getSeed(), p.getMinGain(), p.getHonesty(), p.getNormalization(),
        p.getNReg(), p.getMaxMemoryInMB());
    int numFeatures = numFeatures(data);
    FeatureBinning binning = binning(data, rows, numFeatures);
    LOG.info("binned {} features ({} s)", numFeatures, seconds(start));
    JavaRDD<TreePoint> points = treePoints(data, arms, binning, settings).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ForestTrainer trainer = new ForestTrainer(settings, binning);
      boolean local = switch (p.getTrainingMode()) {
        case "local" -> true;
        case "distributed" -> false;
        default -> rows <= p.getLocalModeMaxRows();
      };
      int parallelism = data.sparkSession().sparkContext().defaultParallelism();
      TreeNode[] trees = local ? trainer.trainLocal(points, parallelism) : trainer.trainDistributed(points);
      LOG.info("grew {} trees ({} s)", trees.length, seconds(start));
      double[] weights = new double[trees.length];
      java.util.Arrays.fill(weights, 1.0 / trees.length);
      LOG.info("fitted {} trees on {} rows x {} features, {} arms, {} mode, in {} s", trees.length, rows,
          numFeatures, arms.length, local ? "local" : "distributed", String.format("%.2f", (System.nanoTime() - start) / 1e9));
      return new UpliftRandomForestModel(((org.apache.spark.ml.util.Identifiable) p).uid(), arms, numFeatures,
          trees, weights, featureImportances(trees, numFeatures));
    } finally {
      points.unpersist(false);
    }
  }

  private static String seconds(long start) {
    return String.format("%.2f", (System.nanoTime() - start) / 1e9);
  }

  /** One pass: nulls in treatment/outcome/features, non-binary outcome, NaN features, bad weights. */
  private long validate(Dataset<Row> data) {
    UDF1<Vector, Boolean> nonFinite = v -> {
      if (v == null) {
        return false;
      }
      for (int i = 0; i < v.size(); i++) {
        if (!Double.isFinite(v.apply(i))) {
          return true;
        }
      }
      return false;
    };
    Column badFeatures = functions.udf(nonFinite, DataTypes.BooleanType).apply(col(p.getFeaturesCol()));
    TableChecks checks = TableChecks.of(TABLE, data)
        .notNull(p.getTreatmentCol(), p.getLabelCol(), p.getFeaturesCol())
        .rule(p.getFeaturesCol(), "features that are NaN or infinite", badFeatures);
    Column label = col(p.getLabelCol()).cast(DataTypes.DoubleType);
    if (regression) {
      checks.rule(p.getLabelCol(), "outcome that is NaN or infinite", isnan(label).or(label.isin(
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
    } else {
      checks.rule(p.getLabelCol(), "outcome must be 0 or 1 for the classifier", label.notEqual(0).and(label.notEqual(1)));
    }
    if (!p.getWeightCol().isEmpty()) {
      Column w = col(p.getWeightCol()).cast(DataTypes.DoubleType);
      checks.rule(p.getWeightCol(), "weight must be a finite number >= 0",
          w.isNull().or(isnan(w)).or(w.lt(0)).or(w.equalTo(Double.POSITIVE_INFINITY)));
    }
    long rows = checks.check();
    if (rows == 0) {
      throw new InputValidationException(TABLE, "*", "no rows to train on", 0);
    }
    return rows;
  }

  /** The arm labels, control first, then the others sorted (numerically for a numeric treatment column). */
  private String[] arms(Dataset<Row> data) {
    boolean numeric = data.schema().apply(p.getTreatmentCol()).dataType() instanceof NumericType;
    List<Row> distinct = data.select(col(p.getTreatmentCol()).cast(DataTypes.StringType)).distinct().collectAsList();
    List<String> labels = new ArrayList<>();
    for (Row r : distinct) {
      labels.add(r.getString(0));
    }
    String control = p.getControlLabel();
    if (numeric) {
      // "0" and "0.0" name the same arm when the column is numeric
      for (String l : labels) {
        if (Double.parseDouble(l) == parseOrNaN(control)) {
          control = l;
        }
      }
    }
    if (!labels.contains(control)) {
      throw new InputValidationException(TABLE, p.getTreatmentCol(), "no rows with the control label '"
          + p.getControlLabel() + "' (labels present: " + labels + ")", 0);
    }
    if (labels.size() < 2) {
      throw new InputValidationException(TABLE, p.getTreatmentCol(), "only one arm (" + labels
          + "); uplift needs control and at least one treatment", 0);
    }
    String c = control;
    labels.remove(c);
    labels.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
    labels.add(0, c);
    return labels.toArray(String[]::new);
  }

  private static double parseOrNaN(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private int numFeatures(Dataset<Row> data) {
    AttributeGroup group = AttributeGroup.fromStructField(data.schema().apply(p.getFeaturesCol()));
    if (group.size() >= 0) {
      return group.size();
    }
    return ((Vector) data.select(p.getFeaturesCol()).first().get(0)).size();
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

  /** Quantile bins from a seeded sample of about max(maxBins^2, 10000) rows (the driver sees only the sample). */
  private FeatureBinning binning(Dataset<Row> data, long rows, int numFeatures) {
    int maxBins = p.getMaxBins();
    double wanted = Math.max((double) maxBins * maxBins, 10_000);
    double fraction = Math.min(1.0, wanted / rows);
    Dataset<Row> features = data.select(p.getFeaturesCol());
    List<Row> sample = fraction >= 1.0 ? features.collectAsList()
        : features.sample(false, fraction, p.getSeed()).collectAsList();
    List<Vector> vectors = new ArrayList<>(sample.size());
    for (Row r : sample) {
      Vector v = r.getAs(0);
      if (v.size() != numFeatures) {
        throw new InputValidationException(TABLE, p.getFeaturesCol(), "feature vectors of size " + v.size()
            + " where " + numFeatures + " are expected", 1);
      }
      vectors.add(v);
    }
    return FeatureBinning.fromSample(vectors, numFeatures, categorical(data), maxBins);
  }

  private JavaRDD<TreePoint> treePoints(Dataset<Row> data, String[] arms, FeatureBinning binning,
      TrainingSettings s) {
    Column armIndex = lit(-1);
    Column treatment = col(p.getTreatmentCol()).cast(DataTypes.StringType);
    for (int a = arms.length - 1; a >= 0; a--) {
      armIndex = functions.when(treatment.equalTo(arms[a]), a).otherwise(armIndex);
    }
    Column weight = p.getWeightCol().isEmpty() ? lit(1.0) : col(p.getWeightCol()).cast(DataTypes.DoubleType);
    Dataset<Row> slim = data.select(col(p.getFeaturesCol()), armIndex, col(p.getLabelCol()).cast(DataTypes.DoubleType),
        weight);
    long seed = s.seed();
    int numTrees = s.numTrees();
    double rate = s.subsamplingRate();
    boolean bootstrap = s.bootstrap();
    boolean honesty = s.honesty();
    int numFeatures = binning.numFeatures();
    return slim.javaRDD().zipWithIndex().map(t -> {
      Row r = t._1();
      Vector v = r.getAs(0);
      if (v.size() != numFeatures) {
        throw new InputValidationException(TABLE, "features", "feature vectors of size " + v.size() + " where "
            + numFeatures + " are expected", 1);
      }
      return new TreePoint(binning.bins(v), r.getInt(1), r.getDouble(2), r.getDouble(3),
          TreePoint.bagCounts(seed, t._2(), numTrees, rate, bootstrap, honesty));
    });
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
