package io.upliftsuite.simulate;

import io.upliftsuite.simulate.DailyModel.OpenStage;
import io.upliftsuite.simulate.ItemSimulator.History;
import io.upliftsuite.simulate.ItemSimulator.Stage;

/**
 * The true potential outcomes of one item, computed exactly (no Monte-Carlo noise) by backward induction over the
 * simulator's Markov chain. Given the item's hidden profile, its future depends only on its stage at 9 AM:
 *
 * <pre>
 * V_t(s) = P(delivered within H days of registration | stage s at 9 AM of day t, existing policy from day t)
 * V_t(.) = 0 for t >= H (a shipment on day H or later arrives after the horizon)
 * V_t(registered) = sum over the day's first communication a, and whether it connects, of P(a) * [
 *                      h_a * V_{t+1}(label_sent) + max(0, 1 - h_a - abandon_a) * V_{t+1}(registered) ]
 * V_t(label_sent) = same with h_a * W(t) instead, W(t) = sum_l P(lag = l) * g(t + l),
 * g(day) = 1 if day < H; P(delivery time <= registration time of day) if day = H; 0 after.
 * </pre>
 *
 * The oracle of decision day d replaces the mixture over the day's first communication by exactly one: an AE-first
 * contact (channel and answer as the policy's mix) or no contact; days after d follow V_{d+1}. An item in transit at
 * 9 AM is certain to arrive on its (already drawn) day, so both potential outcomes are P(arrival day within H |
 * arrival not before d) over the transit-lag distribution - equal, since a contact cannot change a parcel in transit.
 */
public final class OracleCalculator {
  /** One oracle row: the item's potential outcomes for decision day {@code day}. */
  public record PotentialOutcomes(int day, double p90Contact, double p90NoContact, double p14Contact,
      double p14NoContact) {}

  private final DailyModel model;
  private final SimulationSettings s;

  public OracleCalculator(DailyModel model) {
    this.model = model;
    this.s = model.settings();
  }

  /** Potential outcomes for every day d in [oracle-first-day, oracle-last-day] on which the item is open at 9 AM. */
  public java.util.List<PotentialOutcomes> compute(ItemProfile item, History history) {
    double[][] longV = valueTable(item, s.horizonDays());
    double[][] shortV = valueTable(item, s.shortHorizonDays());
    java.util.List<PotentialOutcomes> out = new java.util.ArrayList<>();
    for (int d = s.oracleFirstDay(); d <= s.oracleLastDay() && d < s.maxDays(); d++) {
      Stage stage = history.stageAt9[d];
      if (stage == Stage.REGISTERED || stage == Stage.LABEL_SENT) {
        OpenStage open = stage == Stage.REGISTERED ? OpenStage.REGISTERED : OpenStage.LABEL_SENT;
        out.add(new PotentialOutcomes(d,
            forcedValue(item, open, d, true, longV, s.horizonDays()),
            forcedValue(item, open, d, false, longV, s.horizonDays()),
            forcedValue(item, open, d, true, shortV, s.shortHorizonDays()),
            forcedValue(item, open, d, false, shortV, s.shortHorizonDays())));
      } else if (stage == Stage.SHIPPED) {
        double p90 = inTransit(item, history.shipDay, d, s.horizonDays());
        double p14 = inTransit(item, history.shipDay, d, s.shortHorizonDays());
        out.add(new PotentialOutcomes(d, p90, p90, p14, p14));
      }
    }
    return out;
  }

  /** P(delivered within the horizon | stage at 9 AM of day d, forced first communication on day d). */
  public double potentialOutcome(ItemProfile item, Stage stage, int d, boolean contact, int horizon) {
    OpenStage open = stage == Stage.REGISTERED ? OpenStage.REGISTERED : OpenStage.LABEL_SENT;
    return forcedValue(item, open, d, contact, valueTable(item, horizon), horizon);
  }

  /** V[t][stage] for t = 0..horizon (V = 0 from the horizon on), under the existing policy. */
  double[][] valueTable(ItemProfile item, int horizon) {
    double[][] v = new double[horizon + 2][2];
    for (int t = horizon - 1; t >= 1; t--) {
      for (OpenStage open : OpenStage.values()) {
        double leadFirst = model.leadFirstProbability(item);
        double prescheduled = model.prescheduledProbability(item, t);
        double rest = 1 - leadFirst - prescheduled;
        double policy = model.policyContactProbability(item, open, t);
        double eta = model.hazardLogit(item, open, t);
        double value = leadFirst * step(open, eta, model.leadContactLift(), t, v, item, horizon)
            + prescheduled * contactStep(item, open, eta, t, s.policy().callConnectRate(), v, horizon)
            + rest * policy * contactStep(item, open, eta, t, model.connectedProbability(), v, horizon)
            + rest * (1 - policy) * step(open, eta, 0, t, v, item, horizon);
        v[t][open.ordinal()] = value;
      }
    }
    return v;
  }

  private double forcedValue(ItemProfile item, OpenStage open, int d, boolean contact, double[][] v, int horizon) {
    if (d >= horizon) {
      return 0;
    }
    double eta = model.hazardLogit(item, open, d);
    return contact ? contactStep(item, open, eta, d, model.connectedProbability(), v, horizon)
        : step(open, eta, 0, d, v, item, horizon);
  }

  private double contactStep(ItemProfile item, OpenStage open, double eta, int t, double pConnected, double[][] v,
      int horizon) {
    double effect = model.contactEffect(item, t);
    return pConnected * step(open, eta, effect, t, v, item, horizon)
        + (1 - pConnected) * step(open, eta, effect * model.unconnectedShare(), t, v, item, horizon);
  }

  /** Expected value after day t given the day's hazard logit before and the contact effect applied on it. */
  private double step(OpenStage open, double eta, double effect, int t, double[][] v, ItemProfile item, int horizon) {
    double h = DailyModel.logistic(eta + effect);
    double stay = Math.max(0, 1 - h - model.abandonProbability(effect));
    if (open == OpenStage.REGISTERED) {
      return h * v[t + 1][OpenStage.LABEL_SENT.ordinal()] + stay * v[t + 1][OpenStage.REGISTERED.ordinal()];
    }
    return h * shippedValue(item, t, horizon) + stay * v[t + 1][OpenStage.LABEL_SENT.ordinal()];
  }

  /** W(t): P(arrival within the horizon | shipped on day t). */
  static double shippedValue(ItemProfile item, int shipDay, int horizon) {
    double w = 0;
    for (int l = 1; l <= DailyModel.TRANSIT_LAG_PROBABILITIES.length; l++) {
      w += DailyModel.TRANSIT_LAG_PROBABILITIES[l - 1] * arrivesInTime(item, shipDay + l, horizon);
    }
    return w;
  }

  /** P(arrival within the horizon | shipped on shipDay, not arrived before 9 AM of day d). */
  static double inTransit(ItemProfile item, int shipDay, int d, int horizon) {
    double num = 0;
    double den = 0;
    for (int l = 1; l <= DailyModel.TRANSIT_LAG_PROBABILITIES.length; l++) {
      if (shipDay + l >= d) {
        num += DailyModel.TRANSIT_LAG_PROBABILITIES[l - 1] * arrivesInTime(item, shipDay + l, horizon);
        den += DailyModel.TRANSIT_LAG_PROBABILITIES[l - 1];
      }
    }
    return den == 0 ? 0 : num / den;
  }

  /** g(day): arrival on that day counts if before the horizon day, or on it no later than the registration time. */
  static double arrivesInTime(ItemProfile item, int arrivalDay, int horizon) {
    if (arrivalDay < horizon) {
      return 1;
    }
    if (arrivalDay > horizon) {
      return 0;
    }
    // deliverySecond = 36000 + floor(u * 28800) <= reg  <=>  u < (reg + 1 - 36000) / 28800
    double p = (item.registrationSecondOfDay() + 1.0 - DailyModel.DELIVERY_FIRST_SECOND)
        / DailyModel.DELIVERY_WINDOW_SECONDS;
    return Math.min(1, Math.max(0, p));
  }
}
