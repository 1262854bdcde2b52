package io.upliftsuite.forest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Model persistence: {@code metadata/} (Spark's param metadata, class name checked on load), {@code data/forest}
 * (one row: arms, number of features, tree weights, feature importances) and {@code data/nodes} (every node of every
 * tree as a row, pre-order; children of node i are 2i and 2i+1).
 */
final class ForestModelIO {
  static final StructType FOREST_SCHEMA = new StructType()
      .add("arms", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("num_features", DataTypes.IntegerType, false)
      .add("tree_weights", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("feature_importances", DataTypes.createArrayType(DataTypes.DoubleType), false);

  static final StructType NODE_SCHEMA = new StructType()
      .add("tree", DataTypes.IntegerType, false)
      .add("id", DataTypes.IntegerType, false)
      .add("depth", DataTypes.IntegerType, false)
      .add("feature", DataTypes.IntegerType, false)
      .add("threshold", DataTypes.DoubleType, false)
      .add("threshold_bin", DataTypes.IntegerType, false)
      .add("left_categories", DataTypes.createArrayType(DataTypes.BooleanType), true)
      .add("gain", DataTypes.DoubleType, false)
      .add("estimate", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("n", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("m", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("s", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private ForestModelIO() {}

  static final class Writer extends MLWriter {
    private final UpliftRandomForestModel model;

    Writer(UpliftRandomForestModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
      Row forest = RowFactory.create(model.arms().toArray(String[]::new), model.numFeatures(),
          model.treeWeights(), model.featureImportances().toArray());
      spark.createDataFrame(List.of(forest), FOREST_SCHEMA).coalesce(1).write().parquet(path + "/data/forest");
      List<Row> nodes = new ArrayList<>();
      TreeNode[] trees = model.trees();
      for (int t = 0; t < trees.length; t++) {
        addNodes(t, trees[t], nodes);
      }
      spark.createDataFrame(nodes, NODE_SCHEMA).coalesce(1).write().parquet(path + "/data/nodes");
    }

    private static void addNodes(int tree, TreeNode node, List<Row> out) {
      Split s = node.split;
      out.add(RowFactory.create(tree, node.id, node.depth, s == null ? -1 : s.feature(),
          s == null ? Double.NaN : s.threshold(), s == null ? -1 : s.thresholdBin(),
          s == null || !s.isCategorical() ? null : s.leftCategories(), node.gain, node.estimate, node.n, node.m,
          node.s == null ? new double[node.n.length] : node.s));
      if (s != null) {
        addNodes(tree, node.left, out);
        addNodes(tree, node.right, out);
      }
    }
  }

  static final class Reader extends MLReader<UpliftRandomForestModel> {
    @Override
    public UpliftRandomForestModel load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, spark,
          UpliftRandomForestModel.class.getName());
      Row forest = spark.read().parquet(path + "/data/forest").first();
      String[] arms = CollectionConverters.asJava(forest.<scala.collection.Seq<String>>getAs("arms"))
          .toArray(String[]::new);
      int numFeatures = forest.getInt(forest.fieldIndex("num_features"));
      double[] weights = doubles(forest, "tree_weights");
      double[] importances = doubles(forest, "feature_importances");
      TreeNode[] trees = new TreeNode[weights.length];
      Map<Long, TreeNode> byKey = new HashMap<>();
      List<Row> rows = spark.read().parquet(path + "/data/nodes").collectAsList(); // the model's own nodes
      for (Row r : rows) {
        int tree = r.getInt(0);
        TreeNode node = new TreeNode(r.getInt(1), r.getInt(2));
        int feature = r.getInt(3);
        if (feature >= 0) {
          if (r.isNullAt(6)) {
            node.split = Split.continuous(feature, r.getDouble(4), r.getInt(5));
          } else {
            List<Object> cats = CollectionConverters.asJava(r.<scala.collection.Seq<Object>>getAs(6));
            boolean[] left = new boolean[cats.size()];
            for (int i = 0; i < left.length; i++) {
              left[i] = (Boolean) cats.get(i);
            }
            node.split = Split.categorical(feature, left);
          }
        }
        node.gain = r.getDouble(7);
        node.estimate = doubles(r, "estimate");
        node.n = doubles(r, "n");
        node.m = doubles(r, "m");
        node.s = doubles(r, "s");
        byKey.put(((long) tree << 32) | node.id, node);
        if (node.id == 1) {
          trees[tree] = node;
        }
      }
      for (Map.Entry<Long, TreeNode> e : byKey.entrySet()) {
        TreeNode node = e.getValue();
        if (node.split != null) {
          long tree = e.getKey() >>> 32;
          node.left = byKey.get((tree << 32) | (node.id * 2L));
          node.right = byKey.get((tree << 32) | (node.id * 2L + 1));
          if (node.left == null || node.right == null) {
            throw new IllegalStateException("Model at " + path + " is missing children of node " + node.id
                + " in tree " + tree);
          }
        }
      }
      UpliftRandomForestModel model = new UpliftRandomForestModel(metadata.uid(), arms, numFeatures, trees, weights,
          importances);
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }

    private static double[] doubles(Row r, String field) {
      List<Object> values = CollectionConverters.asJava(r.<scala.collection.Seq<Object>>getAs(field));
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (Double) values.get(i);
      }
      return out;
    }
  }
}
