package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits an uplift forest on any table and saves it as a Spark ML pipeline (string features indexed as categorical,
 * features assembled, forest) in one folder, which {@link ScoreAction} applies to new rows.
 *
 * <p>The input is read ONCE: only the columns the fit uses, CSV typed by the options (no schema inference), cached;
 * the category index (if any) and the forest's one validation pass read that cache, and the forest reads through it
 * without a second copy. Bad rows fail the fit before anything is written; only then is the input counted again, to
 * name the offending column and rows.
 */
public final class FitForestAction {
  /** What a fit did. */
  public record Result(long rows, int trees, int nodes, List<String> arms, double fitSeconds, String modelPath) {}

  /** Column that holds the assembled features inside the saved pipeline. */
  static final String FEATURES = "__uplift_features";
  static final String INDEX_SUFFIX = "__uplift_index";

  private final SparkSession spark;
  private TableLocation input;
  private List<String> features = List.of();
  private List<String> categorical = List.of();
  private UpliftForestEstimator<?> estimator;
  private String modelPath;

  private FitForestAction(SparkSession spark) {
    this.spark = spark;
  }

  public static FitForestAction on(SparkSession spark) {
    return new FitForestAction(spark);
  }

  public FitForestAction input(TableLocation table) {
    this.input = table;
    return this;
  }

  public FitForestAction features(List<String> columns) {
    this.features = List.copyOf(columns);
    return this;
  }

  /**
   * Features to index as categories. Delta and Parquet string features are categorical anyway; CSV columns have no
   * types, so a CSV feature is numeric unless listed here.
   */
  public FitForestAction categorical(List<String> columns) {
    this.categorical = columns == null ? List.of() : List.copyOf(columns);
    return this;
  }

  /** The configured estimator (its treatment, outcome and weight columns name input columns). */
  public FitForestAction estimator(UpliftForestEstimator<?> forest) {
    this.estimator = forest;
    return this;
  }

  public FitForestAction modelPath(String path) {
    this.modelPath = path;
    return this;
  }

  public Result execute() {
    Objects.requireNonNull(input, "input table");
    Objects.requireNonNull(estimator, "estimator");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("fit-forest needs at least one feature column (--features c1,c2,...)");
    }
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException("fit-forest needs a model folder (--model DIR)");
    }
    for (String c : categorical) {
      if (!features.contains(c)) {
        throw new IllegalArgumentException("categorical feature " + c + " is not one of the features "
            + ForestInput.describe(features));
      }
    }
    long start = System.nanoTime();
    List<String> used = new ArrayList<>(features);
    for (String c : new String[] {estimator.getTreatmentCol(), estimator.getLabelCol(), estimator.getWeightCol()}) {
      if (!c.isEmpty() && !used.contains(c)) {
        used.add(c);
      }
    }
    boolean csv = input.format() == TableFormat.CSV;
    List<String> numeric = new ArrayList<>();
    for (String f : features) {
      if (csv && !categorical.contains(f)) {
        numeric.add(f);
      }
    }
    if (csv) {
      // the outcome and weight are numbers too; the treatment label stays text (numbers sort numerically as arms)
      numeric.add(estimator.getLabelCol());
      if (!estimator.getWeightCol().isEmpty()) {
        numeric.add(estimator.getWeightCol());
      }
    }
    Dataset<Row> table = ForestInput.read(spark, input, numeric);
    TableChecks.of(input.name(), table).hasColumns(used.toArray(String[]::new));
    Dataset<Row> rows = table.select(used.stream().map(c -> col(ForestInput.quote(c))).toArray(Column[]::new))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<String> indexed = new ArrayList<>();
      for (String f : features) {
        if (csv ? categorical.contains(f) : ForestInput.isCategorical(rows, f)) {
          indexed.add(f);
        }
      }
      List<Transformer> stages = new ArrayList<>();
      Dataset<Row> prepared = rows;
      if (!indexed.isEmpty()) {
        // one indexer for all categorical columns: one pass; categories unseen in training get an extra index at
        // scoring, which goes right at every split
        StringIndexerModel indexer = new StringIndexer()
            .setInputCols(indexed.toArray(String[]::new))
            .setOutputCols(indexed.stream().map(f -> f + INDEX_SUFFIX).toArray(String[]::new))
            .setHandleInvalid("keep").setStringOrderType("alphabetAsc").fit(rows);
        stages.add(indexer);
        prepared = indexer.transform(prepared);
      }
      VectorAssembler assembler = new VectorAssembler().setOutputCol(FEATURES).setInputCols(features.stream()
          .map(f -> indexed.contains(f) ? f + INDEX_SUFFIX : f).toArray(String[]::new));
      stages.add(assembler);
      // a null category would silently become the "unseen" index: stop the pass at the first bad row
      Metadata attributes = assembler.transform(prepared).schema().apply(FEATURES).metadata();
      Dataset<Row> assembled = assembler.transform(prepared).withColumn(FEATURES, when(
          ForestInput.badFeatures(rows, features), raise_error(lit("invalid feature values")))
          .otherwise(col(FEATURES)).as(FEATURES, attributes));
      UpliftForestEstimator<?> forest = estimator.copy(org.apache.spark.ml.param.ParamMap.empty());
      forest.set(forest.featuresCol(), FEATURES);
      ForestFit.Result fitted = fit(forest, assembled, rows);
      UpliftRandomForestModel model = fitted.models().get(0);
      stages.add(model);
      double seconds = (System.nanoTime() - start) / 1e9;
      PipelineModel pipeline = new PipelineModel(Identifiable.randomUID("pipeline"),
          stages.toArray(Transformer[]::new));
      try {
        pipeline.write().overwrite().save(modelPath);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot save the model to " + modelPath + ": " + e.getMessage(), e);
      }
      return new Result(fitted.rows(), model.getNumTreesInModel(), model.totalNumNodes(), model.arms(), seconds,
          modelPath);
    } finally {
      rows.unpersist(false);
    }
  }

  /** Fits; a failure caused by a bad feature value is explained by counting the user's feature columns. */
  private ForestFit.Result fit(UpliftForestEstimator<?> forest, Dataset<Row> assembled, Dataset<Row> rows) {
    try {
      return forest.fitCounting(assembled);
    } catch (InputValidationException e) {
      if (e.column().equals(FEATURES)) {
        ForestInput.checkFeatures(input.name(), rows, features);
      }
      // name the user's table rather than the estimator's generic "training data"
      throw new InputValidationException(input.name(), e.column(), e.getMessage().replaceFirst(
          "^Invalid input in table '[^']*', column '[^']*': ", "").replaceFirst(" \\(\\d+ offending rows?\\)$", ""),
          e.offendingRows());
    } catch (Exception e) { // Spark's task failures are checked SparkExceptions thrown undeclared
      ForestInput.checkFeatures(input.name(), rows, features);
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
  }
}
