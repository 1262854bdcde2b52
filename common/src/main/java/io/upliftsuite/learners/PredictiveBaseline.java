package io.upliftsuite.learners;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The predictive baseline the uplift models are compared with: an outcome classifier (MLlib gradient-boosted trees)
 * that scores P(outcome = 1 | features) regardless of the action, i.e. "contact whoever is most likely to convert".
 */
public final class PredictiveBaseline {
  public static final String BASELINE_SCORE = "baseline_score";

  private String outcomeCol = "outcome_90d";
  private String featuresCol = FeatureSpace.TREE_FEATURES;
  private int maxIter = 20;
  private int maxDepth = 5;
  private long seed = 42L;

  public PredictiveBaseline outcomeCol(String c) {
    this.outcomeCol = c;
    return this;
  }

  public PredictiveBaseline featuresCol(String c) {
    this.featuresCol = c;
    return this;
  }

  public PredictiveBaseline maxIter(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("baseline max-iter must be >= 1, got " + n);
    }
    this.maxIter = n;
    return this;
  }

  public PredictiveBaseline maxDepth(int d) {
    if (d < 1) {
      throw new IllegalArgumentException("baseline max-depth must be >= 1, got " + d);
    }
    this.maxDepth = d;
    return this;
  }

  public PredictiveBaseline seed(long seed) {
    this.seed = seed;
    return this;
  }

  public GBTClassificationModel fit(Dataset<Row> encoded) {
    return new GBTClassifier()
        .setFeaturesCol(featuresCol).setLabelCol("_base_label")
        .setMaxIter(maxIter).setMaxDepth(maxDepth).setSeed(seed)
        .setProbabilityCol("_base_probability").setRawPredictionCol("_base_raw").setPredictionCol("_base_prediction")
        .fit(encoded.withColumn("_base_label", col(outcomeCol).cast("double")));
  }

  /** Adds {@value #BASELINE_SCORE} = the model's P(outcome = 1). */
  public static Dataset<Row> score(GBTClassificationModel model, Dataset<Row> encoded) {
    return model.transform(encoded)
        .withColumn(BASELINE_SCORE, vector_to_array(col("_base_probability"), "float64").getItem(1))
        .drop("_base_probability", "_base_raw", "_base_prediction");
  }
}
