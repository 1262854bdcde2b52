package io.upliftsuite.simulate;

import java.io.Serializable;
import java.time.DayOfWeek;

/**
 * The probabilities of one item's day, shared by the simulator (which draws from them) and the oracle (which
 * integrates over them), so the two cannot drift apart. Day {@code t} counts calendar days since registration.
 *
 * <pre>
 * hazard(stage, t, e) = logistic(intercept(stage) + featureLogit - decay * ln(1 + t) + weekday(stage, t)
 *                                + hazardWeight * intent [confounding on] + e)
 * abandon(e) = abandonProbability + annoyance * max(0, -e)
 * e = contact effect: effectLogit * scale * 0.5^((t - 1) / halfLife) (t >= 1; day 0: * day0Share), times
 *     unconnectedShare when the call is not answered / the e-mail not opened; leadContactLift on lead-first days.
 * P(AE-first contact | no lead-first / prescheduled contact) = capacity(weekday) * logistic(logit(day1Rate)
 *     + scoreWeight * leadScore + labelSentShift * [stage = label_sent] - decay * ln(t) + policyWeight * intent)
 * </pre>
 */
public final class DailyModel implements Serializable {
  /** The stages in which the lead still has to act (an item in transit or closed has no hazard). */
  public enum OpenStage { REGISTERED, LABEL_SENT }

  private final SimulationSettings s;
  private final double day1Logit;
  private final double leadFirstLogit;

  public DailyModel(SimulationSettings settings) {
    this.s = settings;
    this.day1Logit = logit(settings.policy().day1ContactRate());
    this.leadFirstLogit = logit(Math.max(1e-9, settings.policy().leadFirstRate()));
  }

  public SimulationSettings settings() {
    return s;
  }

  /** Logit of the lead's next step on day t, before any contact effect. */
  public double hazardLogit(ItemProfile item, OpenStage stage, int t) {
    var d = s.delivery();
    double x = (stage == OpenStage.REGISTERED ? d.registeredIntercept() : d.labelSentIntercept())
        + item.featureLogit() - d.decay() * Math.log1p(t);
    if (stage == OpenStage.LABEL_SENT) {
      DayOfWeek dow = item.dayOfWeek(t);
      x += dow == DayOfWeek.SATURDAY ? d.saturdayShift() : dow == DayOfWeek.SUNDAY ? d.sundayShift() : 0;
    }
    if (s.confounding().enabled()) {
      x += s.confounding().hazardWeight() * item.intent();
    }
    return x;
  }

  /** Logit effect of a connected AE contact on day t (strongest on day 1, halving every half-life days). */
  public double contactEffect(ItemProfile item, int t) {
    var e = s.effect();
    double base = item.effectLogit() * e.scale();
    return t <= 0 ? base * e.day0Share() : base * Math.pow(0.5, (t - 1) / e.halfLifeDays());
  }

  public double unconnectedShare() {
    return s.effect().unconnectedShare();
  }

  /** Probability that an AE contact is answered (call) or opened (e-mail), over the channel mix. */
  public double connectedProbability() {
    var p = s.policy();
    return p.callShare() * p.callConnectRate() + (1 - p.callShare()) * p.emailOpenRate();
  }

  /** The existing policy: probability of an AE-first contact on day t >= 1 when nothing else came first. */
  public double policyContactProbability(ItemProfile item, OpenStage stage, int t) {
    var p = s.policy();
    double x = day1Logit + p.scoreWeight() * item.leadScore() + (stage == OpenStage.LABEL_SENT ? p.labelSentShift() : 0)
        - p.decay() * Math.log(Math.max(1, t));
    if (s.confounding().enabled()) {
      x += s.confounding().policyWeight() * item.intent();
    }
    return capacity(item.dayOfWeek(t)) * logistic(x);
  }

  /** Probability that the lead's own contact is the day's first non-system communication. */
  public double leadFirstProbability(ItemProfile item) {
    if (s.policy().leadFirstRate() <= 0) {
      return 0;
    }
    double x = leadFirstLogit + (s.confounding().enabled() ? s.confounding().leadContactWeight() * item.intent() : 0);
    return logistic(x);
  }

  /** Probability that a prescheduled AE call is the day's first communication (AEs do not schedule weekends). */
  public double prescheduledProbability(ItemProfile item, int t) {
    DayOfWeek dow = item.dayOfWeek(t);
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0 : s.policy().prescheduledRate();
  }

  /**
   * Probability that the lead gives up today. A contact with a negative effect (sleeping dogs) also annoys: each unit
   * of negative logit effect adds {@code effect.annoyance} to today's abandonment probability.
   */
  public double abandonProbability(double appliedEffect) {
    return Math.min(1, s.delivery().abandonProbability() + s.effect().annoyance() * Math.max(0, -appliedEffect));
  }

  public double leadContactLift() {
    return s.delivery().leadContactLift();
  }

  private double capacity(DayOfWeek dow) {
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? s.policy().weekendCapacity() : 1.0;
  }

  /** Transit days after shipping: P(lag = 1..5). */
  static final double[] TRANSIT_LAG_PROBABILITIES = {0.15, 0.35, 0.25, 0.15, 0.10};

  static int transitLag(double u) {
    double acc = 0;
    for (int i = 0; i < TRANSIT_LAG_PROBABILITIES.length; i++) {
      acc += TRANSIT_LAG_PROBABILITIES[i];
      if (u < acc) {
        return i + 1;
      }
    }
    return TRANSIT_LAG_PROBABILITIES.length;
  }

  /** Carriers deliver between 10:00 and 18:00 local time. */
  static final int DELIVERY_FIRST_SECOND = 36000;
  static final int DELIVERY_WINDOW_SECONDS = 28800;

  static int deliverySecond(double u) {
    return DELIVERY_FIRST_SECOND + (int) (u * DELIVERY_WINDOW_SECONDS);
  }

  public static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
