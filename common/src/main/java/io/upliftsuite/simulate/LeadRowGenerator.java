package io.upliftsuite.simulate;

import io.upliftsuite.simulate.ItemSimulator.History;
import io.upliftsuite.simulate.OracleCalculator.PotentialOutcomes;
import io.upliftsuite.simulate.RandomStreams.Stream;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs on the executors: turns one lead index (plus, in experiment mode, its items' recommendations) into the union
 * rows of all tables: the lead, its items, every item's simulated history and its oracle rows. Log rows after the
 * extract time (registration end + log-end days) are not written - as in a real CRM export.
 */
final class LeadRowGenerator implements MapPartitionsFunction<Row, Row> {
  private final SimulationSettings settings;
  private final RegistrationCalendar calendar;
  private final boolean experiment;
  private final long extractEpochSecond;
  private final int logEndDays;

  LeadRowGenerator(SimulationSettings settings, RegistrationCalendar calendar, boolean experiment, int logEndDays) {
    this.settings = settings;
    this.calendar = calendar;
    this.experiment = experiment;
    this.logEndDays = logEndDays;
    this.extractEpochSecond = epochSecond(ZoneId.of(settings.timeZone()).normalized(),
        settings.registrationEnd().plusDays(1L + logEndDays), 0);
  }

  /** Input rows are (lead index, recommendations of its items or null); output rows are tagged table rows. */
  @Override
  public Iterator<Row> call(Iterator<Row> leads) {
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && leads.hasNext()) {
          Row lead = leads.next();
          List<Row> recs = lead.isNullAt(1) ? null : lead.getList(1);
          current = rows(lead.getLong(0), recommendationsOf(recs)).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** All rows of lead {@code j}; {@code recommendations} maps item id to (decision day to 0/1), or is null. */
  List<Row> rows(long j, Map<String, Map<Integer, Integer>> recommendations) {
    ZoneId zone = ZoneId.of(settings.timeZone()).normalized();
    DailyModel model = new DailyModel(settings);
    ItemSimulator simulator = new ItemSimulator(model);
    OracleCalculator oracle = new OracleCalculator(model);
    List<ItemProfile> items = new Population(settings, calendar).itemsOfLead(j);
    List<Row> out = new ArrayList<>();
    ItemProfile first = items.get(0);
    out.add(row(SimulatedTables.LEADS, first.leadId(), first.state(), first.ageBand(), first.acquisitionChannel(), null,
        registeredAt(zone, first), null, null, null, null, first.commercial(), null, null));
    for (ItemProfile item : items) {
      long registered = registeredAt(zone, item);
      if (registered < extractEpochSecond) {
        out.add(row(SimulatedTables.ITEMS, item.itemId(), item.leadId(), item.itemType(), null, null, registered,
            item.valueEstimate(), null, null, null, item.fraudFlagged(), null, null));
      }
      Map<Integer, Integer> itemRecommendations = null;
      String arm = null;
      if (experiment && !item.registrationDate().isBefore(settings.experiment().start())
          && !item.registrationDate().isAfter(settings.experiment().end())) {
        double u = RandomStreams.of(settings.seed(), item.leadIndex(), item.itemNumber(), Stream.ASSIGNMENT, 0, 0)
            .nextDouble();
        arm = u < settings.experiment().treatmentShare() ? "treatment" : "control";
        if (arm.equals("treatment") && recommendations != null) {
          itemRecommendations = recommendations.get(item.itemId());
        }
      }
      Sink sink = new Sink(zone, out);
      History history = simulator.simulate(item, itemRecommendations, sink);
      for (PotentialOutcomes p : oracle.compute(item, history)) {
        out.add(row(SimulatedTables.ORACLE, item.itemId(), null, null, null, null, null,
            p.p90Contact(), p.p90NoContact(), p.p14Contact(), p.p14NoContact(), null, null, p.day()));
      }
      if (arm != null) {
        out.add(row(SimulatedTables.ASSIGNMENTS, item.itemId(), item.leadId(), arm, null, null, registered,
            null, null, null, null, null, null, history.recommendationsFollowed));
      }
    }
    return out;
  }

  /** Collects one item's log rows, dropping those after the extract time, numbering communications per item. */
  private final class Sink implements ItemSimulator.EventSink {
    private final ZoneId zone;
    private final List<Row> out;
    private int comms;

    Sink(ZoneId zone, List<Row> out) {
      this.zone = zone;
      this.out = out;
    }

    @Override
    public void stageEvent(ItemProfile item, int day, long second, String stage) {
      long at = at(item, day, second);
      if (at < extractEpochSecond) {
        out.add(row(SimulatedTables.STAGE_EVENTS, item.itemId(), stage, null, null, null, at,
            null, null, null, null, null, null, null));
      }
    }

    @Override
    public void communication(ItemProfile item, int day, long second, String channel, String initiator,
        boolean prescheduled, boolean connected) {
      long at = at(item, day, second);
      int n = comms++;
      if (at < extractEpochSecond) {
        out.add(row(SimulatedTables.COMMUNICATIONS, item.itemId() + "-C" + n, item.itemId(), item.leadId(), channel,
            initiator, at, null, null, null, null, prescheduled, connected, null));
      }
    }

    @Override
    public void delivery(ItemProfile item, int day, long second) {
      long at = at(item, day, second);
      if (at < extractEpochSecond) {
        out.add(row(SimulatedTables.DELIVERIES, item.itemId(), null, null, null, null, at,
            null, null, null, null, null, null, null));
      }
    }

    private long at(ItemProfile item, int day, long second) {
      return epochSecond(zone, item.registrationDate().plusDays(day + second / 86400), (int) (second % 86400));
    }
  }

  private static long registeredAt(ZoneId zone, ItemProfile item) {
    return epochSecond(zone, item.registrationDate(), item.registrationSecondOfDay());
  }

  /** Epoch second of a local date and second of day in the business time zone. */
  static long epochSecond(ZoneId zone, LocalDate date, int secondOfDay) {
    if (zone instanceof ZoneOffset offset) {
      return date.toEpochDay() * 86400 + secondOfDay - offset.getTotalSeconds();
    }
    return LocalDateTime.of(date, LocalTime.ofSecondOfDay(secondOfDay)).atZone(zone).toEpochSecond();
  }

  private static Row row(int tag, String s1, String s2, String s3, String s4, String s5, Long t1,
      Double d1, Double d2, Double d3, Double d4, Boolean b1, Boolean b2, Integer i1) {
    return RowFactory.create(tag, s1, s2, s3, s4, s5, t1, d1, d2, d3, d4, b1, b2, i1);
  }

  static Map<String, Map<Integer, Integer>> recommendationsOf(List<Row> structs) {
    if (structs == null) {
      return null;
    }
    Map<String, Map<Integer, Integer>> map = new HashMap<>();
    for (Row r : structs) {
      map.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getInt(1), r.getInt(2));
    }
    return map;
  }
}
