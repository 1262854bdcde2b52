package io.upliftsuite.spark;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Copies a table (or a filtered part of it) out of the warehouse as CSV or Parquet, so people and other tools can
 * look into it. An output ending in {@code .csv} becomes ONE CSV file with a header; otherwise Spark's usual
 * folder of part files is written.
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
    Dataset<Row> rows = TableIO.read(spark, source);
    if (where != null && !where.isBlank()) {
      rows = rows.where(where);
    }
    rows = rows.cache();
    try {
      long count = rows.count();
      boolean single = format == Format.CSV && output.toLowerCase(Locale.ROOT).endsWith(".csv");
      if (single) {
        SingleCsvFile.write(rows, output);
      } else if (format == Format.CSV) {
        rows.write().mode("overwrite").option("header", "true").csv(output);
      } else {
        rows.write().mode("overwrite").parquet(output);
      }
      return new Result(output, count, single);
    } finally {
      rows.unpersist();
    }
  }

  /** Writes a dataset as one CSV file with a header: one task writes into a temp folder, the part file is renamed. */
  public static final class SingleCsvFile {
    private SingleCsvFile() {}

    public static void write(Dataset<Row> rows, String outputFile) {
      SparkSession spark = rows.sparkSession();
      Path target = new Path(outputFile);
      Path temp = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
      rows.coalesce(1).write().mode("overwrite").option("header", "true").csv(temp.toString());
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
