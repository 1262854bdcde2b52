package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.unix_micros;

import io.upliftsuite.logs.RawTables;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The five raw interaction-log tables an episode build reads, checked together: each against its contract
 * ({@link RawTables#validate}) and then across tables (unique ids, ids that exist, nothing before registration).
 */
public record RawLogs(Dataset<Row> leads, Dataset<Row> items, Dataset<Row> stageEvents,
    Dataset<Row> communications, Dataset<Row> deliveries) {

  /** Reads the raw tables from their configured locations (CSV columns typed by the contract). */
  public static RawLogs read(SparkSession spark, Tables tables) {
    return new RawLogs(
        read(spark, tables, RawTables.LEADS),
        read(spark, tables, RawTables.ITEMS),
        read(spark, tables, RawTables.STAGE_EVENTS),
        read(spark, tables, RawTables.COMMUNICATIONS),
        read(spark, tables, RawTables.DELIVERIES));
  }

  private static Dataset<Row> read(SparkSession spark, Tables tables, String name) {
    return TableIO.read(spark, tables.location(name), RawTables.schemaOf(name));
  }

  /**
   * Throws {@link io.upliftsuite.spark.InputValidationException} (table, column, rule, offending rows) at the first
   * broken rule. Contract checks of every table run first, so a cross-table rule never trips over a bad schema.
   */
  public RawLogs validate() {
    RawTables.validate(RawTables.LEADS, leads);
    RawTables.validate(RawTables.ITEMS, items);
    RawTables.validate(RawTables.STAGE_EVENTS, stageEvents);
    RawTables.validate(RawTables.COMMUNICATIONS, communications);
    RawTables.validate(RawTables.DELIVERIES, deliveries);

    uniqueIds(RawTables.LEADS, leads, "lead_id");
    uniqueIds(RawTables.ITEMS, items, "item_id");

    Dataset<Row> leadRegistrations = leads.select(col("lead_id").as("_lead_id"),
        col("registered_at").as("_lead_registered_at"));
    TableChecks.of(RawTables.ITEMS, items.join(leadRegistrations,
            col("lead_id").equalTo(col("_lead_id")), "left"))
        .rule("lead_id", "lead_id not found in table 'leads'", col("_lead_registered_at").isNull())
        .rule("registered_at", "item registered before its lead's registered_at",
            col("registered_at").lt(col("_lead_registered_at")))
        .check();

    Dataset<Row> itemKeys = items.select(col("item_id").as("_item_id"), col("lead_id").as("_item_lead_id"),
        col("registered_at").as("_item_registered_at"));
    eventsAfterRegistration(RawTables.STAGE_EVENTS, stageEvents, "event_ts", itemKeys, null);
    eventsAfterRegistration(RawTables.COMMUNICATIONS, communications, "event_ts", itemKeys,
        col("lead_id").isNotNull().and(col("lead_id").notEqual(col("_item_lead_id"))));
    eventsAfterRegistration(RawTables.DELIVERIES, deliveries, "delivered_at", itemKeys, null);
    return this;
  }

  /** The latest timestamp in any raw table (the default end of the data), as epoch microseconds. */
  public long latestTimestampMicros() {
    Dataset<Row> all = leads.select(col("registered_at").as("ts"))
        .union(items.select(col("registered_at").as("ts")))
        .union(stageEvents.select(col("event_ts").as("ts")))
        .union(communications.select(col("event_ts").as("ts")))
        .union(deliveries.select(col("delivered_at").as("ts")));
    Row r = all.agg(max(unix_micros(col("ts")))).first();
    if (r.isNullAt(0)) {
      throw new InputValidationException(RawTables.ITEMS, "registered_at", "no rows in the raw tables", 0);
    }
    return r.getLong(0);
  }

  private static void uniqueIds(String table, Dataset<Row> rows, String id) {
    TableChecks.of(table, rows.groupBy(id).agg(count(lit(1)).as("_n")))
        .rule(id, "duplicate ids (count = ids that appear more than once)", col("_n").gt(1))
        .check();
  }

  private static void eventsAfterRegistration(String table, Dataset<Row> events, String tsColumn,
      Dataset<Row> itemKeys, Column leadMismatch) {
    Dataset<Row> joined = events.join(itemKeys, col("item_id").equalTo(col("_item_id")), "left");
    TableChecks checks = TableChecks.of(table, joined)
        .rule("item_id", "item_id not found in table 'items'", col("_item_id").isNull())
        .rule(tsColumn, "timestamp before the item's registered_at", col(tsColumn).lt(col("_item_registered_at")));
    if (leadMismatch != null) {
      checks.rule("lead_id", "lead_id differs from the item's lead_id in table 'items'", leadMismatch);
    }
    checks.check();
  }
}
