package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;

import io.upliftsuite.registry.Promotion;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Each model's deploy threshold as {@code evaluate} chose it (metric {@value #METRIC} of the evaluations table): the
 * calibrated line's zero when the model showed skill, -Infinity (contact everyone) or +Infinity (no one) when it did
 * not (docs/evaluation.md). Recommending at this threshold deploys exactly the policy whose added value approved the
 * model, instead of a raw "CATE &gt; 0" that a model without ranking skill can turn into anything.
 */
public final class EvaluatedThresholds {
  public static final String METRIC = "recommended_cate_threshold";

  private EvaluatedThresholds() {}

  /** model id -> threshold, for every id; a model without the metric is a named input error. */
  public static Map<String, Double> read(SparkSession spark, TableLocation evaluations, Collection<String> modelIds) {
    var rows = TableIO.read(spark, evaluations);
    TableChecks.of(evaluations.name(), rows).hasSchema(Promotion.EVALUATIONS_REQUIRED);
    Map<String, Double> out = new HashMap<>();
    for (Row r : rows.where(col("metric").equalTo(METRIC).and(col("model_id").isin(modelIds.toArray())))
        .select("model_id", "value").collectAsList()) {
      if (r.isNullAt(1) || Double.isNaN(r.getDouble(1))) {
        throw new InputValidationException(evaluations.name(), "value", "'" + METRIC + "' of model '"
            + r.getString(0) + "' is null or NaN", 1);
      }
      out.put(r.getString(0), r.getDouble(1));
    }
    TreeSet<String> missing = new TreeSet<>(modelIds);
    missing.removeAll(out.keySet());
    if (!missing.isEmpty()) {
      throw new InputValidationException(evaluations.name(), "metric", "no '" + METRIC + "' row for the approved "
          + "model(s) " + missing + " (run evaluate on their training run, or set recommend.threshold to a number)",
          missing.size());
    }
    return out;
  }
}
