package io.upliftsuite.recommend;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code recommendations} table: one row per decision point that opened at the decision time of a run date, for
 * each approved decision day. Rows of a run date are replaced together (replaceWhere on run_date), so re-running a
 * date never duplicates.
 */
public final class Recommendations {
  public static final String TABLE = "recommendations";

  public static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.DateType, false)
      .add("item_id", DataTypes.StringType, false)
      .add("lead_id", DataTypes.StringType, true)
      .add("decision_day", DataTypes.IntegerType, false)
      .add("decision_ts", DataTypes.TimestampType, false)
      .add("model_id", DataTypes.StringType, false)
      .add("cate", DataTypes.DoubleType, false)
      .add("propensity", DataTypes.DoubleType, true)
      .add("recommendation", DataTypes.StringType, false)
      .add("experiment_id", DataTypes.StringType, true)
      .add("arm", DataTypes.StringType, true)
      .add("excluded_reason", DataTypes.StringType, true)
      .add("deliver", DataTypes.BooleanType, false);

  private Recommendations() {}
}
