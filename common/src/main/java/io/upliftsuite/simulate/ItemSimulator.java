package io.upliftsuite.simulate;

import io.upliftsuite.simulate.DailyModel.OpenStage;
import io.upliftsuite.simulate.RandomStreams.Stream;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One item's whole history, day by day, in one task. Day t is the calendar day registration date + t (business time
 * zone). At 9 AM of each day t >= 1 the item is in a stage; if the lead still has to act (registered or label_sent)
 * the day's first non-system communication is decided, then the lead's next step (or giving up) is drawn:
 *
 * <ol>
 *   <li>lead-first day (the lead calls/chats/e-mails first) with probability leadFirst, else a prescheduled AE call
 *       first with probability prescheduled (weekdays), else the existing policy (or, in the experiment's treatment
 *       arm, the recommendation with probability compliance) decides between an AE-first contact and no contact.
 *       No non-system communication ever happens before 9 AM, so "AE-first after 9 AM" is exactly what the episode
 *       logic sees as action = 1, and "none" as action = 0;</li>
 *   <li>the contact's channel and whether it connects;</li>
 *   <li>the lead's next step with {@link DailyModel#hazardLogit} + the contact effect: registered to ready_to_ship
 *       (label_sent follows within hours), label_sent to shipped (delivered after a 1-5 day transit), or abandoned.</li>
 * </ol>
 *
 * <p>Outcome-relevant draws use fixed slots of the (item, day, path) stream; cosmetic rows (system messages,
 * follow-ups) use a separate stream, so forcing one day's action changes nothing but what that action causes.
 */
public final class ItemSimulator {
  public enum Stage { REGISTERED, LABEL_SENT, SHIPPED, DELIVERED, ABANDONED }

  /** What decided the day's first non-system communication. */
  public enum DayAction { NONE_OPEN, LEAD_FIRST, PRESCHEDULED_FIRST, AE_CONTACT, NO_CONTACT }

  /** Receives the rows of a history; times are (day since registration, local second of that day, may exceed a day). */
  public interface EventSink {
    void stageEvent(ItemProfile item, int day, long second, String stage);

    void communication(ItemProfile item, int day, long second, String channel, String initiator,
        boolean prescheduled, boolean connected);

    void delivery(ItemProfile item, int day, long second);
  }

  /** An item's history as far as tests and the oracle need it. */
  public static final class History {
    /** Stage at 9 AM of day t (day 0: at registration), t = 0..maxDays. */
    public final Stage[] stageAt9;
    /** What decided the first communication of day t. */
    public final DayAction[] actions;
    public int shipDay = -1;
    public int deliveryDay = -1;
    public int deliverySecond = -1;
    /** Days on which an experiment recommendation (not the existing policy) chose the first contact. */
    public int recommendationsFollowed;

    History(int maxDays) {
      stageAt9 = new Stage[maxDays + 1];
      actions = new DayAction[maxDays + 1];
      Arrays.fill(actions, DayAction.NONE_OPEN);
    }

    public boolean delivered() {
      return deliveryDay >= 0;
    }
  }

  private static final int NINE_AM = 9 * 3600;
  private static final int LAST_SECOND = 86399;
  private static final int SLOTS = 10;

  private final DailyModel model;
  private final SimulationSettings s;

  public ItemSimulator(DailyModel model) {
    this.model = model;
    this.s = model.settings();
  }

  /** The item's logged history under the existing policy (or an experiment's recommendations when treated). */
  public History simulate(ItemProfile item, Map<Integer, Integer> recommendations, EventSink sink) {
    History h = new History(s.maxDays());
    if (sink != null) {
      sink.stageEvent(item, 0, item.registrationSecondOfDay(), "registered");
    }
    run(item, 0, Stage.REGISTERED, -1, null, 0, recommendations, sink, h);
    return h;
  }

  /**
   * Re-simulates the item's future from 9 AM of day {@code day} in {@code stage} (registered or label_sent) with the
   * day's first communication forced to an AE-first contact ({@code contact}) or to none, fresh randomness from
   * {@code path} (>= 1) and the existing policy afterwards. Returns the history (delivery day and second).
   */
  public History resimulate(ItemProfile item, Stage stage, int day, boolean contact, int path) {
    if (stage != Stage.REGISTERED && stage != Stage.LABEL_SENT) {
      throw new IllegalArgumentException("Can only re-simulate an item waiting for the lead, not " + stage);
    }
    History h = new History(s.maxDays());
    run(item, day, stage, day, contact ? DayAction.AE_CONTACT : DayAction.NO_CONTACT, path, null, null, h);
    return h;
  }

  private void run(ItemProfile item, int startDay, Stage start, int forcedDay, DayAction forced, int path,
      Map<Integer, Integer> recommendations, EventSink sink, History h) {
    Stage stage = start;
    double[] u = new double[SLOTS];
    int t = startDay;
    for (; t < s.maxDays(); t++) {
      h.stageAt9[t] = stage;
      if (stage != Stage.REGISTERED && stage != Stage.LABEL_SENT) {
        break;
      }
      OpenStage open = stage == Stage.REGISTERED ? OpenStage.REGISTERED : OpenStage.LABEL_SENT;
      SplittableRandom dayRandom = RandomStreams.of(s.seed(), item.leadIndex(), item.itemNumber(), Stream.DAY, t, path);
      for (int i = 0; i < SLOTS; i++) {
        u[i] = dayRandom.nextDouble();
      }
      SplittableRandom cosmetic = sink == null ? null
          : RandomStreams.of(s.seed(), item.leadIndex(), item.itemNumber(), Stream.COSMETIC, t, path);
      int dayStart = t == 0 ? item.registrationSecondOfDay() : NINE_AM;

      // 1. The day's first non-system communication.
      DayAction action;
      if (t == 0) {
        action = u[1] < s.policy().day0CallRate() ? DayAction.AE_CONTACT : DayAction.NO_CONTACT;
      } else if (t == forcedDay) {
        action = forced;
      } else {
        double leadFirst = model.leadFirstProbability(item);
        double prescheduled = model.prescheduledProbability(item, t);
        if (u[0] < leadFirst) {
          action = DayAction.LEAD_FIRST;
        } else if (u[0] < leadFirst + prescheduled) {
          action = DayAction.PRESCHEDULED_FIRST;
        } else {
          Integer recommended = recommendations == null ? null : recommendations.get(t);
          if (recommended != null && u[9] < s.experiment().complianceRate()) {
            action = recommended == 1 ? DayAction.AE_CONTACT : DayAction.NO_CONTACT;
            h.recommendationsFollowed++;
          } else {
            action = u[1] < model.policyContactProbability(item, open, t) ? DayAction.AE_CONTACT : DayAction.NO_CONTACT;
          }
        }
      }
      h.actions[t] = action;

      // 2. Channel, connection, time, and the logit effect on today's hazard.
      double effect = 0;
      long contactSecond = -1;
      switch (action) {
        case LEAD_FIRST -> {
          effect = model.leadContactLift();
          contactSecond = NINE_AM + (long) (u[6] * 12 * 3600);
          if (sink != null) {
            double c = cosmetic.nextDouble();
            String channel = c < 0.4 ? "call" : c < 0.7 ? "chat" : "email";
            sink.communication(item, t, contactSecond, channel, "lead", false, true);
            // The AE answers the lead later that day.
            long reply = Math.min(LAST_SECOND, contactSecond + 300 + (long) (cosmetic.nextDouble() * 7200));
            sink.communication(item, t, reply, channel.equals("email") ? "email" : "call", "ae", false, true);
          }
        }
        case PRESCHEDULED_FIRST, AE_CONTACT -> {
          boolean call = action == DayAction.PRESCHEDULED_FIRST || u[2] < s.policy().callShare();
          boolean connected = u[3] < (call ? s.policy().callConnectRate() : s.policy().emailOpenRate());
          effect = model.contactEffect(item, t) * (connected ? 1.0 : model.unconnectedShare());
          if (t == 0) {
            contactSecond = dayStart + (long) (u[6] * Math.min(10800, LAST_SECOND - dayStart));
          } else {
            contactSecond = NINE_AM + (long) (u[6] * (action == DayAction.PRESCHEDULED_FIRST ? 8 : 8.5) * 3600);
          }
          if (sink != null) {
            sink.communication(item, t, contactSecond, call ? "call" : "email", "ae",
                action == DayAction.PRESCHEDULED_FIRST, connected);
            if (call && !connected && cosmetic.nextDouble() < 0.5) {
              long followUp = Math.min(LAST_SECOND, contactSecond + 600 + (long) (cosmetic.nextDouble() * 3600));
              sink.communication(item, t, followUp, cosmetic.nextDouble() < 0.7 ? "email" : "sms", "ae", false, true);
            }
            if (connected && cosmetic.nextDouble() < 0.1) {
              long callBack = Math.min(LAST_SECOND, contactSecond + 1800 + (long) (cosmetic.nextDouble() * 14400));
              sink.communication(item, t, callBack, "call", "lead", false, true);
            }
          }
        }
        default -> { }
      }
      if (sink != null && cosmetic.nextDouble() < s.policy().systemMessageRate()) {
        // Automatic reminders go out at any hour (also before 9 AM); they never count as a contact.
        long at = (long) (cosmetic.nextDouble() * 86400);
        if (t > 0 || at > dayStart) {
          sink.communication(item, t, at, cosmetic.nextDouble() < 0.7 ? "email" : "sms", "system", false, true);
        }
      }

      // 3. The lead's next step.
      double hazard = DailyModel.logistic(model.hazardLogit(item, open, t) + effect);
      long from = Math.max(dayStart, contactSecond) + 60;
      long eventSecond = from + (long) (u[5] * Math.max(0, LAST_SECOND - from));
      if (u[4] < hazard) {
        if (stage == Stage.REGISTERED) {
          stage = Stage.LABEL_SENT;
          if (sink != null) {
            long label = eventSecond + 1800 + (long) (cosmetic.nextDouble() * 9000);
            sink.stageEvent(item, t, eventSecond, "ready_to_ship");
            sink.stageEvent(item, t, label, "label_sent");
            sink.communication(item, t, label + 5, "email", "system", false, true);
          }
        } else {
          int lag = DailyModel.transitLag(u[7]);
          h.shipDay = t;
          h.deliveryDay = t + lag;
          h.deliverySecond = DailyModel.deliverySecond(u[8]);
          if (sink != null) {
            sink.stageEvent(item, t, eventSecond, "shipped");
            sink.communication(item, t, Math.min(LAST_SECOND, eventSecond + 600), "sms", "system", false, true);
            sink.stageEvent(item, h.deliveryDay, h.deliverySecond, "delivered");
            sink.delivery(item, h.deliveryDay, h.deliverySecond);
            sink.communication(item, h.deliveryDay, h.deliverySecond + 300, "email", "system", false, true);
          }
          for (int d = t + 1; d <= s.maxDays(); d++) {
            h.stageAt9[d] = d <= h.deliveryDay ? Stage.SHIPPED : Stage.DELIVERED;
          }
          return;
        }
      } else if (u[4] > 1 - model.abandonProbability(effect)) {
        stage = Stage.ABANDONED;
        if (sink != null) {
          sink.stageEvent(item, t, eventSecond, "abandoned");
        }
      }
    }
    if (t >= s.maxDays() && (stage == Stage.REGISTERED || stage == Stage.LABEL_SENT)) {
      stage = Stage.ABANDONED;
      if (sink != null) {
        sink.stageEvent(item, s.maxDays(), NINE_AM, "abandoned");
      }
    }
    for (int d = Math.max(t, startDay); d <= s.maxDays(); d++) {
      if (h.stageAt9[d] == null) {
        h.stageAt9[d] = stage;
      }
    }
  }

  /** Delivered within {@code horizon} days of registration: delivered_at <= registered_at + horizon days (local). */
  public static boolean deliveredWithin(ItemProfile item, History h, int horizon) {
    return h.delivered() && (h.deliveryDay < horizon
        || (h.deliveryDay == horizon && h.deliverySecond <= item.registrationSecondOfDay()));
  }
}
