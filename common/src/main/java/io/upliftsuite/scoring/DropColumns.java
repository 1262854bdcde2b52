package io.upliftsuite.scoring;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Drops the listed columns when present: the last stage of a scorer removes the intermediate columns of its stages. */
public final class DropColumns extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final StringArrayParam columns;

  public DropColumns() {
    this(Identifiable.randomUID("dropColumns"));
  }

  public DropColumns(String uid) {
    this.uid = uid;
    this.columns = new StringArrayParam(this, "columns", "columns to drop");
    setDefault(columns, new String[0]);
  }

  public StringArrayParam columns() {
    return columns;
  }

  public DropColumns setColumns(List<String> cols) {
    set(columns, cols.toArray(String[]::new));
    return this;
  }

  public List<String> getColumns() {
    return List.of($(columns));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return dataset.toDF().drop($(columns));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    List<String> drop = Arrays.asList($(columns));
    return new StructType(Arrays.stream(schema.fields()).filter(f -> !drop.contains(f.name()))
        .toArray(StructField[]::new));
  }

  @Override
  public DropColumns copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<DropColumns> read() {
    return new DefaultParamsReader<>();
  }

  public static DropColumns load(String path) {
    return read().load(path);
  }
}
