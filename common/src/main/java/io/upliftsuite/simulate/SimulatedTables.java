package io.upliftsuite.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.upliftsuite.logs.RawTables;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The simulator's tables as one generated dataset: every row carries a table tag and fills the generic columns of
 * {@link #UNION_SCHEMA}; {@link #table(String)} projects one table with its contract schema. Generating all tables in
 * one pass (and caching it) means each item's history is simulated once, not once per table.
 */
public final class SimulatedTables {
  public static final String ORACLE_EPISODES = "oracle_episodes";
  public static final String EXPERIMENT_ASSIGNMENTS = "experiment_assignments";

  public static final List<String> RAW = RawTables.ALL;

  static final int LEADS = 0;
  static final int ITEMS = 1;
  static final int STAGE_EVENTS = 2;
  static final int COMMUNICATIONS = 3;
  static final int DELIVERIES = 4;
  static final int ORACLE = 5;
  static final int ASSIGNMENTS = 6;

  /** tag, s1..s5 strings, t1 epoch seconds, d1..d4 doubles, b1..b2 booleans, i1 int, d5..d8 doubles, i2..i3 ints. */
  static final StructType UNION_SCHEMA = new StructType()
      .add("tag", DataTypes.IntegerType, false)
      .add("s1", DataTypes.StringType).add("s2", DataTypes.StringType).add("s3", DataTypes.StringType)
      .add("s4", DataTypes.StringType).add("s5", DataTypes.StringType)
      .add("t1", DataTypes.LongType)
      .add("d1", DataTypes.DoubleType).add("d2", DataTypes.DoubleType).add("d3", DataTypes.DoubleType)
      .add("d4", DataTypes.DoubleType)
      .add("b1", DataTypes.BooleanType).add("b2", DataTypes.BooleanType)
      .add("i1", DataTypes.IntegerType)
      .add("d5", DataTypes.DoubleType).add("d6", DataTypes.DoubleType).add("d7", DataTypes.DoubleType)
      .add("d8", DataTypes.DoubleType)
      .add("i2", DataTypes.IntegerType).add("i3", DataTypes.IntegerType);

  public static final StructType ORACLE_EPISODES_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType)
      .add("p_delivery_90d_contact", DataTypes.DoubleType)
      .add("p_delivery_90d_no_contact", DataTypes.DoubleType)
      .add("p_delivery_14d_contact", DataTypes.DoubleType)
      .add("p_delivery_14d_no_contact", DataTypes.DoubleType);

  /**
   * One row per experiment item (closed-loop mode): its arm, how many days a recommendation chose the first contact,
   * and the truth at its entry day d (its first recommended day): the existing policy's contact probability e there,
   * the potential outcomes of a contact / no contact on day d (existing policy afterwards, as the oracle), and the
   * true effect of the arm on the item, c * (pi - e) * (p_contact - p_no_contact), with c the compliance and pi the
   * recommendation (1 = contact), given that day d's first contact is decided by the AE (not the lead, not
   * prescheduled). Null truth: the item was not open at 9 AM of day d.
   */
  public static final StructType EXPERIMENT_ASSIGNMENTS_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("lead_id", DataTypes.StringType)
      .add("registered_at", DataTypes.TimestampType)
      .add("arm", DataTypes.StringType)
      .add("recommendations_followed", DataTypes.IntegerType)
      .add("entry_day", DataTypes.IntegerType)
      .add("recommend_contact", DataTypes.IntegerType)
      .add("compliance_rate", DataTypes.DoubleType)
      .add("policy_contact_probability", DataTypes.DoubleType)
      .add("p_delivery_14d_contact", DataTypes.DoubleType)
      .add("p_delivery_14d_no_contact", DataTypes.DoubleType)
      .add("p_delivery_90d_contact", DataTypes.DoubleType)
      .add("p_delivery_90d_no_contact", DataTypes.DoubleType)
      .add("true_effect_14d", DataTypes.DoubleType)
      .add("true_effect_90d", DataTypes.DoubleType);

  private final Dataset<Row> union;
  private final boolean experiment;

  SimulatedTables(Dataset<Row> union, boolean experiment) {
    this.union = union;
    this.experiment = experiment;
  }

  /** The tables this run produces: the five raw tables, the oracle, and the assignments in experiment mode. */
  public List<String> names() {
    return experiment
        ? List.of(RawTables.LEADS, RawTables.ITEMS, RawTables.STAGE_EVENTS, RawTables.COMMUNICATIONS,
            RawTables.DELIVERIES, ORACLE_EPISODES, EXPERIMENT_ASSIGNMENTS)
        : List.of(RawTables.LEADS, RawTables.ITEMS, RawTables.STAGE_EVENTS, RawTables.COMMUNICATIONS,
            RawTables.DELIVERIES, ORACLE_EPISODES);
  }

  Dataset<Row> union() {
    return union;
  }

  public Dataset<Row> table(String name) {
    return switch (name) {
      case RawTables.LEADS -> project(LEADS, col("s1").as("lead_id"), ts("registered_at"), col("s2").as("state"),
          col("s3").as("age_band"), col("s4").as("acquisition_channel"), col("b1").as("is_commercial"));
      case RawTables.ITEMS -> project(ITEMS, col("s1").as("item_id"), col("s2").as("lead_id"), ts("registered_at"),
          col("s3").as("item_type"), col("d1").as("value_estimate"), col("b1").as("is_fraud_flagged"));
      case RawTables.STAGE_EVENTS -> project(STAGE_EVENTS, col("s1").as("item_id"), ts("event_ts"),
          col("s2").as("stage"));
      case RawTables.COMMUNICATIONS -> project(COMMUNICATIONS, col("s1").as("comm_id"), col("s2").as("item_id"),
          col("s3").as("lead_id"), ts("event_ts"), col("s4").as("channel"), col("s5").as("initiator"),
          col("b1").as("prescheduled"), col("b2").as("connected"));
      case RawTables.DELIVERIES -> project(DELIVERIES, col("s1").as("item_id"), ts("delivered_at"));
      case ORACLE_EPISODES -> project(ORACLE, col("s1").as("item_id"), col("i1").as("decision_day"),
          col("d1").as("p_delivery_90d_contact"), col("d2").as("p_delivery_90d_no_contact"),
          col("d3").as("p_delivery_14d_contact"), col("d4").as("p_delivery_14d_no_contact"));
      case EXPERIMENT_ASSIGNMENTS -> project(ASSIGNMENTS, col("s1").as("item_id"), col("s2").as("lead_id"),
          ts("registered_at"), col("s3").as("arm"), col("i1").as("recommendations_followed"),
          col("i2").as("entry_day"), col("i3").as("recommend_contact"), col("d1").as("compliance_rate"),
          col("d2").as("policy_contact_probability"), col("d3").as("p_delivery_14d_contact"),
          col("d4").as("p_delivery_14d_no_contact"), col("d5").as("p_delivery_90d_contact"),
          col("d6").as("p_delivery_90d_no_contact"), col("d7").as("true_effect_14d"),
          col("d8").as("true_effect_90d"));
      default -> throw new IllegalArgumentException("The simulator writes no table '" + name + "'; it writes "
          + names());
    };
  }

  private Dataset<Row> project(int tag, Column... columns) {
    return union.where(col("tag").equalTo(tag)).select(columns);
  }

  private static Column ts(String name) {
    return timestamp_seconds(col("t1")).as(name);
  }
}
