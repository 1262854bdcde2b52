package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark plumbing of an episode build, as lazy Datasets: scope filters per item, one row per item with all its
 * events ({@code groupBy item_id + collect_list}, one shuffle), then {@link ItemTimeline} per item in a flatMap.
 * Nothing here collects rows to the driver.
 */
public final class EpisodeLabelling {
  private EpisodeLabelling() {}

  /** Column of {@link #scopedItems} holding the scope exclusion reason (null = in scope). */
  public static final String SCOPE_REASON = "_scope_reason";
  /** Column of {@link #labelDays} holding the day exclusion reason (null = an episode). */
  public static final String STATUS = "_status";

  private static final String DECISION_US = "_decision_us";
  private static final String REGISTERED_US = "_registered_us";

  /** Items joined with their lead's attributes, with the first scope rule each item breaks in {@link #SCOPE_REASON}. */
  public static Dataset<Row> scopedItems(RawLogs logs, EpisodeOptions.Scope scope) {
    Dataset<Row> leadItems = logs.items().groupBy(col("lead_id").as("_l")).agg(count(lit(1)).as("_lead_items"));
    Dataset<Row> leads = logs.leads().select(col("lead_id").as("_lead"), col("state").as("lead_state"),
        col("age_band").as("lead_age_band"), col("acquisition_channel").as("lead_acquisition_channel"),
        col("is_commercial").as("lead_is_commercial"));
    Dataset<Row> joined = logs.items()
        .select("item_id", "lead_id", "registered_at", "item_type", "value_estimate", "is_fraud_flagged")
        .join(leads, col("lead_id").equalTo(col("_lead")))
        .join(leadItems, col("lead_id").equalTo(col("_l")));

    Column reason = null;
    if (scope.excludeFraudFlagged()) {
      reason = rule(reason, coalesce(col("is_fraud_flagged"), lit(false)), ExclusionReason.FRAUD_FLAGGED);
    }
    // value_estimate is a feature, so a null value is out of scope even without a threshold.
    reason = rule(reason, col("value_estimate").isNull().or(col("value_estimate").lt(scope.minValueEstimate())),
        ExclusionReason.VALUE_BELOW_THRESHOLD);
    if (scope.privateLeadsOnly()) {
      reason = rule(reason, coalesce(col("lead_is_commercial"), lit(true)), ExclusionReason.COMMERCIAL_LEAD);
    }
    if (scope.singleItemLeadsOnly()) {
      reason = rule(reason, col("_lead_items").gt(1), ExclusionReason.MULTI_ITEM_LEAD);
    }
    if (!scope.itemTypes().isEmpty()) {
      reason = rule(reason, col("item_type").isin(scope.itemTypes().toArray()).unary_$bang(),
          ExclusionReason.ITEM_TYPE_NOT_IN_SCOPE);
    }
    return joined.withColumn(SCOPE_REASON, reason).drop("_lead", "_l", "_lead_items", "is_fraud_flagged");
  }

  private static Column rule(Column chain, Column broken, ExclusionReason reason) {
    return chain == null ? when(broken, reason.label()) : chain.when(broken, reason.label());
  }

  /**
   * One row per (in-scope item, day d = 1..D): {@link #STATUS} is null for an episode, else the exclusion reason.
   * Episode columns are internal here; {@link #episodes} turns them into the table's schema.
   */
  public static Dataset<Row> labelDays(Dataset<Row> inScopeItems, RawLogs logs, EpisodeOptions options,
      long dataEndMicros) {
    Dataset<Row> events = logs.communications().select(col("item_id"), struct(
            unix_micros(col("event_ts")).as("ts"), lit(TimelineEvent.Kind.COMMUNICATION.ordinal()).as("kind"),
            col("comm_id"), col("channel"), col("initiator"),
            coalesce(col("prescheduled"), lit(false)).as("prescheduled"),
            coalesce(col("connected"), lit(false)).as("connected"),
            lit(null).cast(DataTypes.StringType).as("stage")).as("e"))
        .union(logs.stageEvents().select(col("item_id"), struct(
            unix_micros(col("event_ts")).as("ts"), lit(TimelineEvent.Kind.STAGE.ordinal()).as("kind"),
            lit(null).cast(DataTypes.StringType).as("comm_id"), lit(null).cast(DataTypes.StringType).as("channel"),
            lit(null).cast(DataTypes.StringType).as("initiator"), lit(false).as("prescheduled"),
            lit(false).as("connected"), col("stage")).as("e")))
        .union(logs.deliveries().select(col("item_id"), struct(
            unix_micros(col("delivered_at")).as("ts"), lit(TimelineEvent.Kind.DELIVERY.ordinal()).as("kind"),
            lit(null).cast(DataTypes.StringType).as("comm_id"), lit(null).cast(DataTypes.StringType).as("channel"),
            lit(null).cast(DataTypes.StringType).as("initiator"), lit(false).as("prescheduled"),
            lit(false).as("connected"), lit(null).cast(DataTypes.StringType).as("stage")).as("e")))
        .groupBy(col("item_id").as("_events_item"))
        .agg(collect_list(col("e")).as("_events"));

    Dataset<Row> perItem = inScopeItems
        .select(col("item_id"), col("lead_id"), unix_micros(col("registered_at")).as(REGISTERED_US),
            col("item_type"), col("value_estimate"), col("lead_state"), col("lead_age_band"),
            col("lead_acquisition_channel"), col("lead_is_commercial"))
        .join(events, col("item_id").equalTo(col("_events_item")), "left")
        .drop("_events_item");
    return perItem.flatMap(new LabelItemDays(new ItemTimeline(options, dataEndMicros)),
        Encoders.row(labelledSchema()));
  }

  /** The episodes of {@link #labelDays}'s output, in the {@code episodes} table's schema. */
  public static Dataset<Row> episodes(Dataset<Row> labelledDays) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(EpisodeColumns.ITEM_ID));
    cols.add(col(EpisodeColumns.LEAD_ID));
    cols.add(col(EpisodeColumns.DECISION_DAY));
    cols.add(timestamp_micros(col(DECISION_US)).as(EpisodeColumns.DECISION_TS));
    cols.add(timestamp_micros(col(REGISTERED_US)).as(EpisodeColumns.REGISTERED_AT));
    cols.add(col(EpisodeColumns.ACTION));
    cols.add(col(EpisodeColumns.OUTCOME_90D));
    cols.add(col(EpisodeColumns.OUTCOME_14D));
    cols.add(col(EpisodeColumns.CENSORED));
    for (String f : EpisodeFeatures.names()) {
      cols.add(col(f));
    }
    return labelledDays.where(col(STATUS).isNull()).select(cols.toArray(Column[]::new));
  }

  static StructType labelledSchema() {
    StructType s = new StructType()
        .add(STATUS, DataTypes.StringType)
        .add(EpisodeColumns.ITEM_ID, DataTypes.StringType)
        .add(EpisodeColumns.LEAD_ID, DataTypes.StringType)
        .add(EpisodeColumns.DECISION_DAY, DataTypes.IntegerType)
        .add(DECISION_US, DataTypes.LongType)
        .add(REGISTERED_US, DataTypes.LongType)
        .add(EpisodeColumns.ACTION, DataTypes.IntegerType)
        .add(EpisodeColumns.OUTCOME_90D, DataTypes.IntegerType)
        .add(EpisodeColumns.OUTCOME_14D, DataTypes.IntegerType)
        .add(EpisodeColumns.CENSORED, DataTypes.BooleanType);
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      s = s.add(f.name(), f.type());
    }
    return s;
  }

  /** Row adapter around {@link ItemTimeline}: one item row with its event list in, its labelled days out. */
  static final class LabelItemDays implements FlatMapFunction<Row, Row> {
    private static final TimelineEvent.Kind[] KINDS = TimelineEvent.Kind.values();
    private final ItemTimeline timeline;

    LabelItemDays(ItemTimeline timeline) {
      this.timeline = timeline;
    }

    @Override
    public Iterator<Row> call(Row r) {
      ItemFacts item = new ItemFacts(r.getString(0), r.getString(1), r.getLong(2), r.getString(3), r.getDouble(4),
          r.getString(5), r.getString(6), r.getString(7), r.isNullAt(8) ? null : r.getBoolean(8));
      List<TimelineEvent> events = new ArrayList<>();
      if (!r.isNullAt(9)) {
        for (Row e : r.<Row>getList(9)) {
          events.add(new TimelineEvent(e.getLong(0), KINDS[e.getInt(1)], e.getString(2), e.getString(3),
              e.getString(4), e.getBoolean(5), e.getBoolean(6), e.getString(7)));
        }
      }
      List<ItemTimeline.LabelledDay> days = timeline.label(item, events);
      List<Row> out = new ArrayList<>(days.size());
      int width = 10 + EpisodeFeatures.ALL.size();
      for (ItemTimeline.LabelledDay d : days) {
        Object[] v = new Object[width];
        v[1] = item.itemId();
        v[2] = item.leadId();
        v[3] = d.day();
        v[4] = d.decisionMicros();
        v[5] = item.registeredAtMicros();
        if (d.isEpisode()) {
          v[6] = d.action();
          v[7] = d.outcome90d();
          v[8] = d.outcome14d();
          v[9] = d.censored();
          System.arraycopy(d.features(), 0, v, 10, d.features().length);
        } else {
          v[0] = d.reason().label();
        }
        out.add(RowFactory.create(v));
      }
      return out.iterator();
    }
  }
}
