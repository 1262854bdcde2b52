package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a user's table for the generic forest jobs, once. CSV is read with the schema the options imply, never
 * inferred (inference is an extra full pass): every column as text, numeric features converted to numbers (true/false
 * count as 1/0; anything else that is not a number becomes null, which validation reports), categorical features and
 * other columns kept as the text they are.
 */
final class ForestInput {
  private ForestInput() {}

  /** The columns of a table: the CSV header line (read directly, no Spark job) or the table's schema. */
  static List<String> columns(SparkSession spark, TableLocation table) {
    if (table.format() != TableFormat.CSV) {
      return Arrays.asList(TableIO.read(spark, table).columns());
    }
    return Arrays.asList(csvHeader(spark, table));
  }

  /**
   * The table with numeric features as doubles; with CSV every other column is text. {@code numeric} and
   * {@code categorical} name the features; other columns are left as they are.
   */
  static Dataset<Row> read(SparkSession spark, TableLocation table, Collection<String> numeric) {
    if (table.format() != TableFormat.CSV) {
      return TableIO.read(spark, table);
    }
    String[] header = csvHeader(spark, table);
    StructType schema = new StructType();
    for (String c : header) {
      schema = schema.add(c, DataTypes.StringType, true);
    }
    Dataset<Row> raw = spark.read().option("header", "true").schema(schema).csv(table.path());
    List<Column> columns = new ArrayList<>();
    for (String c : header) {
      columns.add(numeric.contains(c) ? number(col(quote(c))).as(c) : col(quote(c)));
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  /**
   * A text column as a number: true/false (any case) are 1/0, anything that does not parse is null. No {@code lower}:
   * in Spark 4 it goes through ICU, whose first use in a JVM builds a case table for seconds (a quarter of a 70k-row
   * fit-forest's CPU time) and which then costs per value; the patterns only run on values that are not numbers.
   */
  static Column number(Column text) {
    Column d = text.try_cast(DataTypes.DoubleType);
    return when(d.isNotNull(), d).when(text.rlike("^\\s*(?i:true)\\s*$"), lit(1.0))
        .when(text.rlike("^\\s*(?i:false)\\s*$"), lit(0.0));
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /**
   * Missing feature columns, unsupported types, nulls (with CSV also values that are not numbers) and NaN/infinite
   * values, each reported with a count. One aggregation: run only to explain a failure.
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
      checks.rule(f, "null, empty or non-numeric values are not allowed (text features must be categorical)", col(quote(f)).isNull());
      if (type instanceof NumericType) {
        var v = col(quote(f)).cast(DataTypes.DoubleType);
        checks.rule(f, "values that are NaN or infinite", isnan(v).or(v.isin(Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY)));
      }
    }
    return checks.check();
  }

  /** A row of the table breaks a feature rule: a null feature, or a numeric feature that is NaN or infinite. */
  static Column badFeatures(Dataset<Row> rows, List<String> features) {
    Column bad = lit(false);
    for (String f : features) {
      Column c = col(quote(f));
      bad = bad.or(c.isNull());
      if (rows.schema().apply(f).dataType() instanceof NumericType) {
        Column v = c.cast(DataTypes.DoubleType);
        bad = bad.or(isnan(v)).or(v.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
      }
    }
    return bad;
  }

  static boolean isCategorical(Dataset<Row> rows, String column) {
    return rows.schema().apply(column).dataType().sameType(DataTypes.StringType);
  }

  static String describe(List<String> features) {
    return Arrays.toString(features.toArray());
  }

  /** The header line of a CSV file, or of the first non-empty data file of a CSV folder (Spark's own output). */
  private static String[] csvHeader(SparkSession spark, TableLocation table) {
    if (!TableIO.pathExists(spark, table.path())) {
      throw new InputValidationException(table.name(), "*", "table not found at " + table.path() + " (format csv)", 0);
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path path = new Path(table.path());
      FileSystem fs = path.getFileSystem(conf);
      List<Path> files = new ArrayList<>();
      if (fs.getFileStatus(path).isDirectory()) {
        FileStatus[] listed = fs.listStatus(path);
        Arrays.sort(listed);
        for (FileStatus st : listed) {
          String name = st.getPath().getName();
          if (st.isFile() && st.getLen() > 0 && !name.startsWith(".") && !name.startsWith("_")) {
            files.add(st.getPath());
          }
        }
      } else {
        files.add(path);
      }
      CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
      for (Path file : files) {
        CompressionCodec codec = codecs.getCodec(file);
        try (InputStream raw = fs.open(file);
            InputStream in = codec == null ? raw : codec.createInputStream(raw);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          String line = reader.readLine();
          if (line != null && !line.isBlank()) {
            return parseHeader(line.startsWith("\uFEFF") ? line.substring(1) : line);
          }
        }
      }
    } catch (IOException e) {
      throw new InputValidationException(table.name(), "*", "cannot read the CSV header at " + table.path() + ": "
          + e.getMessage(), 0);
    }
    throw new InputValidationException(table.name(), "*", "no CSV header line at " + table.path(), 0);
  }

  /** Splits a header line on commas outside double quotes; "" inside quotes is a quote. */
  static String[] parseHeader(String line) {
    List<String> names = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        names.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    names.add(cur.toString());
    return names.toArray(String[]::new);
  }

  static Set<String> setOf(Collection<String> c) {
    return Set.copyOf(c);
  }
}
