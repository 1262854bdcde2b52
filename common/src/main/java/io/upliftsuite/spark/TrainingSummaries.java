package io.upliftsuite.spark;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.HasTrainingSummary;
import scala.Option;

/**
 * Drops the training summary MLlib attaches to some fitted models (logistic and linear regression, GLM).
 *
 * <p>Why: the summary keeps the training predictions and, through them, the {@code SparkSession}. A model's
 * {@code transform} is a UDF that captures the model, so scoring serialises the summary with it; once anything in
 * the JVM has used {@code Dataset.observe}, the session holds a non-serialisable {@code ObservationManager} and
 * every such scoring task fails with "Task not serializable". The summary is also the training set's predictions
 * held in memory for as long as the model lives. Nothing in the suite reads it.
 */
public final class TrainingSummaries {

  private TrainingSummaries() {}

  /** The same model without its training summary (in place; returned for chaining). */
  public static <M extends Model<?>> M drop(M model) {
    if (model instanceof HasTrainingSummary<?> withSummary && withSummary.hasSummary()) {
      withSummary.setSummary(Option.empty());
    }
    return model;
  }
}
