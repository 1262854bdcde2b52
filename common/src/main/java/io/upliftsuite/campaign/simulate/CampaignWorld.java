package io.upliftsuite.campaign.simulate;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfigException;
import java.io.Serializable;

/**
 * Every parameter of the simulated promotion campaign, read from {@code campaign.simulate} (conf/campaign.conf
 * documents each key; docs/campaign.md the model). Serializable: executors receive it inside the task closure.
 */
public record CampaignWorld(long customers, int partitions, Completion completion, Effect effect, Basket basket,
    double scoreNoise) implements Serializable {

  /** Baseline completion logit: intercept + orders-weight ln(1 + orders) + recency-weight days + channel/newsletter. */
  public record Completion(double intercept, double ordersWeight, double recencyWeight, double appShift,
      double storeShift, double newsletterShift) implements Serializable {}

  /**
   * Offer effect on the completion logit: scale * r/(r + half-saturation) * (deal-weight * discount_share +
   * lapsed-weight [days since last order > lapsed-days] - premium-penalty [avg_basket > premium-basket and
   * discount_share < premium-max-deal-share] + offset).
   */
  public record Effect(double scale, double halfSaturation, double dealWeight, double lapsedWeight, double lapsedDays,
      double premiumPenalty, double premiumBasket, double premiumMaxDealShare, double offset)
      implements Serializable {}

  /** Basket of a completing customer: median and log-spread of avg_basket, per-order noise, offers' basket lift. */
  public record Basket(double median, double spread, double noise, double offerLift) implements Serializable {}

  public static CampaignWorld from(Config simulate) {
    Config c = simulate.getConfig("completion");
    Config e = simulate.getConfig("effect");
    Config b = simulate.getConfig("basket");
    CampaignWorld w = new CampaignWorld(simulate.getLong("customers"), simulate.getInt("partitions"),
        new Completion(c.getDouble("intercept"), c.getDouble("orders-weight"), c.getDouble("recency-weight"),
            c.getDouble("app-shift"), c.getDouble("store-shift"), c.getDouble("newsletter-shift")),
        new Effect(e.getDouble("scale"), e.getDouble("half-saturation"), e.getDouble("deal-weight"),
            e.getDouble("lapsed-weight"), e.getDouble("lapsed-days"), e.getDouble("premium-penalty"),
            e.getDouble("premium-basket"), e.getDouble("premium-max-deal-share"), e.getDouble("offset")),
        new Basket(b.getDouble("median"), b.getDouble("spread"), b.getDouble("noise"), b.getDouble("offer-lift")),
        simulate.getDouble("score-noise"));
    if (w.customers() < 1) {
      throw new SuiteConfigException("campaign.simulate.customers must be >= 1, got " + w.customers());
    }
    if (!(w.effect().halfSaturation() > 0)) {
      throw new SuiteConfigException("campaign.simulate.effect.half-saturation must be > 0, got "
          + w.effect().halfSaturation());
    }
    if (!(w.basket().median() > 0) || w.basket().spread() < 0 || w.basket().noise() < 0) {
      throw new SuiteConfigException("campaign.simulate.basket: median must be > 0 and spread, noise >= 0");
    }
    if (w.scoreNoise() < 0) {
      throw new SuiteConfigException("campaign.simulate.score-noise must be >= 0, got " + w.scoreNoise());
    }
    return w;
  }
}
