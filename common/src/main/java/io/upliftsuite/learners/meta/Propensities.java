package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One-vs-control propensities e_a(x) = P(T = a | x, T in {control, a}), as the X- and DR-learners need them for
 * each treatment arm a (Künzel et al. and Kennedy treat one treatment against control; CausalML does the same per
 * arm): fitted by the propensity classifier on the control and arm-a rows, or taken from a given column, and always
 * clipped to [propensityLowerBound, propensityUpperBound] so no weight 1/e or 1/(1-e) explodes.
 */
final class Propensities {
  static final String IS_ARM = "__meta_is_arm";

  private Propensities() {}

  /** Fits e_a on the control and arm-a rows (label: 1 for arm a, 0 for control). */
  static Model<?> fit(EffectStageParams p, Dataset<Row> pairRows, int arm, long seed) {
    Dataset<Row> labelled = pairRows.withColumn(IS_ARM,
        when(col(TrainingRows.ARM).equalTo(arm), 1.0).otherwise(0.0));
    return BaseLearner.fit(p.getPropensityClassifier(), "propensity", labelled, p.getFeaturesCol(), IS_ARM,
        p.getWeightCol(), seed);
  }

  /** Adds {@code outCol}: the clipped propensity of arm {@code arm} from a fitted model. */
  static Dataset<Row> predict(EffectStageParams p, Model<?> model, Dataset<Row> rows, String outCol) {
    return BaseLearner.predict(model, rows, p.getFeaturesCol(), outCol)
        .withColumn(outCol, clipped(p, col(outCol)));
  }

  /**
   * The clipped propensity of arm {@code arm} from the given column: the number itself with two arms, or
   * p_a / (p_control + p_a) from a vector of per-arm propensities (0.5 when both are 0: no information).
   */
  static Column given(EffectStageParams p, StructType schema, int arm, int numArms) {
    String name = p.getPropensityCol();
    if (schema.apply(name).dataType().sameType(SQLDataTypes.VectorType())) {
      Column v = vector_to_array(col(name), "float64");
      Column control = v.getItem(0);
      Column treated = v.getItem(arm);
      return clipped(p, when(control.plus(treated).gt(0), treated.divide(control.plus(treated))).otherwise(0.5));
    }
    if (numArms != 2) {
      throw new IllegalArgumentException("propensityCol " + name + " holds one number per row, but the data has "
          + numArms + " arms: give a vector of P(arm | x) per arm (control first)");
    }
    return clipped(p, col(name).cast(DataTypes.DoubleType));
  }

  static Column clipped(EffectStageParams p, Column e) {
    return least(greatest(e, lit(p.getPropensityLowerBound())), lit(p.getPropensityUpperBound()));
  }
}
