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

import io.upliftsuite.logs.RawTables;
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

  /** Column of the as-of variant of {@link #scopedItems}: registration times (epoch micros) of the lead's items. */
  static final String LEAD_ITEM_REGISTRATIONS = "_lead_item_registrations";

  private static final String DECISION_US = "_decision_us";
  private static final String REGISTERED_US = "_registered_us";

  /** Items joined with their lead's attributes, with the first scope rule each item breaks in {@link #SCOPE_REASON}. */
  public static Dataset<Row> scopedItems(RawLogs logs, EpisodeOptions.Scope scope) {
    return scopedItems(logs, scope, false);
  }

  /**
   * As {@link #scopedItems(RawLogs, EpisodeOptions.Scope)}; with {@code leadItemsAsOfDecision} the single-item-lead
   * rule is left out of {@link #SCOPE_REASON} and the registration times of the lead's items are attached in
   * {@link #LEAD_ITEM_REGISTRATIONS} instead, so that the rule can be applied as of a decision time (a lead's later
   * item is not known on the morning of an earlier item's decision day).
   */
  static Dataset<Row> scopedItems(RawLogs logs, EpisodeOptions.Scope scope, boolean leadItemsAsOfDecision) {
    Dataset<Row> leadItems = logs.items().groupBy(col("lead_id").as("_l")).agg(count(lit(1)).as("_lead_items"),
        collect_list(unix_micros(col("registered_at"))).as(LEAD_ITEM_REGISTRATIONS));
    Dataset<Row> leads = logs.leads().select(col("lead_id").as("_lead"), col("state").as("lead_state"),
        col("age_band").as("lead_age_band"), col("acquisition_channel").as("lead_acquisition_channel"),
        col("is_commercial").as("lead_is_commercial"));
    Column aeId = List.of(logs.items().columns()).contains(RawTables.AE_ID)
        ? col(RawTables.AE_ID) : lit(null).cast(DataTypes.StringType);
    Dataset<Row> joined = logs.items()
        .select(col("item_id"), col("lead_id"), col("registered_at"), col("item_type"), col("value_estimate"),
            col("is_fraud_flagged"), aeId.as(RawTables.AE_ID))
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
    if (scope.singleItemLeadsOnly() && !leadItemsAsOfDecision) {
      reason = rule(reason, col("_lead_items").gt(1), ExclusionReason.MULTI_ITEM_LEAD);
    }
    if (!scope.itemTypes().isEmpty()) {
      reason = rule(reason, col("item_type").isin(scope.itemTypes().toArray()).unary_$bang(),
          ExclusionReason.ITEM_TYPE_NOT_IN_SCOPE);
    }
    Dataset<Row> out = joined.withColumn(SCOPE_REASON, reason)
        .drop("_lead", "_l", "_lead_items", "is_fraud_flagged");
    return leadItemsAsOfDecision ? out : out.drop(LEAD_ITEM_REGISTRATIONS);
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
    return withEvents(inScopeItems, logs).flatMap(new LabelItemDays(new ItemTimeline(options, dataEndMicros)),
        Encoders.row(labelledSchema()));
  }

  /** Schema of {@link #labelItemDays}. */
  public static final StructType ITEM_DAY_LABELS = new StructType()
      .add(EpisodeColumns.ITEM_ID, DataTypes.StringType)
      .add(EpisodeColumns.DECISION_DAY, DataTypes.IntegerType)
      .add(STATUS, DataTypes.StringType)
      .add(EpisodeColumns.ACTION, DataTypes.IntegerType)
      .add(EpisodeColumns.OUTCOME_90D, DataTypes.IntegerType)
      .add(EpisodeColumns.OUTCOME_14D, DataTypes.IntegerType)
      .add("outcome_90d_observed", DataTypes.BooleanType)
      .add("outcome_14d_observed", DataTypes.BooleanType);

  /**
   * Labels chosen (item, decision day) pairs with the episodes' own state machine, whatever the scope: for each pair
   * of {@code itemDays} ({@code item_id}, {@code decision_day}) one row of {@link #ITEM_DAY_LABELS} — the day's
   * {@link #STATUS} (null = an episode, else the exclusion reason), the action (0/1, null when excluded), both
   * outcomes (delivered within the outcome windows of registration, whatever the day's status) and whether each
   * outcome window ends within the data. An experiment's report reads its items' outcomes this way, so they are
   * exactly the outcomes the episodes would carry.
   */
  public static Dataset<Row> labelItemDays(Dataset<Row> itemDays, RawLogs logs, EpisodeOptions options,
      long dataEndMicros) {
    Dataset<Row> days = itemDays.groupBy(col(EpisodeColumns.ITEM_ID).as("_day_item"))
        .agg(collect_list(col(EpisodeColumns.DECISION_DAY)).as("_days"));
    Dataset<Row> items = scopedItems(logs, options.scope()).join(days, col("item_id").equalTo(col("_day_item")));
    return withEvents(items, logs, "_days").flatMap(new LabelChosenDays(options, dataEndMicros),
        Encoders.row(ITEM_DAY_LABELS));
  }

  /** Per item: {@link ItemTimeline#label} (days 1..horizon-days), then the requested days. */
  static final class LabelChosenDays implements FlatMapFunction<Row, Row> {
    private final ItemTimeline timeline;
    private final int shortWindow;
    private final int longWindow;

    LabelChosenDays(EpisodeOptions options, long dataEndMicros) {
      this.timeline = new ItemTimeline(options, dataEndMicros);
      this.shortWindow = options.shortOutcomeWindowDays();
      this.longWindow = options.outcomeWindowDays();
    }

    @Override
    public Iterator<Row> call(Row r) {
      ItemFacts item = ItemRows.facts(r);
      List<TimelineEvent> events = ItemTimeline.sorted(ItemRows.events(r));
      List<ItemTimeline.LabelledDay> labelled = timeline.label(item, events);
      int outcomeLong = ItemTimeline.outcome(item, events, longWindow);
      int outcomeShort = ItemTimeline.outcome(item, events, shortWindow);
      boolean longObserved = timeline.windowObserved(item.registeredAtMicros(), longWindow);
      boolean shortObserved = timeline.windowObserved(item.registeredAtMicros(), shortWindow);
      List<Row> out = new ArrayList<>();
      for (int day : new java.util.TreeSet<Integer>(r.getList(ItemRows.EXTRA))) {
        if (day < 1 || day > labelled.size()) {
          throw new IllegalArgumentException("Decision day " + day + " of item " + item.itemId()
              + " is outside 1.." + labelled.size() + " (config key 'episodes.horizon-days')");
        }
        ItemTimeline.LabelledDay d = labelled.get(day - 1);
        out.add(RowFactory.create(item.itemId(), day, d.isEpisode() ? null : d.reason().label(),
            d.isEpisode() ? d.action() : null, outcomeLong, outcomeShort, longObserved, shortObserved));
      }
      return out.iterator();
    }
  }

  /**
   * One row per item of {@code items} in the layout {@link ItemRows} reads: the item's facts, then its events
   * (communications, stage events, deliveries) as one list, then {@code extra} columns of {@code items}. The events
   * are grouped per item in one shuffle; nothing is collected to the driver.
   */
  static Dataset<Row> withEvents(Dataset<Row> items, RawLogs logs, String... extra) {
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

    List<Column> cols = new ArrayList<>(List.of(col("item_id"), col("lead_id"),
        unix_micros(col("registered_at")).as(REGISTERED_US), col("item_type"), col("value_estimate"),
        col("lead_state"), col("lead_age_band"), col("lead_acquisition_channel"), col("lead_is_commercial"),
        col("_events")));
    for (String e : extra) {
      cols.add(col(e));
    }
    return items.join(events, col("item_id").equalTo(col("_events_item")), "left")
        .select(cols.toArray(Column[]::new));
  }

  /** Reads the rows of {@link #withEvents}: the item's facts and its events. */
  static final class ItemRows {
    private static final TimelineEvent.Kind[] KINDS = TimelineEvent.Kind.values();
    /** Index of the first extra column of {@link #withEvents}. */
    static final int EXTRA = 10;

    private ItemRows() {}

    static ItemFacts facts(Row r) {
      return new ItemFacts(r.getString(0), r.getString(1), r.getLong(2), r.getString(3), r.getDouble(4),
          r.getString(5), r.getString(6), r.getString(7), r.isNullAt(8) ? null : r.getBoolean(8));
    }

    static List<TimelineEvent> events(Row r) {
      List<TimelineEvent> events = new ArrayList<>();
      if (!r.isNullAt(9)) {
        for (Row e : r.<Row>getList(9)) {
          events.add(new TimelineEvent(e.getLong(0), KINDS[e.getInt(1)], e.getString(2), e.getString(3),
              e.getString(4), e.getBoolean(5), e.getBoolean(6), e.getString(7)));
        }
      }
      return events;
    }
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
    private final ItemTimeline timeline;

    LabelItemDays(ItemTimeline timeline) {
      this.timeline = timeline;
    }

    @Override
    public Iterator<Row> call(Row r) {
      ItemFacts item = ItemRows.facts(r);
      List<ItemTimeline.LabelledDay> days = timeline.label(item, ItemRows.events(r));
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
