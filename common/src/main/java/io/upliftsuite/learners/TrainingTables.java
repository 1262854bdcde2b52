package io.upliftsuite.learners;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The schemas of the tables the training job writes: {@code models} and {@code predictions} (the cross-team contract). */
public final class TrainingTables {
  private TrainingTables() {}

  /** One row per trained day model; MERGE on model_id. */
  public static final StructType MODELS = new StructType()
      .add("model_id", DataTypes.StringType, false)
      .add("decision_day", DataTypes.IntegerType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("trained_at", DataTypes.TimestampType, false)
      .add("params", DataTypes.StringType, false)
      .add("selected_features", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("training_rows", DataTypes.LongType, false)
      .add("excluded_by_positivity", DataTypes.LongType, false)
      .add("excluded_by_positivity_share", DataTypes.DoubleType, false)
      .add("propensity_auc", DataTypes.DoubleType, false)
      .add("propensity_calibration_error", DataTypes.DoubleType, false)
      .add("holdout_rows", DataTypes.LongType, false)
      .add("holdout_cutoff", DataTypes.TimestampType, false)
      .add("path", DataTypes.StringType, false)
      // the registry (io.upliftsuite.registry): candidate when trained; promote approves or retires
      .add("status", DataTypes.StringType, false)
      .add("status_reason", DataTypes.StringType, true)
      .add("status_changed_at", DataTypes.TimestampType, true);

  /**
   * One row per holdout episode and model; replaceWhere on model_id. The evaluation job's input. Both outcomes are
   * carried, and {@code trained_outcome} names the one the model learned (outcome_90d or outcome_14d), so the
   * evaluation judges a model on its own outcome by default.
   */
  public static final StructType PREDICTIONS = new StructType()
      .add("model_id", DataTypes.StringType)
      .add("item_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType)
      .add("cate", DataTypes.DoubleType)
      .add("propensity", DataTypes.DoubleType)
      .add("baseline_score", DataTypes.DoubleType)
      .add("action", DataTypes.IntegerType)
      .add("outcome_90d", DataTypes.IntegerType)
      .add("outcome_14d", DataTypes.IntegerType)
      .add("trained_outcome", DataTypes.StringType);

  /** The episodes columns training reads (the rest are features, by the episodes contract). */
  public static final StructType EPISODES_REQUIRED = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType)
      .add("registered_at", DataTypes.TimestampType)
      .add("action", DataTypes.IntegerType)
      .add("outcome_90d", DataTypes.IntegerType)
      .add("outcome_14d", DataTypes.IntegerType)
      .add("censored", DataTypes.BooleanType);
}
