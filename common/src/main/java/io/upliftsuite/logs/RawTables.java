package io.upliftsuite.logs;

import io.upliftsuite.spark.TableChecks;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input contract: schemas of the raw CRM interaction-log tables. A real deployment maps its CRM export to these
 * columns; the simulator writes exactly these. Extra columns are allowed and ignored.
 */
public final class RawTables {
  private RawTables() {}

  public static final String LEADS = "leads";
  public static final String ITEMS = "items";
  public static final String STAGE_EVENTS = "stage_events";
  public static final String COMMUNICATIONS = "communications";
  public static final String DELIVERIES = "deliveries";

  public static final List<String> ALL = List.of(LEADS, ITEMS, STAGE_EVENTS, COMMUNICATIONS, DELIVERIES);

  public static final StructType LEADS_SCHEMA = new StructType()
      .add("lead_id", DataTypes.StringType)
      .add("registered_at", DataTypes.TimestampType)
      .add("state", DataTypes.StringType)
      .add("age_band", DataTypes.StringType)
      .add("acquisition_channel", DataTypes.StringType)
      .add("is_commercial", DataTypes.BooleanType);

  public static final StructType ITEMS_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("lead_id", DataTypes.StringType)
      .add("registered_at", DataTypes.TimestampType)
      .add("item_type", DataTypes.StringType)
      .add("value_estimate", DataTypes.DoubleType)
      .add("is_fraud_flagged", DataTypes.BooleanType);

  public static final StructType STAGE_EVENTS_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("event_ts", DataTypes.TimestampType)
      .add("stage", DataTypes.StringType);

  public static final StructType COMMUNICATIONS_SCHEMA = new StructType()
      .add("comm_id", DataTypes.StringType)
      .add("item_id", DataTypes.StringType)
      .add("lead_id", DataTypes.StringType)
      .add("event_ts", DataTypes.TimestampType)
      .add("channel", DataTypes.StringType)
      .add("initiator", DataTypes.StringType)
      .add("prescheduled", DataTypes.BooleanType)
      .add("connected", DataTypes.BooleanType);

  public static final StructType DELIVERIES_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("delivered_at", DataTypes.TimestampType);

  /**
   * Optional column of {@code items}: the account executive who owns the item. Inputs without it stay valid; it is
   * read only where an experiment's AE roster is configured (absent AE = excluded day).
   */
  public static final String AE_ID = "ae_id";

  /** Optional columns per table (name and type): checked when present, never required. */
  public static final Map<String, StructType> OPTIONAL_COLUMNS = Map.of(
      ITEMS, new StructType().add(AE_ID, DataTypes.StringType));

  public static final List<String> STAGES =
      List.of("registered", "ready_to_ship", "label_sent", "shipped", "delivered", "abandoned");
  public static final List<String> CHANNELS = List.of("call", "email", "sms", "chat");
  public static final List<String> INITIATORS = List.of("ae", "lead", "system");
  public static final List<String> ITEM_TYPES =
      List.of("ring", "necklace", "bracelet", "earrings", "watch", "loose_diamond", "other");

  public static StructType schemaOf(String table) {
    return switch (table) {
      case LEADS -> LEADS_SCHEMA;
      case ITEMS -> ITEMS_SCHEMA;
      case STAGE_EVENTS -> STAGE_EVENTS_SCHEMA;
      case COMMUNICATIONS -> COMMUNICATIONS_SCHEMA;
      case DELIVERIES -> DELIVERIES_SCHEMA;
      default -> throw new IllegalArgumentException("Not a raw table: '" + table + "' (raw tables: " + ALL + ")");
    };
  }

  /**
   * Checks one raw table against the contract (schema, non-null ids and timestamps, enum values) in one pass per
   * table; throws {@link io.upliftsuite.spark.InputValidationException} naming table, column and offending rows.
   * Cross-table rules (e.g. events before registration) belong to the job that joins the tables.
   */
  public static long validate(String table, Dataset<Row> rows) {
    TableChecks checks = TableChecks.of(table, rows).hasSchema(schemaOf(table));
    StructType optional = OPTIONAL_COLUMNS.get(table);
    if (optional != null) {
      List<String> present = List.of(rows.columns());
      for (StructField f : optional.fields()) {
        if (present.contains(f.name())) {
          checks.hasSchema(new StructType().add(f));
        }
      }
    }
    switch (table) {
      // leads and items are the entities every other table refers to: empty, every cross-table rule would blame
      // the referring table instead
      case LEADS -> checks.nonEmpty().notNull("lead_id", "registered_at");
      case ITEMS -> checks.nonEmpty().notNull("item_id", "lead_id", "registered_at")
          .allowedValues("item_type", ITEM_TYPES);
      case STAGE_EVENTS -> checks.notNull("item_id", "event_ts", "stage").allowedValues("stage", STAGES);
      case COMMUNICATIONS -> checks.notNull("comm_id", "item_id", "event_ts", "channel", "initiator")
          .allowedValues("channel", CHANNELS).allowedValues("initiator", INITIATORS);
      case DELIVERIES -> checks.notNull("item_id", "delivered_at");
      default -> throw new IllegalArgumentException(table);
    }
    return checks.check();
  }
}
