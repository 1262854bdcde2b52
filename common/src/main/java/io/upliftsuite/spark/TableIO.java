package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reads a table from its location in any supported format; CSV columns are typed by the table's contract. */
public final class TableIO {
  private TableIO() {}

  public static Dataset<Row> read(SparkSession spark, TableLocation table) {
    return read(spark, table, null);
  }

  /**
   * @param contract for CSV: the contract schema to cast columns to (values that do not parse are reported with a
   *     count); ignored for Delta and Parquet, which carry their own types. May be null.
   */
  public static Dataset<Row> read(SparkSession spark, TableLocation table, StructType contract) {
    if (!pathExists(spark, table.path())) {
      String hint = table.name().equals(table.path()) ? "" : "; set tables." + table.name() + ".path";
      throw new InputValidationException(table.name(), "*", "table not found at " + table.path()
          + " (format " + table.format().sparkName() + hint + ")", 0);
    }
    return switch (table.format()) {
      case DELTA -> spark.read().format("delta").load(table.path());
      case PARQUET -> spark.read().parquet(table.path());
      case CSV -> typedCsv(spark.read().option("header", "true").csv(table.path()), table.name(), contract);
    };
  }

  /** Casts string CSV columns to the contract's types in one validation pass that counts unparsable values. */
  static Dataset<Row> typedCsv(Dataset<Row> raw, String tableName, StructType contract) {
    if (contract == null) {
      return raw;
    }
    List<Column> projected = new ArrayList<>();
    List<StructField> castFields = new ArrayList<>();
    for (String c : raw.columns()) {
      StructField field = contract.getFieldIndex(c).isDefined() ? contract.apply(c) : null;
      if (field == null || field.dataType().sameType(DataTypes.StringType)) {
        projected.add(col("`" + c + "`"));
      } else {
        projected.add(col("`" + c + "`").try_cast(field.dataType()).as(c));
        castFields.add(field);
      }
    }
    if (!castFields.isEmpty()) {
      List<Column> bad = new ArrayList<>();
      for (StructField f : castFields) {
        Column rawCol = col("`" + f.name() + "`");
        bad.add(sum(when(rawCol.isNotNull().and(rawCol.try_cast(f.dataType()).isNull()), 1L).otherwise(0L)));
      }
      Row counts = raw.agg(bad.get(0), bad.subList(1, bad.size()).toArray(Column[]::new)).first();
      for (int i = 0; i < castFields.size(); i++) {
        long n = counts.isNullAt(i) ? 0 : counts.getLong(i);
        if (n > 0) {
          throw new InputValidationException(tableName, castFields.get(i).name(),
              "values that are not a valid " + castFields.get(i).dataType().simpleString(), n);
        }
      }
    }
    // a contract column missing from the file is reported by name by the caller's schema check
    return raw.select(projected.toArray(Column[]::new));
  }

  public static boolean pathExists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot check path " + path + ": " + e.getMessage(), e);
    }
  }
}
