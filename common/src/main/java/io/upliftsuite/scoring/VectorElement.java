package io.upliftsuite.scoring;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Copies one element of a vector column into a double column: a scorer's {@code propensity} is element 1 of the
 * propensity model's probability vector, its {@code cate} element 0 of the uplift model's {@code uplift} vector.
 */
public final class VectorElement extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final IntParam index;
  private final Param<String> outputCol;

  public VectorElement() {
    this(Identifiable.randomUID("vectorElement"));
  }

  public VectorElement(String uid) {
    this.uid = uid;
    this.inputCol = new Param<>(this, "inputCol", "vector column to read");
    this.index = new IntParam(this, "index", "element to copy (0-based)", ParamValidators.gtEq(0));
    this.outputCol = new Param<>(this, "outputCol", "double column to write");
    setDefault(index, 0);
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

  public VectorElement setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public VectorElement setIndex(int v) {
    set(index, v);
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
    return dataset.toDF().withColumn($(outputCol), vector_to_array(col($(inputCol)), "float64").getItem($(index)));
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
