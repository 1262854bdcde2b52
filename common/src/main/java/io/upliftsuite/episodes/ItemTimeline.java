package io.upliftsuite.episodes;

import io.upliftsuite.logs.RawTables;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-item state machine that turns one item's time-ordered events into its decision days: for each day
 * d = 1..D after the registration day it decides whether the day is an episode (and labels action, outcomes and
 * features) or why it is excluded. Pure Java on one item's events, so it runs inside one Spark task per item group
 * and is testable without Spark.
 *
 * <p>Time rules (see docs/episodes.md): the decision time of day d is {@code decisionTime} local on the calendar
 * date registration-date + d in the business zone. The day's action window runs from that decision time to the next
 * day's decision time. Features and the open/closed state use only events strictly before the decision time.
 */
public final class ItemTimeline implements Serializable {
  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  /** One candidate day: an episode ({@code reason == null}) or an exclusion. */
  public record LabelledDay(int day, ExclusionReason reason, long decisionMicros, int action, int outcome90d,
      int outcome14d, boolean censored, Object[] features) {
    public boolean isEpisode() {
      return reason == null;
    }
  }

  // The options' fields, copied: EpisodeOptions holds an Optional, which is not Serializable.
  private final int horizonDays;
  private final LocalTime decisionTime;
  private final ZoneId timeZone;
  private final int outcomeWindowDays;
  private final int shortOutcomeWindowDays;
  private final long dataEndMicros;

  public ItemTimeline(EpisodeOptions options, long dataEndMicros) {
    this.horizonDays = options.horizonDays();
    this.decisionTime = options.decisionTime();
    this.timeZone = options.timeZone();
    this.outcomeWindowDays = options.outcomeWindowDays();
    this.shortOutcomeWindowDays = options.shortOutcomeWindowDays();
    this.dataEndMicros = dataEndMicros;
  }

  /**
   * An open decision point as known at its decision time: the day, the decision time and the features (in
   * {@link EpisodeFeatures#ALL} order). The same code computes an episode's features, so a decision point built on
   * the morning of a day equals the episode that {@link #label} builds for that day later (tested).
   */
  public record DecisionPoint(int day, long decisionMicros, Object[] features) {}

  /** Labels days 1..D of one item; {@code events} in any order. */
  public List<LabelledDay> label(ItemFacts item, List<TimelineEvent> events) {
    List<TimelineEvent> sorted = sorted(events);
    long deliveredAt = firstDelivery(sorted);
    long reg = item.registeredAtMicros();
    int outcome90 = outcome(item, sorted, outcomeWindowDays);
    int outcome14 = outcome(item, sorted, shortOutcomeWindowDays);
    boolean censored = !windowObserved(reg, outcomeWindowDays);

    ZonedDateTime regLocal = toInstant(reg).atZone(timeZone);
    LocalDate regDate = regLocal.toLocalDate();
    List<LabelledDay> out = new ArrayList<>(horizonDays);
    for (int d = 1; d <= horizonDays; d++) {
      long decision = decisionMicros(regDate, d);
      long nextDecision = decisionMicros(regDate, d + 1);
      ExclusionReason closed = closedBefore(sorted, decision, deliveredAt);
      if (closed != null) {
        out.add(excluded(d, closed, decision));
        continue;
      }
      if (nextDecision > dataEndMicros) {
        out.add(excluded(d, ExclusionReason.AFTER_DATA_END, decision));
        continue;
      }
      TimelineEvent first = firstHumanCommunication(sorted, decision, nextDecision);
      int action;
      if (first == null) {
        action = 0;
      } else if ("lead".equals(first.initiator())) {
        out.add(excluded(d, ExclusionReason.LEAD_INITIATED_FIRST, decision));
        continue;
      } else if (first.prescheduled()) {
        out.add(excluded(d, ExclusionReason.PRESCHEDULED_FIRST, decision));
        continue;
      } else {
        action = 1;
      }
      out.add(new LabelledDay(d, null, decision, action, outcome90, outcome14, censored,
          features(item, sorted, d, decision, regLocal)));
    }
    return out;
  }

  /**
   * The decision point of day {@code day} (>= 1) as it is known at the day's decision time, or null when the item
   * is closed by then (delivered or abandoned). Only events strictly before the decision time are read, so events
   * after it (which may be in {@code sortedEvents}) change nothing. No action, outcome or data-end rule applies: at
   * the decision time they are unknown.
   *
   * @param sortedEvents the item's events in {@link TimelineEvent#ORDER} (see {@link #sorted})
   */
  public DecisionPoint decisionPoint(ItemFacts item, List<TimelineEvent> sortedEvents, int day) {
    ZonedDateTime regLocal = toInstant(item.registeredAtMicros()).atZone(timeZone);
    long decision = decisionMicros(regLocal.toLocalDate(), day);
    if (closedBefore(sortedEvents, decision, firstDelivery(sortedEvents)) != null) {
      return null;
    }
    return new DecisionPoint(day, decision, features(item, sortedEvents, day, decision, regLocal));
  }

  /** The calendar date (business zone) of day {@code day} of an item registered at {@code registeredAtMicros}. */
  public LocalDate decisionDate(long registeredAtMicros, int day) {
    return toInstant(registeredAtMicros).atZone(timeZone).toLocalDate().plusDays(day);
  }

  /** The decision time of day {@code day} of an item registered at {@code registeredAtMicros}, epoch micros. */
  public long decisionMicros(long registeredAtMicros, int day) {
    return decisionMicros(toInstant(registeredAtMicros).atZone(timeZone).toLocalDate(), day);
  }

  /** 1 when the item's earliest delivery is at most {@code windowDays} x 24 h after its registration, else 0. */
  public static int outcome(ItemFacts item, List<TimelineEvent> events, int windowDays) {
    return firstDelivery(events) <= item.registeredAtMicros() + windowDays * MICROS_PER_DAY ? 1 : 0;
  }

  /** Whether an outcome window of {@code days} after the registration ends within the data (not censored). */
  public boolean windowObserved(long registeredAtMicros, int days) {
    return registeredAtMicros + days * MICROS_PER_DAY <= dataEndMicros;
  }

  /** {@code events} in {@link TimelineEvent#ORDER}, the order every rule here reads them in. */
  public static List<TimelineEvent> sorted(List<TimelineEvent> events) {
    List<TimelineEvent> sorted = new ArrayList<>(events);
    sorted.sort(TimelineEvent.ORDER);
    return sorted;
  }

  private static long firstDelivery(List<TimelineEvent> events) {
    long deliveredAt = Long.MAX_VALUE;
    for (TimelineEvent e : events) {
      if (e.kind() == TimelineEvent.Kind.DELIVERY) {
        deliveredAt = Math.min(deliveredAt, e.tsMicros());
      }
    }
    return deliveredAt;
  }

  long decisionMicros(LocalDate registrationDate, int day) {
    Instant t = registrationDate.plusDays(day).atTime(decisionTime).atZone(timeZone).toInstant();
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** Delivered (deliveries row or 'delivered' stage) or currently abandoned, strictly before the decision time. */
  private static ExclusionReason closedBefore(List<TimelineEvent> sorted, long decision, long deliveredAt) {
    if (deliveredAt < decision) {
      return ExclusionReason.DELIVERED_BEFORE_DAY;
    }
    String stage = null;
    for (TimelineEvent e : sorted) {
      if (e.tsMicros() >= decision) {
        break;
      }
      if (e.kind() == TimelineEvent.Kind.STAGE) {
        if ("delivered".equals(e.stage())) {
          return ExclusionReason.DELIVERED_BEFORE_DAY;
        }
        stage = e.stage();
      }
    }
    return "abandoned".equals(stage) ? ExclusionReason.ABANDONED_BEFORE_DAY : null;
  }

  /** The first communication not sent by the system in [from, to); automatic messages never decide the action. */
  private static TimelineEvent firstHumanCommunication(List<TimelineEvent> sorted, long from, long to) {
    for (TimelineEvent e : sorted) {
      if (e.tsMicros() >= to) {
        return null;
      }
      if (e.tsMicros() >= from && e.isCommunication() && !"system".equals(e.initiator())) {
        return e;
      }
    }
    return null;
  }

  private static LabelledDay excluded(int day, ExclusionReason reason, long decision) {
    return new LabelledDay(day, reason, decision, 0, 0, 0, false, null);
  }

  /** The feature vector in {@link EpisodeFeatures#ALL} order, from events strictly before {@code decision}. */
  private Object[] features(ItemFacts item, List<TimelineEvent> sorted, int day, long decision,
      ZonedDateTime regLocal) {
    List<Integer> windows = EpisodeFeatures.COMM_WINDOWS_DAYS;
    int perWindow = 1 + RawTables.CHANNELS.size() + RawTables.INITIATORS.size() + 1;
    int[] counts = new int[windows.size() * perWindow];
    String stage = "registered";
    long stageSince = item.registeredAtMicros();
    long lastAe = Long.MIN_VALUE;
    long lastLead = Long.MIN_VALUE;
    for (TimelineEvent e : sorted) {
      if (e.tsMicros() >= decision) {
        break;
      }
      if (e.kind() == TimelineEvent.Kind.STAGE) {
        if (!e.stage().equals(stage)) {
          stage = e.stage();
          stageSince = e.tsMicros();
        }
      } else if (e.isCommunication()) {
        if ("ae".equals(e.initiator())) {
          lastAe = e.tsMicros();
        } else if ("lead".equals(e.initiator())) {
          lastLead = e.tsMicros();
        }
        int channel = RawTables.CHANNELS.indexOf(e.channel());
        int initiator = RawTables.INITIATORS.indexOf(e.initiator());
        for (int w = 0; w < windows.size(); w++) {
          int days = windows.get(w);
          if (days != 0 && e.tsMicros() < decision - days * MICROS_PER_DAY) {
            continue;
          }
          int base = w * perWindow;
          counts[base]++;
          counts[base + 1 + channel]++;
          counts[base + 1 + RawTables.CHANNELS.size() + initiator]++;
          if (e.connected()) {
            counts[base + perWindow - 1]++;
          }
        }
      }
    }
    List<Object> f = new ArrayList<>(EpisodeFeatures.ALL.size());
    f.add(item.leadState());
    f.add(item.leadAgeBand());
    f.add(item.leadAcquisitionChannel());
    f.add(item.leadIsCommercial());
    f.add(item.itemType());
    f.add(item.valueEstimate());
    f.add(stage);
    f.add(hours(decision - stageSince));
    for (int c : counts) {
      f.add(c);
    }
    f.add(lastAe == Long.MIN_VALUE ? EpisodeFeatures.NEVER : hours(decision - lastAe));
    f.add(lastLead == Long.MIN_VALUE ? EpisodeFeatures.NEVER : hours(decision - lastLead));
    f.add(hours(decision - item.registeredAtMicros()));
    f.add(regLocal.getHour());
    f.add(regLocal.getDayOfWeek().getValue());
    f.add(regLocal.getMonthValue());
    f.add(season(regLocal.getMonthValue()));
    DayOfWeek decisionWeekday = regLocal.toLocalDate().plusDays(day).getDayOfWeek();
    f.add(decisionWeekday.getValue());
    f.add(day);
    return f.toArray();
  }

  static String season(int month) {
    return switch (month) {
      case 12, 1, 2 -> "winter";
      case 3, 4, 5 -> "spring";
      case 6, 7, 8 -> "summer";
      default -> "autumn";
    };
  }

  private static double hours(long micros) {
    return micros / (double) MICROS_PER_HOUR;
  }

  private static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
