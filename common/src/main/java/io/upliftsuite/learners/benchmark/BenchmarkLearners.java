package io.upliftsuite.learners.benchmark;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.learners.meta.TwoStepParams;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code benchmark-learners} job's one entry point: builds the {@link BenchmarkData} (Hillstrom, a day of
 * {@code episodes}, a configured table or a file), runs {@link LearnerBenchmark} with the {@code benchmark.*} config,
 * and only then writes the {@code learner_benchmarks} rows of the benchmark id and the HTML report.
 */
public final class BenchmarkLearners {
  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;
  private final WriteContext context;
  private String dataset = "";
  private String table = "";
  private String input = "";
  private String format = "csv";
  private Integer day;
  private String treatmentCol = "";
  private String treatedLabel = "";
  private String controlLabel = "0";
  private String outcomeCol = "";
  private List<String> features = List.of();
  private List<String> learners;
  private Integer folds;
  private String benchmarkId = "";
  private String referenceCol = "";

  private BenchmarkLearners(SparkSession spark, SuiteConfig config, Tables tables, WriteContext context) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
    this.context = context;
  }

  public static BenchmarkLearners on(SparkSession spark, SuiteConfig config, Tables tables, WriteContext context) {
    return new BenchmarkLearners(spark, config, tables, context);
  }

  /** A named data set in the repository's {@code datasets/} folder: {@code hillstrom}. */
  public BenchmarkLearners dataset(String name) {
    this.dataset = name == null ? "" : name;
    return this;
  }

  /** A table registered under {@code tables}: {@code episodes} (with {@link #day}) or any other. */
  public BenchmarkLearners table(String name) {
    this.table = name == null ? "" : name;
    return this;
  }

  /** A file or folder to read with {@code format} (csv with a header, parquet or delta). */
  public BenchmarkLearners input(String path, String format) {
    this.input = path == null ? "" : path;
    this.format = format == null ? "csv" : format;
    return this;
  }

  public BenchmarkLearners day(Integer day) {
    this.day = day;
    return this;
  }

  /** For a table or file: the arm column, the treated arm's label (empty: every non-control arm) and control's. */
  public BenchmarkLearners treatment(String column, String treated, String control) {
    this.treatmentCol = column == null ? "" : column;
    this.treatedLabel = treated == null ? "" : treated;
    this.controlLabel = control == null ? "0" : control;
    return this;
  }

  public BenchmarkLearners outcome(String column) {
    this.outcomeCol = column == null ? "" : column;
    return this;
  }

  /**
   * For a table or file: a fixed numeric score column (e.g. the production model's, or a simulation's true effect)
   * whose UQC on all rows is reported beside the learners'; empty or null for none. Not a feature.
   */
  public BenchmarkLearners referenceScore(String column) {
    this.referenceCol = column == null ? "" : column;
    return this;
  }

  public BenchmarkLearners features(List<String> columns) {
    this.features = columns == null ? List.of() : List.copyOf(columns);
    return this;
  }

  public BenchmarkLearners learners(List<String> names) {
    this.learners = names == null || names.isEmpty() ? null : List.copyOf(names);
    return this;
  }

  public BenchmarkLearners folds(Integer k) {
    this.folds = k;
    return this;
  }

  public BenchmarkLearners benchmarkId(String id) {
    this.benchmarkId = id == null ? "" : id;
    return this;
  }

  public record Outcome(String benchmarkId, LearnerBenchmark.Result result, long rowsWritten, String reportPath) {}

  public Outcome execute() {
    Config c = config.config().getConfig("benchmark");
    BenchmarkData data = data(c);
    String id = benchmarkId.isEmpty() ? defaultId() : benchmarkId;
    LearnerBenchmark.Result result = LearnerBenchmark.on(data)
        .learners(learners != null ? learners : c.getStringList("learners"))
        .folds(folds != null ? folds : c.getInt("folds"))
        .testShare(c.getDouble("test-share"))
        .seed(config.seed())
        .parallelism(c.getInt("parallelism"))
        .deciles(c.getInt("deciles"))
        .upliftAtK(c.getDouble("uplift-at-k"))
        .curveSteps(c.getInt("curve-steps"))
        .sleepingDogMargin(c.getDouble("sleeping-dog-margin"))
        .verdictLearner(c.getString("verdict-learner"))
        .settings(settings(c, config.seed()))
        .execute();
    long written = BenchmarkTable.write(spark, id, result, tables.location(BenchmarkTable.NAME), context);
    String dir = tables.reportsDir() + "/" + c.getString("report-folder") + "/" + id;
    String report = BenchmarkReport.write(result, id, dir, spark.sparkContext().hadoopConfiguration());
    return new Outcome(id, result, written, report);
  }

  static LearnerCatalog.Settings settings(Config c, long seed) {
    String order = c.getString("two-step.order");
    if (!List.of(TwoStepParams.TIED, TwoStepParams.STAGE_TWO_ORDER).contains(order)) {
      throw new IllegalArgumentException("Config key 'benchmark.two-step.order' = " + order + ": must be one of ["
          + TwoStepParams.TIED + ", " + TwoStepParams.STAGE_TWO_ORDER + "]");
    }
    return new LearnerCatalog.Settings(c.getInt("base.num-trees"), c.getInt("base.max-depth"),
        c.getInt("base.min-instances-per-node"), c.getInt("effect.num-trees"), c.getInt("effect.max-depth"),
        c.getInt("effect.min-instances-per-node"), c.getInt("dr-folds"), c.getInt("forest.num-trees"),
        c.getInt("forest.max-depth"), c.getDouble("forest.min-instances-per-node"),
        c.getDouble("forest.min-treatment-instances"), c.getInt("two-step.num-trees"), c.getInt("two-step.max-depth"),
        c.getDouble("two-step.threshold"), order, c.getInt("max-bins"), seed);
  }

  private String defaultId() {
    String source = !dataset.isEmpty() ? dataset
        : !table.isEmpty() ? table + (day != null ? "-d" + day : "")
        : input.replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return source + "-" + context.runDate();
  }

  private BenchmarkData data(Config c) {
    int sources = (dataset.isEmpty() ? 0 : 1) + (table.isEmpty() ? 0 : 1) + (input.isEmpty() ? 0 : 1);
    if (sources != 1) {
      throw new IllegalArgumentException("benchmark-learners needs exactly one of --dataset, --table or --input (got "
          + sources + ")");
    }
    if (!dataset.isEmpty()) {
      if (!referenceCol.isEmpty()) {
        throw new IllegalArgumentException("--reference-col applies to --table and --input; the data set " + dataset
            + " has its reference score built in");
      }
      if (!dataset.toLowerCase(Locale.ROOT).equals("hillstrom")) {
        throw new IllegalArgumentException("unknown --dataset '" + dataset + "' (known: hillstrom)");
      }
      return BenchmarkData.hillstrom(spark, BenchmarkData.locateHillstrom(c.getString("datasets-dir")));
    }
    Dataset<Row> rows;
    String name;
    if (!table.isEmpty()) {
      TableLocation at = tables.location(table);
      if (!TableIO.pathExists(spark, at.path())) {
        throw new InputValidationException(table, "*", "table not found at " + at.path(), 0);
      }
      rows = TableIO.read(spark, at);
      name = table;
      if (table.equals("episodes") && treatmentCol.isEmpty()) {
        return BenchmarkData.episodes(rows, day != null ? day : c.getInt("day"),
            outcomeCol.isEmpty() ? c.getString("outcome") : outcomeCol, referenceCol);
      }
    } else {
      TableFormat f = TableFormat.parse(format, "--format");
      if (!TableIO.pathExists(spark, input)) {
        throw new InputValidationException(input, "*", "table not found at " + input + " (format " + format + ")", 0);
      }
      rows = f == TableFormat.CSV ? spark.read().option("header", "true").option("inferSchema", "true").csv(input)
          : TableIO.read(spark, new TableLocation(input, input, f));
      name = input;
    }
    if (treatmentCol.isEmpty() || outcomeCol.isEmpty()) {
      throw new IllegalArgumentException("benchmark-learners on table " + name + " needs --treatment-col and "
          + "--outcome-col");
    }
    if (day != null && java.util.Arrays.asList(rows.columns()).contains("decision_day")) {
      rows = rows.where(org.apache.spark.sql.functions.col("decision_day").equalTo(day));
    }
    return BenchmarkData.fromTable(name, rows, treatmentCol, treatedLabel, controlLabel, outcomeCol, features,
        Set.of(), referenceCol);
  }
}
