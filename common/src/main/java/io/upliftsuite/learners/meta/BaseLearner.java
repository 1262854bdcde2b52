package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits and applies any Spark ML predictor as one stage of a meta-learner, through its params by name
 * ({@code featuresCol}, {@code labelCol}, {@code weightCol}, {@code seed}; output columns set to scratch names),
 * never mutating the user's estimator. A classifier's prediction is P(class 1) from its {@code probabilityCol}; a
 * regressor's is its {@code predictionCol}.
 */
final class BaseLearner {
  private static final Logger LOG = LoggerFactory.getLogger(BaseLearner.class);
  private static final String SCRATCH = "__meta_scratch_";

  private BaseLearner() {}

  /**
   * Fits {@code learner} (a copy with the columns set) on {@code rows}. {@code weightCol} empty means unweighted;
   * {@code extra} sets further params by name (e.g. the forest's treatment column).
   */
  static Model<?> fit(Estimator<?> learner, String role, Dataset<Row> rows, String featuresCol, String labelCol,
      String weightCol, long seed, Map<String, Object> extra) {
    long start = System.nanoTime();
    ParamMap params = new ParamMap();
    require(learner, role, "featuresCol");
    require(learner, role, "labelCol");
    put(learner, params, "featuresCol", featuresCol);
    put(learner, params, "labelCol", labelCol);
    if (!weightCol.isEmpty()) {
      if (!learner.hasParam("weightCol")) {
        throw new IllegalArgumentException("The " + role + " learner " + learner.getClass().getSimpleName()
            + " takes no row weights (param weightCol), but weightCol is set to '" + weightCol + "'");
      }
      put(learner, params, "weightCol", weightCol);
    }
    if (learner.hasParam("seed")) {
      put(learner, params, "seed", seed);
    }
    for (Map.Entry<String, Object> e : extra.entrySet()) {
      require(learner, role, e.getKey());
      put(learner, params, e.getKey(), e.getValue());
    }
    Model<?> model = (Model<?>) learner.fit(rows, params);
    LOG.info("fitted {} learner {} in {} s", role, learner.getClass().getSimpleName(),
        String.format("%.2f", (System.nanoTime() - start) / 1e9));
    return model;
  }

  static Model<?> fit(Estimator<?> learner, String role, Dataset<Row> rows, String featuresCol, String labelCol,
      String weightCol, long seed) {
    return fit(learner, role, rows, featuresCol, labelCol, weightCol, seed, Map.of());
  }

  /**
   * Adds column {@code outCol}: the model's prediction for each row (P(class 1) for a classifier, whose
   * probability vector has one element when its training labels were all 0: then 0).
   */
  static Dataset<Row> predict(Model<?> model, Dataset<Row> rows, String featuresCol, String outCol) {
    Model<?> m = configured(model, featuresCol, outCol);
    Dataset<Row> scored = m.transform(rows);
    Column value;
    if (m.hasParam("probabilityCol")) {
      Column p = vector_to_array(col(scratch(outCol, "probability")), "float64");
      value = when(size(p).gt(1), p.getItem(1)).otherwise(lit(0.0));
    } else {
      value = col(scratch(outCol, "prediction"));
    }
    return scored.withColumn(outCol, value)
        .drop(scratch(outCol, "prediction"), scratch(outCol, "probability"), scratch(outCol, "raw"));
  }

  /** A copy of {@code model} reading {@code featuresCol} and writing its outputs to scratch columns of outCol. */
  static Model<?> configured(Model<?> model, String featuresCol, String outCol) {
    ParamMap params = new ParamMap();
    put(model, params, "featuresCol", featuresCol);
    putIfPresent(model, params, "predictionCol", scratch(outCol, "prediction"));
    putIfPresent(model, params, "probabilityCol", scratch(outCol, "probability"));
    putIfPresent(model, params, "rawPredictionCol", scratch(outCol, "raw"));
    putIfPresent(model, params, "varianceCol", "");
    putIfPresent(model, params, "leafCol", "");
    return (Model<?>) model.copy(params);
  }

  private static String scratch(String outCol, String what) {
    return SCRATCH + outCol + "_" + what;
  }

  private static void require(Params learner, String role, String param) {
    if (!learner.hasParam(param)) {
      throw new IllegalArgumentException("The " + role + " learner " + learner.getClass().getSimpleName()
          + " has no param " + param + "; a base learner must be a Spark ML predictor (featuresCol, labelCol)");
    }
  }

  private static void putIfPresent(Params owner, ParamMap params, String name, Object value) {
    if (owner.hasParam(name)) {
      put(owner, params, name, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Params owner, ParamMap params, String name, Object value) {
    params.put((Param<Object>) owner.getParam(name), value);
  }
}
