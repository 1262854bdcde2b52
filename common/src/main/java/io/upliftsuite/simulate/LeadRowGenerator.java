package io.upliftsuite.simulate;

import io.upliftsuite.simulate.ItemSimulator.History;
import io.upliftsuite.simulate.ItemSimulator.Stage;
import io.upliftsuite.simulate.OracleCalculator.PotentialOutcomes;
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
  private final long extractEpochSecond;
  private final int logEndDays;

  LeadRowGenerator(SimulationSettings settings, RegistrationCalendar calendar, int logEndDays) {
    this.settings = settings;
    this.calendar = calendar;
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

  /** All rows of lead {@code j}; {@code recommendations} maps item id to its experiment arm and days, or is null. */
  List<Row> rows(long j, Map<String, ExperimentItem> recommendations) {
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
      ExperimentItem exp = recommendations == null ? null : recommendations.get(item.itemId());
      Map<Integer, Integer> itemRecommendations = exp != null && exp.treated() ? exp.byDay() : null;
      Sink sink = new Sink(zone, out);
      History history = simulator.simulate(item, itemRecommendations, sink);
      for (PotentialOutcomes p : oracle.compute(item, history)) {
        out.add(row(SimulatedTables.ORACLE, item.itemId(), null, null, null, null, null,
            p.p90Contact(), p.p90NoContact(), p.p14Contact(), p.p14NoContact(), null, null, p.day()));
      }
      if (exp != null) {
        out.add(assignment(model, oracle, item, history, exp, registered));
      }
    }
    return out;
  }

  /** The item's arm and recommendations in the experiment (closed-loop mode). */
  record ExperimentItem(boolean treated, Map<Integer, Integer> byDay) {
    int entryDay() {
      return byDay.keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
    }
  }

  /**
   * The experiment_assignments row: the truth at the item's entry day d (its first recommended day). Given that day
   * d's first contact is the AE's decision, the treatment arm contacts with probability c * pi + (1 - c) * e and the
   * control arm with e (e = the existing policy's probability, c = compliance, pi = the recommendation), and the
   * future after day d follows the existing policy in both arms, so the arm's effect on the item is
   * c * (pi - e) * (p_contact - p_no_contact) with the oracle's potential outcomes of day d.
   */
  private Row assignment(DailyModel model, OracleCalculator oracle, ItemProfile item, History history,
      ExperimentItem exp, long registered) {
    int d = exp.entryDay();
    int pi = exp.byDay().get(d);
    double c = settings.experiment().complianceRate();
    Stage stage = d < history.stageAt9.length ? history.stageAt9[d] : null;
    Double e = null;
    Double p14c = null;
    Double p14n = null;
    Double p90c = null;
    Double p90n = null;
    Double te14 = null;
    Double te90 = null;
    if (d >= 1 && (stage == Stage.REGISTERED || stage == Stage.LABEL_SENT)) {
      DailyModel.OpenStage open = stage == Stage.REGISTERED ? DailyModel.OpenStage.REGISTERED
          : DailyModel.OpenStage.LABEL_SENT;
      e = model.policyContactProbability(item, open, d);
      p14c = oracle.potentialOutcome(item, stage, d, true, settings.shortHorizonDays());
      p14n = oracle.potentialOutcome(item, stage, d, false, settings.shortHorizonDays());
      p90c = oracle.potentialOutcome(item, stage, d, true, settings.horizonDays());
      p90n = oracle.potentialOutcome(item, stage, d, false, settings.horizonDays());
      te14 = c * (pi - e) * (p14c - p14n);
      te90 = c * (pi - e) * (p90c - p90n);
    }
    return RowFactory.create(SimulatedTables.ASSIGNMENTS, item.itemId(), item.leadId(),
        exp.treated() ? "treatment" : "control", null, null, registered, c, e, p14c, p14n, null, null,
        history.recommendationsFollowed, p90c, p90n, te14, te90, d, pi);
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
    return RowFactory.create(tag, s1, s2, s3, s4, s5, t1, d1, d2, d3, d4, b1, b2, i1, null, null, null, null, null,
        null);
  }

  /** The lead's items in the experiment from (item_id, decision_day, recommend_contact, arm) structs; null = none. */
  static Map<String, ExperimentItem> recommendationsOf(List<Row> structs) {
    if (structs == null) {
      return null;
    }
    Map<String, Map<Integer, Integer>> byDay = new HashMap<>();
    Map<String, Boolean> treated = new HashMap<>();
    for (Row r : structs) {
      byDay.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getInt(1), r.getInt(2));
      treated.put(r.getString(0), "treatment".equals(r.getString(3)));
    }
    Map<String, ExperimentItem> out = new HashMap<>();
    byDay.forEach((item, days) -> out.put(item, new ExperimentItem(treated.get(item), days)));
    return out;
  }
}
