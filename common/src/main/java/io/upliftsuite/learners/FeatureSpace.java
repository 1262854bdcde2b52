package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns feature columns into model inputs, fitted on training rows only so that holdout rows see the same encoding.
 *
 * <p>Numeric features become doubles (booleans 0/1; nulls 0, because episode features such as "days since last
 * contact" are null where the event never happened and the trees and filters only need a consistent value).
 * Categorical features are indexed by frequency ({@code StringIndexer}, unseen and null values get their own index),
 * which trees and binned filters use as an ordinal code; the linear propensity model gets them one-hot encoded.
 * Output columns: {@link #TREE_FEATURES} (numeric + category indices, in {@link #names()} order) and
 * {@link #LINEAR_FEATURES} (numeric + one-hot).
 */
public final class FeatureSpace {
  public static final String TREE_FEATURES = "features";
  public static final String LINEAR_FEATURES = "features_linear";
  static final String INDEX_SUFFIX = "__idx";
  static final String ONE_HOT_SUFFIX = "__onehot";
  static final String NULL_CATEGORY = "__null__";

  private final FeatureColumns columns;
  private final PipelineModel pipeline;

  private FeatureSpace(FeatureColumns columns, PipelineModel pipeline) {
    this.columns = columns;
    this.pipeline = pipeline;
  }

  /** Fits the encoders on {@code training}. */
  public static FeatureSpace fit(Dataset<Row> training, FeatureColumns columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("No feature columns: the episodes table has only non-feature columns");
    }
    List<PipelineStage> stages = new ArrayList<>();
    List<String> treeInputs = new ArrayList<>(columns.numeric());
    List<String> linearInputs = new ArrayList<>(columns.numeric());
    if (!columns.categorical().isEmpty()) {
      String[] in = columns.categorical().toArray(String[]::new);
      String[] idx = columns.categorical().stream().map(c -> c + INDEX_SUFFIX).toArray(String[]::new);
      String[] oh = columns.categorical().stream().map(c -> c + ONE_HOT_SUFFIX).toArray(String[]::new);
      stages.add(new StringIndexer().setInputCols(in).setOutputCols(idx).setHandleInvalid("keep")
          .setStringOrderType("frequencyDesc"));
      stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(oh).setHandleInvalid("keep"));
      treeInputs.addAll(List.of(idx));
      linearInputs.addAll(List.of(oh));
    }
    stages.add(new VectorAssembler().setInputCols(treeInputs.toArray(String[]::new)).setOutputCol(TREE_FEATURES));
    stages.add(new VectorAssembler().setInputCols(linearInputs.toArray(String[]::new)).setOutputCol(LINEAR_FEATURES));
    PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(clean(training, columns));
    return new FeatureSpace(columns, model);
  }

  /** Adds the encoded columns (numeric features are replaced by their double, null-free version). */
  public Dataset<Row> transform(Dataset<Row> rows) {
    return pipeline.transform(clean(rows, columns));
  }

  /** Feature names in the order of the {@link #TREE_FEATURES} vector. */
  public List<String> names() {
    List<String> names = new ArrayList<>(columns.numeric());
    names.addAll(columns.categorical());
    return names;
  }

  /** The fitted encoders (saved with the model files). */
  public PipelineModel pipeline() {
    return pipeline;
  }

  public FeatureColumns columns() {
    return columns;
  }

  /** The numeric column holding feature {@code name} after {@link #transform} (categories: their index). */
  public String encodedColumn(String name) {
    return columns.categorical().contains(name) ? name + INDEX_SUFFIX : name;
  }

  private static Dataset<Row> clean(Dataset<Row> rows, FeatureColumns columns) {
    List<Column> projected = new ArrayList<>();
    for (String c : rows.columns()) {
      Column v = col("`" + c + "`");
      if (columns.numeric().contains(c)) {
        projected.add(when(v.isNull(), lit(0.0)).otherwise(v.cast(DataTypes.DoubleType)).as(c));
      } else if (columns.categorical().contains(c)) {
        projected.add(when(v.isNull(), lit(NULL_CATEGORY)).otherwise(v).as(c));
      } else {
        projected.add(v);
      }
    }
    return rows.select(projected.toArray(Column[]::new));
  }
}
