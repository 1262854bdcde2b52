package io.upliftsuite.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The first stage of a day scorer: makes feature columns what the fitted encoders were trained on, exactly as the
 * trainer's {@code FeatureSpace} does before fitting — numeric features become doubles with null as 0, categorical
 * features keep their string with null as {@value #NULL_CATEGORY}. Other columns pass through unchanged. A Spark ML
 * {@link Transformer} saved with its params, so it travels inside the scorer's {@code PipelineModel}.
 */
public final class FeatureCleaner extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** The category that stands for a null value (the trainer's encoders learnt it under this name). */
  public static final String NULL_CATEGORY = "__null__";

  private final String uid;
  private final StringArrayParam numericCols;
  private final StringArrayParam categoricalCols;

  public FeatureCleaner() {
    this(Identifiable.randomUID("featureCleaner"));
  }

  public FeatureCleaner(String uid) {
    this.uid = uid;
    this.numericCols = new StringArrayParam(this, "numericCols", "numeric feature columns (cast to double, null -> 0)");
    this.categoricalCols = new StringArrayParam(this, "categoricalCols",
        "categorical feature columns (null -> " + NULL_CATEGORY + ")");
    setDefault(numericCols, new String[0]);
    setDefault(categoricalCols, new String[0]);
  }

  public StringArrayParam numericCols() {
    return numericCols;
  }

  public StringArrayParam categoricalCols() {
    return categoricalCols;
  }

  public FeatureCleaner setNumericCols(List<String> cols) {
    set(numericCols, cols.toArray(String[]::new));
    return this;
  }

  public FeatureCleaner setCategoricalCols(List<String> cols) {
    set(categoricalCols, cols.toArray(String[]::new));
    return this;
  }

  public List<String> getNumericCols() {
    return List.of($(numericCols));
  }

  public List<String> getCategoricalCols() {
    return List.of($(categoricalCols));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Set<String> numeric = Set.of($(numericCols));
    Set<String> categorical = Set.of($(categoricalCols));
    Column[] projected = Arrays.stream(dataset.columns()).map(c -> {
      Column v = col("`" + c + "`");
      if (numeric.contains(c)) {
        return when(v.isNull(), lit(0.0)).otherwise(v.cast(DataTypes.DoubleType)).as(c);
      }
      if (categorical.contains(c)) {
        return when(v.isNull(), lit(NULL_CATEGORY)).otherwise(v).as(c);
      }
      return v;
    }).toArray(Column[]::new);
    return dataset.toDF().select(projected);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Set<String> present = Set.of(schema.fieldNames());
    StructType out = new StructType();
    for (String c : $(numericCols)) {
      require(present, c, schema);
    }
    for (String c : $(categoricalCols)) {
      require(present, c, schema);
      if (!schema.apply(c).dataType().sameType(DataTypes.StringType)) {
        throw new IllegalArgumentException("Categorical feature column " + c + " must be a string but is "
            + schema.apply(c).dataType().simpleString());
      }
    }
    Set<String> numeric = Set.of($(numericCols));
    for (StructField f : schema.fields()) {
      out = numeric.contains(f.name()) ? out.add(f.name(), DataTypes.DoubleType, false) : out.add(f);
    }
    return out;
  }

  private static void require(Set<String> present, String column, StructType schema) {
    if (!present.contains(column)) {
      throw new IllegalArgumentException("Can't find feature column " + column + " in "
          + Arrays.toString(schema.fieldNames()) + ": the scorer was trained with it");
    }
  }

  @Override
  public FeatureCleaner copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<FeatureCleaner> read() {
    return new DefaultParamsReader<>();
  }

  public static FeatureCleaner load(String path) {
    return read().load(path);
  }
}
