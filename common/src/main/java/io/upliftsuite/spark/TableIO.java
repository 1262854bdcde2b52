package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a table from its location in any supported format; CSV columns are typed by the table's contract.
 *
 * <p>Before Spark sees the path, the location is probed (a listing and the first bytes of one file), so that a missing
 * or empty folder, or a folder holding another format than the config says, fails with a {@link TableReadException}
 * naming the logical table, the path and the format, instead of a Spark error that names neither. Inside a job, a
 * table the job has already staged a write for reads as the job will leave it ({@link WriteStaging}).
 */
public final class TableIO {
  private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private TableIO() {}

  public static Dataset<Row> read(SparkSession spark, TableLocation table) {
    return read(spark, table, null);
  }

  /**
   * @param contract for CSV: the contract schema to cast columns to (values that do not parse are reported with a
   *     count); ignored for Delta and Parquet, which carry their own types. May be null.
   */
  public static Dataset<Row> read(SparkSession spark, TableLocation table, StructType contract) {
    WriteStaging staging = WriteStaging.active();
    if (staging != null) {
      Dataset<Row> own = staging.readYourWrites(table);
      if (own != null) {
        return own;
      }
    }
    return readCommitted(spark, table, contract);
  }

  /** The table as committed, ignoring anything the current job has staged. */
  public static Dataset<Row> readCommitted(SparkSession spark, TableLocation table, StructType contract) {
    probe(spark, table);
    try {
      return switch (table.format()) {
        case DELTA -> spark.read().format("delta").load(table.path());
        case PARQUET -> spark.read().parquet(table.path());
        case CSV -> typedCsv(spark.read().option("header", "true").csv(table.path()), table.name(), contract);
      };
    } catch (InputValidationException e) {
      throw e;
    } catch (RuntimeException e) {
      // schema resolution is eager: what fails here is the location or its content, not the job's logic
      throw new TableReadException(table, firstLine(e), e);
    }
  }

  /**
   * Checks that the location exists and holds what its format says: Delta needs a {@code _delta_log}; Parquet and CSV
   * need at least one data file, must not be a Delta folder (reading one as files would mix every version), and their
   * first data file must (or must not) start with Parquet's magic bytes.
   */
  static void probe(SparkSession spark, TableLocation table) {
    try {
      Path root = new Path(table.path());
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        String hint = table.name().equals(table.path()) ? "" : "; set tables." + table.name() + ".path";
        throw new TableReadException(table, "no such file or folder" + hint);
      }
      boolean delta = fs.getFileStatus(root).isDirectory() && fs.exists(new Path(root, "_delta_log"));
      if (delta && table.format() == TableFormat.DELTA) {
        return; // Delta checks the rest itself (and a table's first file may be deep in a big listing)
      }
      FileStatus first = firstDataFile(fs, root);
      switch (table.format()) {
        case DELTA -> {
          if (!delta) {
            throw new TableReadException(table, "not a Delta table (no _delta_log) — "
                + describe(fs, first) + formatHint(table, guessFormat(fs, first)));
          }
        }
        case PARQUET, CSV -> {
          if (delta) {
            throw new TableReadException(table, "the folder is a Delta table" + formatHint(table, "delta"));
          }
          if (first == null) {
            throw new TableReadException(table, "the folder has no data files (it is empty)");
          }
          String guessed = guessFormat(fs, first);
          if (table.format() == TableFormat.PARQUET && !"parquet".equals(guessed)) {
            throw new TableReadException(table, first.getPath().getName() + " is not a Parquet file"
                + formatHint(table, guessed));
          }
          if (table.format() == TableFormat.CSV && "parquet".equals(guessed)) {
            throw new TableReadException(table, first.getPath().getName() + " is a Parquet file, not CSV"
                + formatHint(table, guessed));
          }
          if (table.format() == TableFormat.CSV && first.getLen() == 0) {
            throw new TableReadException(table, first.getPath().getName()
                + " is empty: a CSV table needs at least its header row");
          }
        }
        default -> throw new IllegalStateException("format " + table.format());
      }
    } catch (IOException e) {
      throw new TableReadException(table, "cannot list it: " + e.getMessage(), e);
    }
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

  /** The first file Spark would read as data (hidden names starting with _ or . are skipped, as Spark does). */
  private static FileStatus firstDataFile(FileSystem fs, Path root) throws IOException {
    FileStatus status = fs.getFileStatus(root);
    if (status.isFile()) {
      return status;
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      if (!hidden(root, f.getPath())) {
        return f;
      }
    }
    return null;
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root) && p.depth() > root.depth(); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** "parquet" when the file starts with Parquet's magic bytes, else "csv" for text-like names, else null. */
  private static String guessFormat(FileSystem fs, FileStatus file) throws IOException {
    if (file == null) {
      return null;
    }
    if (file.getLen() >= PARQUET_MAGIC.length) {
      byte[] head = new byte[PARQUET_MAGIC.length];
      try (InputStream in = fs.open(file.getPath())) {
        int n = in.readNBytes(head, 0, head.length);
        if (n == head.length && java.util.Arrays.equals(head, PARQUET_MAGIC)) {
          return "parquet";
        }
      }
    }
    String name = file.getPath().getName().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".txt") ? "csv" : null;
  }

  private static String describe(FileSystem fs, FileStatus first) {
    if (first == null) {
      return "the folder has no data files";
    }
    return "it holds files such as " + first.getPath().getName();
  }

  private static String formatHint(TableLocation table, String guessed) {
    if (guessed == null || guessed.equals(table.format().sparkName())) {
      return "";
    }
    return "; if that is right, set tables." + table.name() + ".format = " + guessed;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
