package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/** Reads a user's table for the generic forest jobs and checks its feature columns. */
final class ForestInput {
  private ForestInput() {}

  /** CSV is read with a header and inferred column types (numbers become numeric features, text categorical). */
  static Dataset<Row> read(SparkSession spark, TableLocation table) {
    if (table.format() == TableFormat.CSV) {
      if (!TableIO.pathExists(spark, table.path())) {
        throw new InputValidationException(table.name(), "*", "table not found at " + table.path() + " (format csv)", 0);
      }
      return spark.read().option("header", "true").option("inferSchema", "true").csv(table.path());
    }
    return TableIO.read(spark, table);
  }

  /**
   * Missing feature columns, unsupported types, nulls and NaN/infinite values, each reported with a count.
   * Returns the number of rows.
   */
  static long checkFeatures(String table, Dataset<Row> rows, List<String> features) {
    TableChecks checks = TableChecks.of(table, rows).hasColumns(features.toArray(String[]::new));
    for (String f : features) {
      DataType type = rows.schema().apply(f).dataType();
      if (!(type instanceof NumericType) && !type.sameType(DataTypes.StringType)
          && !type.sameType(DataTypes.BooleanType)) {
        throw new InputValidationException(table, f, "feature of unsupported type " + type.simpleString()
            + " (numbers, booleans and strings are)", 0);
      }
      checks.notNull(f);
      if (type instanceof NumericType) {
        var v = col(f).cast(DataTypes.DoubleType);
        checks.rule(f, "values that are NaN or infinite", isnan(v).or(v.isin(Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY)));
      }
    }
    return checks.check();
  }

  static boolean isCategorical(Dataset<Row> rows, String column) {
    return rows.schema().apply(column).dataType().sameType(DataTypes.StringType);
  }

  static String describe(List<String> features) {
    return Arrays.toString(features.toArray());
  }
}
