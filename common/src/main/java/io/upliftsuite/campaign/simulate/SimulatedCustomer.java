package io.upliftsuite.campaign.simulate;

import io.upliftsuite.simulate.RandomStreams;
import java.util.SplittableRandom;

/**
 * One simulated customer: observed features, the business's completion score, and the true potential outcomes under
 * every arm. Every draw comes from counter-based streams seeded by (seed, customer index), so a customer is the same
 * whatever the partitioning or the number of customers generated.
 *
 * <p>The model (docs/campaign.md): a latent engagement e ~ N(0, 1) drives orders in the last 12 months and recency;
 * deal affinity (discount_share) and basket size are independent of it. The completion logit is a baseline b(x) plus
 * an offer effect s(r) h(x) with s(r) = r/(r + half-saturation) saturating in the reward and h(x) positive for deal
 * seekers and lapsed customers and negative for full-price "premium" customers (whom an offer hurts: they complete
 * less often). A completing customer spends their basket, lifted a little by an offer; the reward is paid on
 * completion. So per arm k: P(complete) = p_k, E[sales] = p_k m_k, E[reward cost] = p_k r_k and E[revenue] =
 * p_k (m_k - r_k).
 */
public final class SimulatedCustomer {
  public static final String[] CHANNELS = {"app", "web", "store"};

  public final long index;
  public final double tenureMonths;
  public final double orders12m;
  public final double daysSinceLastOrder;
  public final double avgBasket;
  public final double discountShare;
  public final String channel;
  public final boolean newsletter;
  public final double completionScore;
  private final double baseLogit;
  private final double effectShape;
  private final CampaignWorld world;

  private SimulatedCustomer(long seed, long index, CampaignWorld w) {
    this.index = index;
    this.world = w;
    SplittableRandom r = RandomStreams.of(seed, index, 0, RandomStreams.Stream.LEAD, 0, 0);
    double engagement = gaussian(r);
    tenureMonths = 1 + Math.min(119, Math.floor(-30 * Math.log(1 - r.nextDouble())));
    orders12m = Math.min(50, poisson(r, Math.exp(0.8 + 0.6 * engagement)));
    daysSinceLastOrder = Math.min(730, Math.rint(-60 * Math.exp(-0.5 * engagement) * Math.log(1 - r.nextDouble())));
    avgBasket = w.basket().median() * Math.exp(w.basket().spread() * gaussian(r));
    discountShare = sigmoid(-1.2 + 1.1 * gaussian(r));
    double u = r.nextDouble();
    channel = u < 0.4 ? CHANNELS[0] : u < 0.85 ? CHANNELS[1] : CHANNELS[2];
    newsletter = r.nextDouble() < 0.5 + 0.2 * Math.tanh(engagement);
    CampaignWorld.Completion c = w.completion();
    baseLogit = c.intercept() + c.ordersWeight() * Math.log1p(orders12m) + c.recencyWeight() * daysSinceLastOrder
        + (channel.equals("app") ? c.appShift() : 0) + (channel.equals("store") ? c.storeShift() : 0)
        + (newsletter ? c.newsletterShift() : 0);
    CampaignWorld.Effect e = w.effect();
    boolean lapsed = daysSinceLastOrder > e.lapsedDays();
    boolean premium = avgBasket > e.premiumBasket() && discountShare < e.premiumMaxDealShare();
    effectShape = e.scale() * (e.dealWeight() * discountShare + (lapsed ? e.lapsedWeight() : 0)
        - (premium ? e.premiumPenalty() : 0) + e.offset());
    completionScore = sigmoid(baseLogit + w.scoreNoise() * gaussian(r));
  }

  public static SimulatedCustomer draw(long seed, long index, CampaignWorld world) {
    return new SimulatedCustomer(seed, index, world);
  }

  public static String id(long index) {
    return String.format("C%09d", index);
  }

  /** Saturating reward response s(r) = r / (r + half-saturation); 0 for control. */
  double saturation(double reward) {
    return reward / (reward + world.effect().halfSaturation());
  }

  /** P(complete | x, an arm paying {@code reward}). */
  public double completionProbability(double reward) {
    return sigmoid(baseLogit + saturation(reward) * effectShape);
  }

  /** Expected basket of a completing customer under an arm paying {@code reward}. */
  public double expectedBasket(double reward) {
    return avgBasket * (1 + world.basket().offerLift() * saturation(reward) * discountShare);
  }

  /** Expected outcomes under an arm: {completion probability, sales, reward cost, revenue}. */
  public double[] expected(double reward) {
    double p = completionProbability(reward);
    double m = expectedBasket(reward);
    return new double[] {p, p * m, p * reward, p * (m - reward)};
  }

  /** One realised draw under an arm: {completed 0/1, sales, reward cost, revenue}; same seed, same draw. */
  public double[] realised(long seed, double reward) {
    SplittableRandom r = RandomStreams.of(seed, index, 0, RandomStreams.Stream.DAY, 0, 0);
    boolean completed = r.nextDouble() < completionProbability(reward);
    double sigma = world.basket().noise();
    double noise = Math.exp(sigma * gaussian(r) - sigma * sigma / 2);
    double sales = completed ? expectedBasket(reward) * noise : 0.0;
    double cost = completed ? reward : 0.0;
    return new double[] {completed ? 1 : 0, sales, cost, sales - cost};
  }

  /** The arm index drawn with the given cumulative assignment probabilities. */
  public int assignedArm(long seed, double[] cumulative) {
    double u = RandomStreams.of(seed, index, 0, RandomStreams.Stream.ASSIGNMENT, 0, 0).nextDouble();
    for (int k = 0; k < cumulative.length - 1; k++) {
      if (u < cumulative[k]) {
        return k;
      }
    }
    return cumulative.length - 1;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double gaussian(SplittableRandom r) {
    // Box-Muller from two uniforms of the customer's stream (SplittableRandom has no nextGaussian).
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static int poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean);
    double product = r.nextDouble();
    int k = 0;
    while (product > limit && k < 1000) {
      product *= r.nextDouble();
      k++;
    }
    return k;
  }
}
