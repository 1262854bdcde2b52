package io.upliftsuite.simulate;

import io.upliftsuite.simulate.ItemProfile.Segment;
import io.upliftsuite.simulate.RandomStreams.Stream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Who registers: leads (state, age band, acquisition channel, commercial share), their items (type, log-normal value,
 * fraud flag) and the hidden per-item truth (uplift segment, latent intent). Every attribute comes from the lead's
 * and item's own random streams, so lead {@code j} is the same whichever task builds it.
 *
 * <p>The model, in logit terms (all documented in docs/simulator.md):
 * featureLogit = itemType + 0.35 * valueZ + 0.5 * commercial + channel + ageBand - 2 * fraud + segmentBase;
 * leadScore = (featureLogit without segmentBase) / 0.45 (what a CRM lead score would see: observable features only);
 * segment ~ softmax over the four segments with feature-dependent logits;
 * contact effect (logit, day 1) = segment effect, for persuadables scaled by 1 + 0.25 * valueZ.
 */
public final class Population implements Serializable {
  static final String[] STATES = {"CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI", "NJ", "WA", "AZ", "MA"};
  static final double[] STATE_WEIGHTS = {12, 9, 7, 6, 4, 4, 3.5, 3.3, 3.2, 3, 2.8, 2.4, 2.3, 2.1};
  static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45-54", "55-64", "65+"};
  static final double[] AGE_WEIGHTS = {0.08, 0.2, 0.22, 0.2, 0.17, 0.13};
  static final double[] AGE_EFFECT = {-0.3, -0.1, 0.0, 0.1, 0.15, 0.1};
  static final String[] CHANNELS = {"organic_search", "paid_search", "social", "referral", "tv", "affiliate"};
  static final double[] CHANNEL_WEIGHTS = {0.3, 0.25, 0.15, 0.1, 0.1, 0.1};
  static final double[] CHANNEL_EFFECT = {0.1, 0.0, -0.3, 0.3, -0.1, -0.2};
  static final String[] ITEM_TYPES = {"ring", "necklace", "bracelet", "earrings", "watch", "loose_diamond", "other"};
  static final double[] ITEM_TYPE_WEIGHTS = {0.3, 0.18, 0.14, 0.14, 0.1, 0.06, 0.08};
  static final double[] ITEM_TYPE_EFFECT = {0.1, 0.0, -0.05, -0.1, 0.25, 0.3, -0.3};
  /** log(value) ~ N(VALUE_MU + item-type shift, VALUE_SIGMA). */
  static final double VALUE_MU = 7.0;
  static final double VALUE_SIGMA = 1.0;
  static final double[] ITEM_TYPE_VALUE_SHIFT = {0.2, 0.0, -0.1, -0.2, 0.5, 0.8, -0.5};
  static final double COMMERCIAL_SHARE = 0.08;
  static final double FRAUD_SHARE = 0.02;
  /** Baseline-logit shift and day-1 contact effect (logit) per segment, in {@link Segment} order. */
  static final double[] SEGMENT_BASE = {0.0, 1.0, -1.3, 0.2};
  static final double[] SEGMENT_EFFECT = {2.0, 0.1, 0.1, -1.0};
  static final double SCORE_SCALE = 0.45;

  private final SimulationSettings settings;
  private final RegistrationCalendar calendar;

  public Population(SimulationSettings settings, RegistrationCalendar calendar) {
    this.settings = settings;
    this.calendar = calendar;
  }

  /** How many leads make about {@code items} items: E[items per lead] = 1 + share * (1 + 0.3 + 0.1). */
  public static long leadsFor(SimulationSettings s) {
    double perLead = 1 + s.registrations().multiItemLeadShare() * 1.4;
    return Math.max(1, Math.round(s.items() / perLead));
  }

  /** The items of lead {@code j} (one or more), first item first; the lead registers with its first item. */
  public List<ItemProfile> itemsOfLead(long j) {
    SplittableRandom lr = RandomStreams.of(settings.seed(), j, 0, Stream.LEAD, 0, 0);
    String state = STATES[pick(lr.nextDouble(), STATE_WEIGHTS)];
    int age = pick(lr.nextDouble(), AGE_WEIGHTS);
    int channel = pick(lr.nextDouble(), CHANNEL_WEIGHTS);
    boolean commercial = lr.nextDouble() < COMMERCIAL_SHARE;
    double multi = lr.nextDouble();
    double extra = lr.nextDouble();
    int count = multi < settings.registrations().multiItemLeadShare() ? 2 + (extra < 0.3 ? 1 : 0) + (extra < 0.1 ? 1 : 0) : 1;
    LocalDate first = calendar.dayFor(lr.nextDouble());
    // Most registrations happen between 07:00 and 23:00; a tenth at any time of day.
    int firstSecond = lr.nextDouble() < 0.9 ? 25200 + (int) (lr.nextDouble() * 57600) : (int) (lr.nextDouble() * 86400);
    List<ItemProfile> items = new ArrayList<>(count);
    for (int k = 1; k <= count; k++) {
      SplittableRandom ir = RandomStreams.of(settings.seed(), j, k, Stream.ITEM, 0, 0);
      LocalDate date = first;
      int second = firstSecond;
      double offset = ir.nextDouble();
      double timeDraw = ir.nextDouble();
      if (k > 1) {
        // Later items of the same lead register within 30 days of the first (not after the span's end).
        long days = Math.min((long) (offset * 30), Math.max(0, calendar.end().toEpochDay() - first.toEpochDay()));
        date = first.plusDays(days);
        second = days == 0 ? firstSecond + (int) (timeDraw * (86399 - firstSecond)) : 25200 + (int) (timeDraw * 57600);
      }
      int type = pick(ir.nextDouble(), ITEM_TYPE_WEIGHTS);
      double logValue = VALUE_MU + ITEM_TYPE_VALUE_SHIFT[type] + VALUE_SIGMA * gaussian(ir);
      double value = Math.round(Math.exp(logValue) * 100) / 100.0;
      double valueZ = (logValue - VALUE_MU) / VALUE_SIGMA;
      boolean fraud = ir.nextDouble() < FRAUD_SHARE;
      double observable = ITEM_TYPE_EFFECT[type] + 0.35 * valueZ + (commercial ? 0.5 : 0) + CHANNEL_EFFECT[channel]
          + AGE_EFFECT[age] + (fraud ? -2.0 : 0);
      Segment segment = drawSegment(ir.nextDouble(), valueZ, commercial, age, channel);
      double intent = gaussian(ir);
      double effect = SEGMENT_EFFECT[segment.ordinal()]
          * (segment == Segment.PERSUADABLE ? Math.max(0.2, 1 + 0.25 * valueZ) : 1.0);
      items.add(new ItemProfile(j, k, ItemProfile.leadId(j), ItemProfile.itemId(j, k), date, second, state,
          AGE_BANDS[age], CHANNELS[channel], commercial, ITEM_TYPES[type], value, fraud, segment, intent,
          observable + SEGMENT_BASE[segment.ordinal()], effect, observable / SCORE_SCALE));
    }
    return items;
  }

  /** Softmax segment choice: persuadables are valuable, middle-aged, private; sure things commercial or referred. */
  static Segment drawSegment(double u, double valueZ, boolean commercial, int age, int channel) {
    double[] logits = {
        0.5 + 0.5 * valueZ - 0.3 * (commercial ? 1 : 0) + (age == 1 || age == 2 ? 0.3 : 0),
        0.0 + 1.0 * (commercial ? 1 : 0) + (CHANNELS[channel].equals("referral") ? 0.3 : 0),
        -0.3 - 0.3 * valueZ + (CHANNELS[channel].equals("social") ? 0.5 : 0),
        -0.8 + (age >= 4 ? 0.8 : 0)};
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] w = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      w[i] = Math.exp(logits[i] - max);
    }
    return Segment.values()[pick(u, w)];
  }

  static int pick(double u, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i] / total;
      if (u < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Box-Muller from the item's own stream (two draws per normal; deterministic). */
  static double gaussian(SplittableRandom r) {
    double u1 = Math.max(r.nextDouble(), 1e-300);
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
