package io.upliftsuite.scoring;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Copies one element of a vector column into a double column: a scorer's {@code propensity} is element 1 of the
 * propensity model's probability vector, its {@code cate} element 0 of the uplift model's {@code uplift} vector.
 * Optionally clipped into [{@code min}, {@code max}] (default: not clipped): the propensity is clipped into the
 * trimming bounds, as in the {@code predictions} table, because outside them the model extrapolates.
 */
public final class VectorElement extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final IntParam index;
  private final Param<String> outputCol;
  private final DoubleParam min;
  private final DoubleParam max;

  public VectorElement() {
    this(Identifiable.randomUID("vectorElement"));
  }

  public VectorElement(String uid) {
    this.uid = uid;
    this.inputCol = new Param<>(this, "inputCol", "vector column to read");
    this.index = new IntParam(this, "index", "element to copy (0-based)", ParamValidators.gtEq(0));
    this.outputCol = new Param<>(this, "outputCol", "double column to write");
    this.min = new DoubleParam(this, "min", "lower clip bound (-Infinity: none)");
    this.max = new DoubleParam(this, "max", "upper clip bound (+Infinity: none)");
    setDefault(index, 0);
    setDefault(min, Double.NEGATIVE_INFINITY);
    setDefault(max, Double.POSITIVE_INFINITY);
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public IntParam index() {
    return index;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  // Spark ML finds a stage's params through their public accessors (for copy, save and load).
  public DoubleParam min() {
    return min;
  }

  public DoubleParam max() {
    return max;
  }

  public VectorElement setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public VectorElement setIndex(int v) {
    set(index, v);
    return this;
  }

  /** Clips the element into [lo, hi]. */
  public VectorElement setClip(double lo, double hi) {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("clip bounds must satisfy min <= max, got [" + lo + ", " + hi + "]");
    }
    set(min, lo);
    set(max, hi);
    return this;
  }

  public VectorElement setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Column element = vector_to_array(col($(inputCol)), "float64").getItem($(index));
    double lo = (Double) $(min);
    double hi = (Double) $(max);
    if (lo > Double.NEGATIVE_INFINITY) {
      element = greatest(lit(lo), element);
    }
    if (hi < Double.POSITIVE_INFINITY) {
      element = least(lit(hi), element);
    }
    return dataset.toDF().withColumn($(outputCol), element);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = $(inputCol);
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("Can't find column " + in + " in " + Arrays.toString(schema.fieldNames()));
    }
    if (!schema.apply(in).dataType().sameType(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("Column " + in + " must be a vector but is "
          + schema.apply(in).dataType().simpleString());
    }
    if (Arrays.asList(schema.fieldNames()).contains($(outputCol))) {
      throw new IllegalArgumentException("Output column " + $(outputCol) + " already exists in the input");
    }
    return schema.add($(outputCol), DataTypes.DoubleType, true);
  }

  @Override
  public VectorElement copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<VectorElement> read() {
    return new DefaultParamsReader<>();
  }

  public static VectorElement load(String path) {
    return read().load(path);
  }
}
