package io.upliftsuite.forest;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fits an uplift forest on any table and saves it as a Spark ML pipeline (string features indexed as categorical,
 * features assembled, forest) in one folder, which {@link ScoreAction} applies to new rows. The input is validated
 * before anything is fitted or written.
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
    Dataset<Row> rows = ForestInput.read(spark, input);
    long count = ForestInput.checkFeatures(input.name(), rows, features);
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    for (String f : features) {
      if (ForestInput.isCategorical(rows, f)) {
        // categories unseen in training are put in an extra index at scoring, which goes right at every split
        stages.add(new StringIndexer().setInputCol(f).setOutputCol(f + INDEX_SUFFIX).setHandleInvalid("keep")
            .setStringOrderType("alphabetAsc"));
        assembled.add(f + INDEX_SUFFIX);
      } else {
        assembled.add(f);
      }
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES));
    UpliftForestEstimator<?> forest = estimator.copy(org.apache.spark.ml.param.ParamMap.empty());
    forest.set(forest.featuresCol(), FEATURES);
    stages.add(forest);
    long start = System.nanoTime();
    PipelineModel fitted;
    try {
      fitted = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rows);
    } catch (InputValidationException e) {
      // name the user's table rather than the estimator's generic "training data"
      throw new InputValidationException(input.name(), e.column(), e.getMessage().replaceFirst(
          "^Invalid input in table '[^']*', column '[^']*': ", "").replaceFirst(" \\(\\d+ offending rows?\\)$", ""),
          e.offendingRows());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    UpliftRandomForestModel model = (UpliftRandomForestModel) fitted.stages()[fitted.stages().length - 1];
    try {
      fitted.write().overwrite().save(modelPath);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot save the model to " + modelPath + ": " + e.getMessage(), e);
    }
    return new Result(count, model.getNumTreesInModel(), model.totalNumNodes(), model.arms(), seconds, modelPath);
  }
}
