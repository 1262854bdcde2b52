package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.logs.RawTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The decision points that open at the decision time (9 AM, business zone) of given calendar dates: for each
 * in-scope item and each requested day index d whose day d falls on one of those dates and on which the item is
 * still open at the decision time, one row with the episode's identifying columns and its features.
 *
 * <p>This is how the {@code recommend} job sees "the items open this morning". It uses the very code that builds
 * episodes ({@link EpisodeLabelling#scopedItems}, {@link EpisodeLabelling#withEvents} and
 * {@link ItemTimeline#decisionPoint}), so a decision point built for a past date equals the {@code episodes} row of
 * that item and day (tested). Everything is as of each decision time: events at or after it are ignored, and the
 * single-item-lead rule counts only the lead's items registered before it (on the morning of a day the lead's later
 * items do not exist yet; {@code build-episodes}, which looks back, counts every item of the lead). The action,
 * outcome and data-end rules of episodes do not apply here: at the decision time they are unknown.
 *
 * <p>A range of dates is built in one pass (one shuffle of the events per item); each row is exactly what a run on
 * its own date would build.
 */
public final class DecisionPoints {
  /** The calendar date (business zone) on whose decision time the point opens. */
  public static final String RUN_DATE = "run_date";

  private DecisionPoints() {}

  /** Schema of {@link #open}: run_date, the episode key columns (without labels), ae_id, then every feature. */
  public static StructType schema() {
    StructType s = new StructType()
        .add(RUN_DATE, DataTypes.DateType)
        .add(EpisodeColumns.ITEM_ID, DataTypes.StringType)
        .add(EpisodeColumns.LEAD_ID, DataTypes.StringType)
        .add(EpisodeColumns.DECISION_DAY, DataTypes.IntegerType)
        .add(EpisodeColumns.DECISION_TS, DataTypes.TimestampType)
        .add(EpisodeColumns.REGISTERED_AT, DataTypes.TimestampType)
        .add(RawTables.AE_ID, DataTypes.StringType);
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      s = s.add(f.name(), f.type());
    }
    return s;
  }

  /**
   * The open decision points of day indices {@code days} on the dates {@code from} .. {@code to} (inclusive).
   *
   * @param logs the raw logs (validated by the caller)
   * @param options the episodes options (scope, decision time, time zone; the horizon does not limit {@code days})
   */
  public static Dataset<Row> open(RawLogs logs, EpisodeOptions options, List<Integer> days, LocalDate from,
      LocalDate to) {
    Objects.requireNonNull(logs, "logs");
    if (days.isEmpty() || days.stream().anyMatch(d -> d == null || d < 1)) {
      throw new IllegalArgumentException("decision days must be >= 1, got " + days);
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("date range " + from + " .. " + to + " ends before it starts");
    }
    TreeSet<Integer> sortedDays = new TreeSet<>(days);
    // Only items registered on (from - last day) .. (to - first day) can have a point in the range; one day of
    // margin on both sides covers any time-zone offset, and the exact date test is done per item below.
    Instant earliest = from.minusDays(sortedDays.last() + 1L).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    Instant latest = to.minusDays(sortedDays.first() - 2L).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    Dataset<Row> items = EpisodeLabelling.scopedItems(logs, options.scope(), true)
        .where(col(EpisodeLabelling.SCOPE_REASON).isNull()
            .and(col("registered_at").geq(lit(Timestamp.from(earliest))))
            .and(col("registered_at").lt(lit(Timestamp.from(latest)))));
    Dataset<Row> perItem = EpisodeLabelling.withEvents(items, logs, RawTables.AE_ID,
        EpisodeLabelling.LEAD_ITEM_REGISTRATIONS);
    return perItem.flatMap(new OpenPoints(new ItemTimeline(options, Long.MAX_VALUE), List.copyOf(sortedDays),
        from, to, options.scope().singleItemLeadsOnly()), Encoders.row(schema()));
  }

  /** Per item: the open decision points of the requested days whose date is in the range. */
  static final class OpenPoints implements FlatMapFunction<Row, Row> {
    private final ItemTimeline timeline;
    private final List<Integer> days;
    private final LocalDate from;
    private final LocalDate to;
    private final boolean singleItemLeadsOnly;

    OpenPoints(ItemTimeline timeline, List<Integer> days, LocalDate from, LocalDate to, boolean singleItemLeadsOnly) {
      this.timeline = timeline;
      this.days = days;
      this.from = from;
      this.to = to;
      this.singleItemLeadsOnly = singleItemLeadsOnly;
    }

    @Override
    public Iterator<Row> call(Row r) {
      ItemFacts item = EpisodeLabelling.ItemRows.facts(r);
      String aeId = r.getString(EpisodeLabelling.ItemRows.EXTRA);
      List<Long> leadItems = r.getList(EpisodeLabelling.ItemRows.EXTRA + 1);
      List<TimelineEvent> events = null;
      List<Row> out = new ArrayList<>();
      for (int day : days) {
        LocalDate date = timeline.decisionDate(item.registeredAtMicros(), day);
        if (date.isBefore(from) || date.isAfter(to)) {
          continue;
        }
        long decision = timeline.decisionMicros(item.registeredAtMicros(), day);
        if (singleItemLeadsOnly && leadItemsBefore(leadItems, decision) > 1) {
          continue; // the lead already had another item at the decision time: out of scope (multi_item_lead)
        }
        if (events == null) {
          events = ItemTimeline.sorted(EpisodeLabelling.ItemRows.events(r));
        }
        ItemTimeline.DecisionPoint p = timeline.decisionPoint(item, events, day);
        if (p == null) {
          continue; // delivered or abandoned before the decision time
        }
        Object[] v = new Object[7 + p.features().length];
        v[0] = Date.valueOf(date);
        v[1] = item.itemId();
        v[2] = item.leadId();
        v[3] = day;
        v[4] = timestamp(p.decisionMicros());
        v[5] = timestamp(item.registeredAtMicros());
        v[6] = aeId;
        System.arraycopy(p.features(), 0, v, 7, p.features().length);
        out.add(RowFactory.create(v));
      }
      return out.iterator();
    }

    private static int leadItemsBefore(List<Long> registrations, long decision) {
      int n = 0;
      for (long t : registrations) {
        if (t < decision) {
          n++;
        }
      }
      return n;
    }

    private static Timestamp timestamp(long micros) {
      return Timestamp.from(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }
  }
}
