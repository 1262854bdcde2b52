package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted uplift forest. {@link #transform} adds {@code arm_outcomes} (weighted mean over trees of each leaf's
 * per-arm outcome estimate; control first), {@code uplift} (per treatment arm, outcome minus control) and
 * {@code best_arm} (label of the arm with the highest predicted outcome; ties go to the earlier arm, control first).
 */
public final class UpliftRandomForestModel extends Model<UpliftRandomForestModel>
    implements UpliftForestParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ForestParamSet params;
  private final String[] arms;
  private final int numFeatures;
  private final TreeNode[] trees;
  private final double[] treeWeights;
  private final double[] featureImportances;
  private transient ForestPredictor predictor;
  private transient Broadcast<ForestPredictor> broadcast;
  private transient SparkContext broadcastContext;

  UpliftRandomForestModel(String uid, String[] arms, int numFeatures, TreeNode[] trees, double[] treeWeights,
      double[] featureImportances) {
    this.uid = uid;
    this.params = new ForestParamSet(uid, null);
    params.setDefaults(this, false);
    this.arms = arms;
    this.numFeatures = numFeatures;
    this.trees = trees;
    this.treeWeights = treeWeights;
    this.featureImportances = featureImportances;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ForestParamSet paramSet() {
    return params;
  }

  public UpliftRandomForestModel setFeaturesCol(String v) {
    set(featuresCol(), v);
    return this;
  }

  /** Arm labels, control first, then the treatment arms in sorted label order. */
  public List<String> arms() {
    return List.of(arms);
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** Trees in the model (an averaged ensemble has the trees of all its members). */
  public int getNumTreesInModel() {
    return trees.length;
  }

  public int totalNumNodes() {
    int n = 0;
    for (TreeNode t : trees) {
      n += t.numNodes();
    }
    return n;
  }

  /** Importance of each feature (sum of split gain x node rows, normalised per tree, averaged; sums to 1). */
  public Vector featureImportances() {
    return Vectors.dense(featureImportances.clone());
  }

  TreeNode[] trees() {
    return trees;
  }

  double[] treeWeights() {
    return treeWeights;
  }

  /** Predicted outcome per arm for one feature vector. */
  public double[] predictArmOutcomes(Vector features) {
    ForestPredictor f = predictor();
    if (features.size() != numFeatures) {
      throw new IllegalArgumentException("Column " + getFeaturesCol() + " has vectors of size " + features.size()
          + " but the model was trained on " + numFeatures + " features");
    }
    return f.armOutcomes(features);
  }

  private synchronized ForestPredictor predictor() {
    if (predictor == null) {
      predictor = new ForestPredictor(trees, treeWeights, arms.length, numFeatures);
    }
    return predictor;
  }

  /** The forest as a broadcast, made once per model and Spark context (executors fetch it once, not per task). */
  private synchronized Broadcast<ForestPredictor> broadcast(SparkContext sc) {
    if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(predictor());
      broadcastContext = sc;
    }
    return broadcast;
  }

  /**
   * Adds the output columns: ONE UDF walks the broadcast forest for {@code arm_outcomes}; {@code uplift} and
   * {@code best_arm} are column expressions over it, so the forest is neither captured by nor shipped with any task.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Broadcast<ForestPredictor> forest = broadcast(dataset.sparkSession().sparkContext());
    int size = numFeatures;
    String featuresCol = getFeaturesCol();
    UDF1<Vector, Vector> outcomes = v -> {
      if (v.size() != size) {
        throw new IllegalArgumentException("Column " + featuresCol + " has vectors of size " + v.size()
            + " but the model was trained on " + size + " features");
      }
      return Vectors.dense(forest.value().armOutcomes(v));
    };
    Column[] labels = new Column[arms.length];
    for (int a = 0; a < arms.length; a++) {
      labels[a] = functions.lit(arms[a]);
    }
    Dataset<Row> withOutcomes = dataset.toDF().withColumn(ForestSchemas.ARM_OUTCOMES,
        functions.udf(outcomes, SQLDataTypes.VectorType()).apply(col(featuresCol)));
    Column y = org.apache.spark.ml.functions.vector_to_array(col(ForestSchemas.ARM_OUTCOMES), "float64");
    Column control = functions.element_at(y, 1);
    Column uplift = org.apache.spark.ml.functions.array_to_vector(
        functions.transform(functions.slice(y, 2, arms.length - 1), u -> u.minus(control)));
    // array_position finds the first maximum: ties go to the earlier arm, control first
    Column best = functions.element_at(functions.array(labels),
        functions.array_position(y, functions.array_max(y)).cast(DataTypes.IntegerType));
    return withOutcomes.withColumn(ForestSchemas.UPLIFT, uplift).withColumn(ForestSchemas.BEST_ARM, best);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ForestSchemas.validateAndTransform(this, schema, false);
  }

  @Override
  public UpliftRandomForestModel copy(ParamMap extra) {
    UpliftRandomForestModel copy = new UpliftRandomForestModel(uid, arms, numFeatures, trees, treeWeights,
        featureImportances);
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  /** A readable dump of tree {@code t}: one line per node, indented by depth. */
  public String treeToString(int t, List<String> featureNames) {
    StringBuilder sb = new StringBuilder("Tree " + t + " (weight " + treeWeights[t] + ", arms " + Arrays.toString(arms)
        + ")\n");
    dump(trees[t], featureNames, sb);
    return sb.toString();
  }

  public String treeToString(int t) {
    List<String> names = new ArrayList<>();
    for (int f = 0; f < numFeatures; f++) {
      names.add("feature " + f);
    }
    return treeToString(t, names);
  }

  private void dump(TreeNode node, List<String> names, StringBuilder sb) {
    String indent = " ".repeat(2 * node.depth + 1);
    if (node.isLeaf()) {
      sb.append(indent).append("Predict: ").append(Arrays.toString(node.estimate))
          .append(" n=").append(Arrays.toString(node.n)).append('\n');
      return;
    }
    String test = node.split.describe(names.get(node.split.feature()));
    sb.append(indent).append("If (").append(test).append(") gain=").append(node.gain).append('\n');
    dump(node.left, names, sb);
    sb.append(indent).append("Else (not ").append(test).append(")\n");
    dump(node.right, names, sb);
  }

  /**
   * One ensemble model from several fitted models with the same arms and features: each model counts equally (its
   * trees share its weight), so averaging 30 forests averages their predictions. Params are the first model's.
   */
  public static UpliftRandomForestModel average(List<UpliftRandomForestModel> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("average needs at least one model");
    }
    UpliftRandomForestModel first = models.get(0);
    List<TreeNode> trees = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    double[] importances = new double[first.numFeatures];
    for (UpliftRandomForestModel m : models) {
      if (!Arrays.equals(m.arms, first.arms) || m.numFeatures != first.numFeatures) {
        throw new IllegalArgumentException("Can't average models with different arms or features: "
            + Arrays.toString(m.arms) + " x " + m.numFeatures + " vs " + Arrays.toString(first.arms) + " x "
            + first.numFeatures);
      }
      for (int t = 0; t < m.trees.length; t++) {
        trees.add(m.trees[t]);
        weights.add(m.treeWeights[t] / models.size());
      }
      for (int f = 0; f < importances.length; f++) {
        importances[f] += m.featureImportances[f] / models.size();
      }
    }
    UpliftRandomForestModel avg = new UpliftRandomForestModel(
        org.apache.spark.ml.util.Identifiable.randomUID("upliftRFEnsemble"), first.arms, first.numFeatures,
        trees.toArray(TreeNode[]::new), weights.stream().mapToDouble(Double::doubleValue).toArray(), importances);
    first.copyValues(avg, ParamMap.empty());
    return avg;
  }

  @Override
  public MLWriter write() {
    return new ForestModelIO.Writer(this);
  }

  public static MLReader<UpliftRandomForestModel> read() {
    return new ForestModelIO.Reader();
  }

  public static UpliftRandomForestModel load(String path) {
    return read().load(path);
  }
}
