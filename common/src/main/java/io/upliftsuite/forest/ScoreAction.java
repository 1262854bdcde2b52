package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.MissingPathException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a table with a model saved by {@link FitForestAction}: keeps every input column and adds {@code uplift}
 * (one treatment arm) or {@code uplift_<arm>} per treatment arm. An output ending in .csv is one CSV file with a
 * header; any other output is written as a Delta table (overwritten atomically).
 *
 * <p>ONE pass: the input is read once (CSV typed by the model: its numeric features as numbers, every other column
 * kept as the text it is), scored with the broadcast forest and written; the rows are counted on the way. A bad
 * feature value stops the write (nothing is written); only then is the input counted again, to name the column and
 * the offending rows.
 */
public final class ScoreAction {
  /** What was scored; {@code rows} is -1 if Spark did not report the count. */
  public record Result(long rows, List<String> addedColumns, String output) {}

  private static final String RAW_PREFIX = "__uplift_raw_";

  private final SparkSession spark;
  private String modelPath;
  private TableLocation input;
  private String output;
  private WriteContext context;

  private ScoreAction(SparkSession spark) {
    this.spark = spark;
  }

  public static ScoreAction on(SparkSession spark) {
    return new ScoreAction(spark);
  }

  public ScoreAction model(String path) {
    this.modelPath = path;
    return this;
  }

  public ScoreAction input(TableLocation table) {
    this.input = table;
    return this;
  }

  public ScoreAction output(String path) {
    this.output = path;
    return this;
  }

  public ScoreAction context(WriteContext writeContext) {
    this.context = writeContext;
    return this;
  }

  public Result execute() {
    Objects.requireNonNull(modelPath, "model path");
    Objects.requireNonNull(input, "input table");
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("score needs --output PATH");
    }
    requireModelFolder();
    PipelineModel pipeline = PipelineModel.load(modelPath);
    Transformer[] stages = pipeline.stages();
    if (stages.length == 0 || !(stages[stages.length - 1] instanceof UpliftRandomForestModel model)) {
      throw new IllegalArgumentException("Model at " + modelPath + " is not a fit-forest model (its last stage is "
          + (stages.length == 0 ? "missing" : stages[stages.length - 1].getClass().getSimpleName()) + ")");
    }
    List<String> features = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    featureColumns(stages, features, categorical);
    boolean csv = input.format() == TableFormat.CSV;
    List<String> numeric = features.stream().filter(f -> !categorical.contains(f)).toList();
    Dataset<Row> rows = ForestInput.read(spark, input, List.of());
    String[] inputColumns = rows.columns();
    io.upliftsuite.spark.TableChecks.of(input.name(), rows).hasColumns(features.toArray(String[]::new));
    List<String> arms = model.arms();
    List<String> added = new ArrayList<>();
    for (int a = 1; a < arms.size(); a++) {
      String name = arms.size() == 2 ? "uplift" : "uplift_" + arms.get(a);
      if (Arrays.asList(inputColumns).contains(name)) {
        throw new IllegalArgumentException("Input " + input.name() + " already has a column " + name);
      }
      added.add(name);
    }
    // the model sees numbers; CSV numeric features keep their text in the output
    Dataset<Row> typed = rows;
    if (csv) {
      List<Column> columns = new ArrayList<>();
      for (String c : inputColumns) {
        if (numeric.contains(c)) {
          columns.add(ForestInput.number(col(ForestInput.quote(c))).as(c));
          columns.add(col(ForestInput.quote(c)).as(RAW_PREFIX + c));
        } else {
          columns.add(col(ForestInput.quote(c)));
        }
      }
      typed = rows.select(columns.toArray(Column[]::new));
    }
    Column bad = ForestInput.badFeatures(typed, features);
    Dataset<Row> scored = pipeline.transform(typed);
    List<Column> out = new ArrayList<>();
    for (String c : inputColumns) {
      out.add(csv && numeric.contains(c) ? col(ForestInput.quote(RAW_PREFIX + c)).as(c) : col(ForestInput.quote(c)));
    }
    Column uplift = org.apache.spark.ml.functions.vector_to_array(col(ForestSchemas.UPLIFT), "float64");
    for (int a = 0; a < added.size(); a++) {
      // a bad feature value stops the pass before anything is committed
      out.add(when(bad, raise_error(lit("invalid feature values"))).otherwise(uplift.getItem(a)).as(added.get(a)));
    }
    Observation counted = new Observation("scored-rows");
    Dataset<Row> result = scored.select(out.toArray(Column[]::new)).observe(counted, count(lit(1)).as("rows"));
    try {
      if (output.toLowerCase(Locale.ROOT).endsWith(".csv")) {
        writeSingleCsv(result, output);
      } else {
        DeltaTables.overwrite(result, new TableLocation(output, output, TableFormat.DELTA), List.of(),
            context != null ? context : WriteContext.of("score", java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
      }
    } catch (Exception e) { // Spark's task failures are checked SparkExceptions thrown undeclared
      ForestInput.checkFeatures(input.name(), typed, features);
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
    return new Result(observedRows(counted), added, output);
  }

  /**
   * The row count observed during the write (reported by Spark's listener, so it may take a moment); -1 when it did
   * not arrive within a minute.
   */
  private static long observedRows(Observation counted) {
    try {
      scala.collection.immutable.Map<String, Object> metrics = scala.concurrent.Await.result(counted.future(),
          scala.concurrent.duration.Duration.create(60, java.util.concurrent.TimeUnit.SECONDS));
      return ((Number) metrics.apply("rows")).longValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the scored row count", e);
    } catch (java.util.concurrent.TimeoutException e) {
      // the output is written; a missing count must not fail the job
      return -1;
    }
  }

  /**
   * Fails with {@link MissingPathException} when the model folder, or its Spark ML metadata, is missing: checked
   * before {@code PipelineModel.load}, whose failed read logs stack traces on the console.
   */
  private void requireModelFolder() {
    String folder = modelPath.replaceAll("(.)/+$", "$1");
    Path path = new Path(folder);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(new Path(path, "metadata"))) {
        throw new MissingPathException(fs.exists(path) ? folder + "/metadata" : folder);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the model folder " + modelPath + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one CSV file with a header: the tasks write their part files (no header, in parallel) into a hidden temp
   * folder next to the target; when the write succeeded the driver streams the header and the parts, in partition
   * order (so rows keep the input's order), into the target. A failed write leaves no file behind.
   */
  static void writeSingleCsv(Dataset<Row> rows, String outputFile) {
    Path target = new Path(outputFile);
    Path temp = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
    FileSystem fs;
    try {
      fs = target.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + outputFile + ": " + e.getMessage(), e);
    }
    try {
      rows.write().mode("overwrite").option("header", "false").csv(temp.toString());
      List<Path> parts = new ArrayList<>();
      for (FileStatus st : fs.listStatus(temp)) {
        if (st.getPath().getName().startsWith("part-")) {
          parts.add(st.getPath());
        }
      }
      parts.sort(java.util.Comparator.comparing(Path::getName));
      Path staged = new Path(temp, "all.csv");
      try (java.io.OutputStream out = fs.create(staged, true)) {
        out.write((csvLine(rows.columns()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Path part : parts) {
          try (java.io.InputStream in = fs.open(part)) {
            in.transferTo(out);
          }
        }
      }
      if (fs.exists(target)) {
        fs.delete(target, true);
      }
      if (!fs.rename(staged, target)) {
        throw new IllegalStateException("Cannot move " + staged + " to " + target);
      }
      // Hadoop's local file system moves the checksum along; a user asked for one file, not two.
      Path crc = new Path(target.getParent(), "." + target.getName() + ".crc");
      if (fs.exists(crc)) {
        fs.delete(crc, false);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + outputFile + ": " + e.getMessage(), e);
    } finally {
      try {
        fs.delete(temp, true);
      } catch (IOException e) {
        // a leftover hidden temp folder is harmless; the write's own outcome is what the caller needs
      }
    }
  }

  /** A CSV header line as Spark's writer quotes values: fields with a comma, quote or line break are quoted. */
  static String csvLine(String[] fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      String f = fields[i];
      if (i > 0) {
        sb.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\\\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.toString();
  }

  /** The input columns the pipeline reads: the string indexers' inputs (categorical) and the assembler's others. */
  private static void featureColumns(Transformer[] stages, List<String> all, List<String> categorical) {
    for (Transformer t : stages) {
      if (t instanceof StringIndexerModel indexer) {
        categorical.addAll(Arrays.asList(indexer.getInputCols()));
      }
    }
    for (Transformer t : stages) {
      if (t instanceof VectorAssembler assembler) {
        for (String c : assembler.getInputCols()) {
          all.add(c.endsWith(FitForestAction.INDEX_SUFFIX)
              ? c.substring(0, c.length() - FitForestAction.INDEX_SUFFIX.length()) : c);
        }
      }
    }
  }
}
