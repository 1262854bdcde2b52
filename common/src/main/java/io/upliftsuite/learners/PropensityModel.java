package io.upliftsuite.learners;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import java.util.Locale;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The propensity model P(action = 1 | features): MLlib logistic regression (on numeric + one-hot features) by
 * default, or gradient-boosted trees (on numeric + category-index features). {@link #fit} returns a fitted model
 * that adds a {@code propensity} column; {@link #diagnose} measures its AUC and calibration on labelled rows.
 */
public final class PropensityModel {
  public static final String PROPENSITY = "propensity";

  public enum Kind {
    LOGISTIC, GBT;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("propensity model must be logistic or gbt, got '" + s + "'");
      }
    }
  }

  /** The measured quality of a fitted propensity model. */
  public record Diagnostics(double auc, ProbabilityCalibration calibration, long rows) {}

  private Kind kind = Kind.LOGISTIC;
  private String actionCol = "action";
  private int maxIter = 100;
  private double regParam = 0.0;
  private int gbtMaxDepth = 4;
  private long seed = 42L;

  public PropensityModel kind(Kind kind) {
    this.kind = kind;
    return this;
  }

  public PropensityModel actionCol(String actionCol) {
    this.actionCol = actionCol;
    return this;
  }

  /** Iterations of LR, or trees of GBT. */
  public PropensityModel maxIter(int maxIter) {
    if (maxIter < 1) {
      throw new IllegalArgumentException("propensity max-iter must be >= 1, got " + maxIter);
    }
    this.maxIter = maxIter;
    return this;
  }

  public PropensityModel regParam(double regParam) {
    if (regParam < 0) {
      throw new IllegalArgumentException("propensity reg-param must be >= 0, got " + regParam);
    }
    this.regParam = regParam;
    return this;
  }

  public PropensityModel gbtMaxDepth(int depth) {
    this.gbtMaxDepth = depth;
    return this;
  }

  public PropensityModel seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** A fitted propensity model over rows already encoded by a {@link FeatureSpace}. */
  public static final class Fitted {
    private final Model<?> model;

    private Fitted(Model<?> model) {
      this.model = model;
    }

    /** Adds {@value #PROPENSITY} = P(action = 1 | x) and drops the model's scratch columns. */
    public Dataset<Row> transform(Dataset<Row> encoded) {
      String prefix = "_prop_";
      Dataset<Row> scored = model.transform(encoded);
      return scored.withColumn(PROPENSITY, vector_to_array(col(prefix + "probability"), "float64").getItem(1))
          .drop(prefix + "probability", prefix + "raw", prefix + "prediction");
    }

    public Model<?> model() {
      return model;
    }
  }

  public Fitted fit(Dataset<Row> encoded) {
    String prefix = "_prop_";
    Dataset<Row> labelled = encoded.withColumn("_prop_label", col(actionCol).cast("double"));
    Model<?> m = switch (kind) {
      case LOGISTIC -> new LogisticRegression()
          .setFeaturesCol(FeatureSpace.LINEAR_FEATURES).setLabelCol("_prop_label")
          .setMaxIter(maxIter).setRegParam(regParam)
          .setProbabilityCol(prefix + "probability").setRawPredictionCol(prefix + "raw")
          .setPredictionCol(prefix + "prediction")
          .fit(labelled);
      case GBT -> new GBTClassifier()
          .setFeaturesCol(FeatureSpace.TREE_FEATURES).setLabelCol("_prop_label")
          .setMaxIter(maxIter).setMaxDepth(gbtMaxDepth).setSeed(seed)
          .setProbabilityCol(prefix + "probability").setRawPredictionCol(prefix + "raw")
          .setPredictionCol(prefix + "prediction")
          .fit(labelled);
    };
    return new Fitted(m);
  }

  /** AUC (area under ROC of propensity vs action) and calibration on rows that carry {@value #PROPENSITY}. */
  public static Diagnostics diagnose(Dataset<Row> scored, String actionCol, int calibrationBins) {
    Dataset<Row> labelled = scored.select(col(PROPENSITY), col(actionCol).cast("double").as("_label"));
    long rows = labelled.count();
    double auc = rows == 0 ? Double.NaN : new BinaryClassificationEvaluator()
        .setRawPredictionCol(PROPENSITY).setLabelCol("_label").setMetricName("areaUnderROC")
        .evaluate(labelled);
    return new Diagnostics(auc, ProbabilityCalibration.of(labelled, PROPENSITY, "_label", calibrationBins), rows);
  }
}
