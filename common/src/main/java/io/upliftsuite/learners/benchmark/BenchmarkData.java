package io.upliftsuite.learners.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.learners.FeatureColumns;
import io.upliftsuite.learners.FeatureSpace;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * A benchmark's rows in one shape: {@value #FEATURES} (vector: numeric columns as doubles, string columns as
 * frequency-ordered category indices that tree learners treat as categorical), {@value #TREATMENT} (1 = the treated
 * arm, 0 = control) and {@value #OUTCOME} (0/1), plus {@value #REFERENCE_SCORE} when the data set defines a fixed
 * score (Hillstrom's checks the metric code against scikit-uplift; a table's is chosen by the user). Built from Hillstrom, from a day of {@code episodes}, or from any table.
 */
public record BenchmarkData(String name, Dataset<Row> rows, List<String> featureNames, int maxCategories,
    boolean hasReferenceScore) {
  public static final String FEATURES = "features";
  public static final String TREATMENT = "treatment";
  public static final String OUTCOME = "outcome";
  public static final String REFERENCE_SCORE = "reference_score";
  /** Hillstrom's file under the data sets folder (CONVENTIONS.md item 4). */
  public static final String HILLSTROM_FILE = "hillstrom/hillstrom.csv.gz";

  /**
   * Hillstrom's e-mail experiment, women's e-mail vs no e-mail, outcome visit (42,693 rows). Features: recency,
   * history, mens, womens, newbie, zip_code and channel (history_segment only bins history). The reference score is
   * the fixed score of the scikit-uplift reference fixture, (12 womens + 6 newbie - recency) / 12 + log1p(history) / 10,
   * whose unscaled Qini coefficient there is 1.30699.
   */
  public static BenchmarkData hillstrom(SparkSession spark, String csvPath) {
    Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csvPath)
        .where(col("segment").isin("Womens E-Mail", "No E-Mail"))
        .withColumn(TREATMENT, when(col("segment").equalTo("Womens E-Mail"), 1).otherwise(0))
        .withColumn(OUTCOME, col("visit").cast(DataTypes.IntegerType))
        .withColumn(REFERENCE_SCORE, org.apache.spark.sql.functions.expr(
            "(12 * womens + 6 * newbie - recency) / 12.0D + log1p(history) / 10.0D"));
    TableChecks.of("hillstrom", raw).hasColumns("recency", "history", "mens", "womens", "newbie", "zip_code",
        "channel", "visit").notNull("visit", "recency", "history").check();
    FeatureColumns features = new FeatureColumns(List.of("recency", "history", "mens", "womens", "newbie"),
        List.of("zip_code", "channel"));
    return encode("hillstrom", raw, features, true);
  }

  /**
   * Any table: {@code treatmentCol} holds the arm ({@code treatedLabel} against {@code controlLabel}; other arms'
   * rows are dropped; an empty treated label means every non-control row), {@code outcomeCol} a 0/1 outcome;
   * features are {@code features} or, when empty, every other column except {@code exclude}.
   */
  public static BenchmarkData fromTable(String name, Dataset<Row> table, String treatmentCol, String treatedLabel,
      String controlLabel, String outcomeCol, List<String> features, Set<String> exclude) {
    return fromTable(name, table, treatmentCol, treatedLabel, controlLabel, outcomeCol, features, exclude, "");
  }

  /**
   * As above, with {@code referenceCol} (empty: none) a fixed numeric score — a production model's score, or a
   * simulation's true effect — whose UQC on all rows the benchmark reports beside the learners'; it is not a feature.
   */
  public static BenchmarkData fromTable(String name, Dataset<Row> table, String treatmentCol, String treatedLabel,
      String controlLabel, String outcomeCol, List<String> features, Set<String> exclude, String referenceCol) {
    TableChecks.of(name, table).hasColumns(treatmentCol, outcomeCol)
        .hasColumns(features.toArray(String[]::new));
    boolean reference = !referenceCol.isEmpty();
    if (reference) {
      TableChecks.of(name, table).hasColumns(referenceCol);
      if (!(table.schema().apply(referenceCol).dataType() instanceof NumericType)) {
        throw new InputValidationException(name, referenceCol, "the reference score must be numeric but is "
            + table.schema().apply(referenceCol).dataType().simpleString(), 0);
      }
      if (features.contains(referenceCol)) {
        throw new InputValidationException(name, referenceCol, "the reference score may not also be a feature", 0);
      }
    }
    Column arm = col(treatmentCol).cast(DataTypes.StringType);
    boolean numeric = table.schema().apply(treatmentCol).dataType() instanceof NumericType;
    Column isControl = numeric && isNumber(controlLabel)
        ? col(treatmentCol).cast(DataTypes.DoubleType).equalTo(Double.parseDouble(controlLabel))
        : arm.equalTo(controlLabel);
    Column isTreated = treatedLabel.isEmpty() ? isControl.unary_$bang()
        : numeric && isNumber(treatedLabel)
            ? col(treatmentCol).cast(DataTypes.DoubleType).equalTo(Double.parseDouble(treatedLabel))
            : arm.equalTo(treatedLabel);
    Column y = col(outcomeCol).cast(DataTypes.DoubleType);
    TableChecks checks = TableChecks.of(name, table).notNull(treatmentCol, outcomeCol)
        .rule(outcomeCol, "outcome must be 0 or 1", y.notEqual(0).and(y.notEqual(1)));
    if (reference) {
      Column r = col(referenceCol).cast(DataTypes.DoubleType);
      checks.rule(referenceCol, "the reference score must be a finite number", r.isNull().or(isnan(r))
          .or(r.equalTo(Double.POSITIVE_INFINITY)).or(r.equalTo(Double.NEGATIVE_INFINITY)));
    }
    checks.check();
    Dataset<Row> rows = table.where(isControl.or(isTreated))
        .withColumn("__bench_t", when(isControl, 0).otherwise(1))
        .withColumn("__bench_y", y.cast(DataTypes.IntegerType));
    Set<String> nonFeatures = new HashSet<>(exclude);
    if (reference) {
      nonFeatures.add(referenceCol);
    }
    nonFeatures.add(treatmentCol);
    nonFeatures.add(outcomeCol);
    nonFeatures.add("__bench_t");
    nonFeatures.add("__bench_y");
    FeatureColumns columns = features.isEmpty()
        ? FeatureColumns.fromSchema(rows.schema(), nonFeatures)
        : FeatureColumns.fromSchema(rows.select(features.stream().map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new)).schema(), Set.of());
    for (String reserved : List.of(FEATURES, TREATMENT, OUTCOME)) {
      if (!reserved.equals(treatmentCol) && !reserved.equals(outcomeCol) && columns.all().contains(reserved)) {
        throw new InputValidationException(name, reserved, "a feature may not be named " + reserved
            + " (the benchmark's own column)", 0);
      }
    }
    Dataset<Row> shaped = rows.drop(FEATURES).withColumn(TREATMENT, col("__bench_t"))
        .withColumn(OUTCOME, col("__bench_y")).drop("__bench_t", "__bench_y");
    if (reference) {
      shaped = shaped.withColumn(REFERENCE_SCORE, col(referenceCol).cast(DataTypes.DoubleType));
    }
    return encode(name, shaped, columns, reference);
  }

  /** One day of the {@code episodes} table (uncensored rows; treatment = action); referenceCol as in fromTable. */
  public static BenchmarkData episodes(Dataset<Row> episodes, int day, String outcomeCol, String referenceCol) {
    Dataset<Row> rows = episodes.where(col("decision_day").equalTo(day).and(col("censored").equalTo(false)));
    return fromTable("episodes (day " + day + ")", rows, "action", "1", "0", outcomeCol, List.of(),
        Set.copyOf(FeatureColumns.NON_FEATURE_COLUMNS), referenceCol);
  }

  private static BenchmarkData encode(String name, Dataset<Row> rows, FeatureColumns columns, boolean reference) {
    if (columns.isEmpty()) {
      throw new InputValidationException(name, "*", "no feature columns", 0);
    }
    FeatureSpace space = FeatureSpace.fit(rows, columns);
    List<Column> keep = new ArrayList<>(List.of(col(FeatureSpace.TREE_FEATURES).as(FEATURES), col(TREATMENT),
        col(OUTCOME)));
    if (reference) {
      keep.add(col(REFERENCE_SCORE));
    }
    Dataset<Row> encoded = space.transform(rows).select(keep.toArray(Column[]::new));
    return new BenchmarkData(name, encoded, space.names(), maxCategories(encoded), reference);
  }

  /** The most categories of any categorical feature (tree learners need at least that many bins). */
  private static int maxCategories(Dataset<Row> encoded) {
    AttributeGroup group = AttributeGroup.fromStructField(encoded.schema().apply(FEATURES));
    int max = 0;
    if (group.attributes().isDefined()) {
      for (Attribute a : group.attributes().get()) {
        if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
          max = Math.max(max, (Integer) n.getNumValues().get());
        }
      }
    }
    return max;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Where Hillstrom is: {@code <datasetsDir>/hillstrom/hillstrom.csv.gz}, or, with an empty dir, the first
   * {@code datasets/hillstrom/hillstrom.csv.gz} found walking up from the working directory, then from where our
   * classes were loaded (so scripts/suite finds the clone's copy from any directory).
   */
  public static String locateHillstrom(String datasetsDir) {
    if (!datasetsDir.isBlank()) {
      return datasetsDir.replaceAll("/+$", "") + "/" + HILLSTROM_FILE;
    }
    List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
    codeLocation().ifPresent(starts::add);
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        Path candidate = p.resolve("datasets").resolve(HILLSTROM_FILE);
        if (Files.isRegularFile(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalArgumentException("datasets/" + HILLSTROM_FILE + " not found above " + starts
        + "; run from the repository or set benchmark.datasets-dir");
  }

  /** Where our classes are (common/target/classes of a clone, or the jar): the clone's datasets/ is above it. */
  private static java.util.Optional<Path> codeLocation() {
    try {
      var source = BenchmarkData.class.getProtectionDomain().getCodeSource();
      return source == null ? java.util.Optional.empty()
          : java.util.Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
