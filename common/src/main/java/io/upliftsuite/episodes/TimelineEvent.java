package io.upliftsuite.episodes;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One raw event of an item, flattened from communications, stage_events or deliveries. Times are epoch
 * microseconds (Spark's own timestamp representation), so no time-zone conversion happens on the way in.
 */
public record TimelineEvent(long tsMicros, Kind kind, String commId, String channel, String initiator,
    boolean prescheduled, boolean connected, String stage) implements Serializable {

  public enum Kind { COMMUNICATION, STAGE, DELIVERY }

  /** Time order; ties broken by kind and comm_id so the labelling never depends on input order. */
  public static final Comparator<TimelineEvent> ORDER = Comparator.comparingLong(TimelineEvent::tsMicros)
      .thenComparing(TimelineEvent::kind)
      .thenComparing(e -> e.commId() == null ? "" : e.commId());

  public static TimelineEvent communication(long ts, String commId, String channel, String initiator,
      boolean prescheduled, boolean connected) {
    return new TimelineEvent(ts, Kind.COMMUNICATION, commId, channel, initiator, prescheduled, connected, null);
  }

  public static TimelineEvent stage(long ts, String stage) {
    return new TimelineEvent(ts, Kind.STAGE, null, null, null, false, false, stage);
  }

  public static TimelineEvent delivery(long ts) {
    return new TimelineEvent(ts, Kind.DELIVERY, null, null, null, false, false, null);
  }

  boolean isCommunication() {
    return kind == Kind.COMMUNICATION;
  }
}
