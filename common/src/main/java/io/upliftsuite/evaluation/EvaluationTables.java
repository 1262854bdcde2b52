package io.upliftsuite.evaluation;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two output tables. {@code evaluations(model_id, metric, value, ci_low, ci_high)} and
 * {@code curves(model_id, curve, x, y, lo, hi)}; a bound is null when the number has no interval. Each write replaces
 * exactly the evaluated models' rows (replaceWhere on model_id), so re-running never duplicates.
 */
public final class EvaluationTables {
  public static final StructType EVALUATIONS = new StructType()
      .add("model_id", DataTypes.StringType, false).add("metric", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType).add("ci_low", DataTypes.DoubleType).add("ci_high", DataTypes.DoubleType);
  public static final StructType CURVES = new StructType()
      .add("model_id", DataTypes.StringType, false).add("curve", DataTypes.StringType, false)
      .add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
      .add("lo", DataTypes.DoubleType).add("hi", DataTypes.DoubleType);

  /**
   * Metrics whose infinite value is an answer, not a failed computation: the deploy threshold of a model without
   * skill is -Infinity (contact everyone) or +Infinity (no one), which {@code recommend} reads back. Every other
   * non-finite number is written as null.
   */
  static final Set<String> INFINITY_MEANS_SOMETHING = Set.of("recommended_cate_threshold");

  private EvaluationTables() {}

  public static Dataset<Row> evaluationRows(SparkSession spark, List<ModelEvaluation> models) {
    List<Row> rows = new ArrayList<>();
    for (ModelEvaluation m : models) {
      for (MetricRow r : m.metrics()) {
        boolean keep = INFINITY_MEANS_SOMETHING.contains(r.metric()) && Double.isInfinite(r.value());
        Double value = keep ? Double.valueOf(r.value()) : orNull(r.value());
        rows.add(RowFactory.create(m.modelId(), r.metric(), value, orNull(r.ciLow()), orNull(r.ciHigh())));
      }
    }
    return spark.createDataFrame(rows, EVALUATIONS);
  }

  public static Dataset<Row> curveRows(SparkSession spark, List<ModelEvaluation> models) {
    List<Row> rows = new ArrayList<>();
    for (ModelEvaluation m : models) {
      for (CurveRow r : m.curves()) {
        rows.add(RowFactory.create(m.modelId(), r.curve(), orNull(r.x()), orNull(r.y()), orNull(r.lo()),
            orNull(r.hi())));
      }
    }
    return spark.createDataFrame(rows, CURVES);
  }

  /** Replaces the rows of the evaluated models in both tables (one atomic Delta commit per table). */
  public static void write(SparkSession spark, List<ModelEvaluation> models, TableLocation evaluations,
      TableLocation curves, WriteContext context) {
    String predicate = "model_id IN (" + models.stream().map(m -> "'" + m.modelId().replace("'", "''") + "'")
        .collect(Collectors.joining(", ")) + ")";
    // partitioned by model_id: evaluating other models replaces other partitions and never conflicts
    DeltaTables.replaceWhere(evaluationRows(spark, models), evaluations, predicate, List.of("model_id"), context);
    DeltaTables.replaceWhere(curveRows(spark, models), curves, predicate, List.of("model_id"), context);
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
