package io.upliftsuite.spark;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * Copies a table (or a filtered part of it) out of the warehouse as CSV or Parquet, so people and other tools can
 * look into it. An output ending in {@code .csv} becomes ONE CSV file with a header; otherwise Spark's usual
 * folder of part files is written (quotes inside values doubled, RFC 4180). CSV has no arrays, maps or structs, so those columns are written as JSON text
 * ({@link #csvCompatible}); Parquet keeps every column's type. A failure is a {@link TableExportException} whose
 * one-line message names the table and the output.
 */
public final class TableExport {
  public enum Format { CSV, PARQUET }

  public record Result(String output, long rows, boolean singleFile) {}

  private final SparkSession spark;
  private TableLocation source;
  private String where;
  private Format format = Format.CSV;
  private String output;

  private TableExport(SparkSession spark) {
    this.spark = spark;
  }

  public static TableExport on(SparkSession spark) {
    return new TableExport(spark);
  }

  public TableExport source(TableLocation table) {
    this.source = table;
    return this;
  }

  public TableExport where(String sqlPredicate) {
    this.where = sqlPredicate;
    return this;
  }

  public TableExport format(Format format) {
    this.format = Objects.requireNonNull(format, "format");
    return this;
  }

  public TableExport output(String path) {
    this.output = path;
    return this;
  }

  public Result execute() {
    if (source == null) {
      throw new IllegalArgumentException("export needs a source table (--table NAME or --path PATH)");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("export needs --output PATH");
    }
    Dataset<Row> rows = TableIO.read(spark, source); // a missing table is reported by name, as for every job
    try {
      if (where != null && !where.isBlank()) {
        rows = rows.where(where);
      }
      if (format == Format.CSV) {
        rows = csvCompatible(rows);
      }
      rows = rows.cache();
      try {
        long count = rows.count();
        boolean single = format == Format.CSV && output.toLowerCase(Locale.ROOT).endsWith(".csv");
        if (single) {
          SingleCsvFile.write(rows, output);
        } else if (format == Format.CSV) {
          rows.write().mode("overwrite").option("header", "true").option("escape", "\"").csv(output);
        } else {
          rows.write().mode("overwrite").parquet(output);
        }
        return new Result(output, count, single);
      } finally {
        rows.unpersist();
      }
    } catch (Exception e) { // Spark's AnalysisException (a bad --where) is a checked exception in Java's eyes
      throw new TableExportException(source, format, output, where, e);
    }
  }

  /**
   * The rows with every column CSV can hold kept as it is and every other one as text: arrays, maps and structs (at
   * any depth) as JSON (an ML vector as a JSON array of its values), binary as base64, any other user-defined type
   * as its string form. Column names and order are kept.
   */
  public static Dataset<Row> csvCompatible(Dataset<Row> rows) {
    StructField[] fields = rows.schema().fields();
    Column[] columns = new Column[fields.length];
    boolean changed = false;
    for (int i = 0; i < fields.length; i++) {
      Column c = col(quoted(fields[i].name()));
      DataType type = fields[i].dataType();
      Column text = null;
      if (type instanceof VectorUDT) {
        text = to_json(vector_to_array(c, "float64"));
      } else if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType) {
        text = to_json(c);
      } else if (type instanceof BinaryType) {
        text = base64(c);
      } else if (type instanceof UserDefinedType<?>) {
        text = c.cast(DataTypes.StringType);
      }
      columns[i] = text == null ? c : text.as(fields[i].name());
      changed |= text != null;
    }
    return changed ? rows.select(columns) : rows;
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /**
   * Writes a dataset as one CSV file with a header: one task writes into a temp folder, the part file is renamed.
   * A quote inside a value is doubled (RFC 4180, what spreadsheets and pandas read), not backslash-escaped.
   */
  public static final class SingleCsvFile {
    private SingleCsvFile() {}

    public static void write(Dataset<Row> rows, String outputFile) {
      SparkSession spark = rows.sparkSession();
      Path target = new Path(outputFile);
      Path temp = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
      rows.coalesce(1).write().mode("overwrite").option("header", "true").option("escape", "\"")
          .csv(temp.toString());
      try {
        FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path part = null;
        for (FileStatus st : fs.listStatus(temp)) {
          if (st.getPath().getName().startsWith("part-")) {
            part = st.getPath();
          }
        }
        if (part == null) {
          throw new IllegalStateException("Spark wrote no CSV part file under " + temp);
        }
        if (fs.exists(target)) {
          fs.delete(target, true);
        }
        if (!fs.rename(part, target)) {
          throw new IllegalStateException("Cannot move " + part + " to " + target);
        }
        fs.delete(temp, true);
        // Hadoop's local file system moves the part file's checksum along; a user asked for one file, not two.
        Path crc = new Path(target.getParent(), "." + target.getName() + ".crc");
        if (fs.exists(crc)) {
          fs.delete(crc, false);
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot write " + outputFile + ": " + e.getMessage(), e);
      }
    }
  }
}
