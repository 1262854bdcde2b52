package io.upliftsuite.episodes;

import io.upliftsuite.logs.RawTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Hand-written raw logs for tests: add rows with readable ISO times, then {@link #build}. */
final class TinyLogs {
  final List<Row> leads = new ArrayList<>();
  final List<Row> items = new ArrayList<>();
  final List<Row> stages = new ArrayList<>();
  final List<Row> comms = new ArrayList<>();
  final List<Row> deliveries = new ArrayList<>();
  private int commSeq = 0;

  static Timestamp ts(String iso) {
    return iso == null ? null : Timestamp.from(Instant.parse(iso));
  }

  /** A private lead with one in-scope ring item registered at {@code registeredAt} (lead id = "L-" + item). */
  TinyLogs item(String itemId, String registeredAt) {
    return item(itemId, "L-" + itemId, registeredAt, "ring", 500.0, false, false);
  }

  TinyLogs item(String itemId, String leadId, String registeredAt, String type, Double value, boolean fraud,
      boolean commercial) {
    boolean leadExists = leads.stream().anyMatch(r -> r.getString(0).equals(leadId));
    if (!leadExists) {
      leads.add(RowFactory.create(leadId, ts(registeredAt), "CA", "35-44", "search", commercial));
    }
    items.add(RowFactory.create(itemId, leadId, ts(registeredAt), type, value, fraud));
    return this;
  }

  TinyLogs comm(String itemId, String at, String channel, String initiator, boolean prescheduled,
      boolean connected) {
    String lead = items.stream().filter(r -> r.getString(0).equals(itemId)).map(r -> r.getString(1))
        .findFirst().orElse(null);
    comms.add(RowFactory.create("c" + (++commSeq), itemId, lead, ts(at), channel, initiator, prescheduled,
        connected));
    return this;
  }

  TinyLogs stage(String itemId, String at, String stage) {
    stages.add(RowFactory.create(itemId, ts(at), stage));
    return this;
  }

  TinyLogs delivered(String itemId, String at) {
    deliveries.add(RowFactory.create(itemId, ts(at)));
    return this;
  }

  TinyLogs copy() {
    TinyLogs c = new TinyLogs();
    c.leads.addAll(leads);
    c.items.addAll(items);
    c.stages.addAll(stages);
    c.comms.addAll(comms);
    c.deliveries.addAll(deliveries);
    c.commSeq = commSeq;
    return c;
  }

  RawLogs build(SparkSession spark) {
    return new RawLogs(
        df(spark, leads, RawTables.LEADS),
        df(spark, items, RawTables.ITEMS),
        df(spark, stages, RawTables.STAGE_EVENTS),
        df(spark, comms, RawTables.COMMUNICATIONS),
        df(spark, deliveries, RawTables.DELIVERIES));
  }

  private static Dataset<Row> df(SparkSession spark, List<Row> rows, String table) {
    return spark.createDataFrame(rows, RawTables.schemaOf(table));
  }
}
