package io.upliftsuite.campaign.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.campaign.CampaignSettings;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The campaign simulator: deterministic, partition-independent, and its realised outcomes agree with its oracle. */
class CampaignSimulatorTest {
  private final SparkSession spark = SparkTestSession.get();

  private static SuiteConfig config(String... overrides) {
    return SuiteConfig.load("local", List.of(), List.of(overrides));
  }

  private CampaignSimulator simulator(long customers, int partitions, long seed) {
    SuiteConfig c = config("suite.seed=" + seed, "campaign.simulate.customers=" + customers,
        "campaign.simulate.partitions=" + partitions);
    return CampaignSimulator.on(spark).settings(CampaignSettings.from(c))
        .world(CampaignWorld.from(c.section("campaign.simulate")));
  }

  @Test
  void theSameSeedGivesTheSameRowsOnAnyPartitioningAndAnotherSeedOthers() {
    List<Row> two = simulator(2000, 2, 7).experiment().orderBy("customer_id").collectAsList();
    List<Row> five = simulator(2000, 5, 7).experiment().orderBy("customer_id").collectAsList();
    List<Row> other = simulator(2000, 2, 8).experiment().orderBy("customer_id").collectAsList();
    assertThat(five).isEqualTo(two);
    assertThat(other).isNotEqualTo(two);
    // The first 1000 customers of a 2000-customer run are the customers of a 1000-customer run.
    assertThat(simulator(1000, 3, 7).experiment().orderBy("customer_id").collectAsList())
        .isEqualTo(two.subList(0, 1000));
    assertThat(simulator(1000, 3, 7).oracle().count()).isEqualTo(4000);
  }

  @Test
  void realisedOutcomesAgreeWithTheOracleAndArmsWithTheirProbabilities() {
    long n = 20000;
    CampaignSimulator sim = simulator(n, 4, 11);
    Dataset<Row> experiment = sim.experiment();
    // Per row: a completed customer pays the arm's reward, revenue is sales minus the reward, no sale without one.
    assertThat(experiment.where("revenue <> sales - reward_cost or (completed = 0 and (sales <> 0 or reward_cost "
        + "<> 0)) or (completed = 1 and reward_cost <> case arm when 'control' then 0 when 'reward_5' then 5 "
        + "when 'reward_10' then 10 else 20 end)").count()).isZero();
    Dataset<Row> oracle = sim.oracle().withColumnRenamed("arm", "oracle_arm");
    List<Row> perArm = experiment.join(oracle, experiment.col("customer_id").equalTo(oracle.col("customer_id"))
            .and(experiment.col("arm").equalTo(oracle.col("oracle_arm"))))
        .groupBy("arm").agg(org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.avg(experiment.col("revenue")),
            org.apache.spark.sql.functions.stddev(experiment.col("revenue")),
            org.apache.spark.sql.functions.avg(oracle.col("revenue")),
            org.apache.spark.sql.functions.avg(experiment.col("completed")),
            org.apache.spark.sql.functions.avg(oracle.col("completion")))
        .orderBy("arm").collectAsList();
    assertThat(perArm).hasSize(4);
    for (Row r : perArm) {
      long count = r.getLong(1);
      // Each arm has probability 1/4: the count is within 4 standard deviations of n/4.
      assertThat(Math.abs(count - n / 4.0)).as("customers on %s", r.getString(0))
          .isLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
      // The realised mean revenue of the arm's customers estimates their mean expected revenue (the oracle):
      // within 4 standard errors of the realised values.
      double se = r.getDouble(3) / Math.sqrt(count);
      assertThat(Math.abs(r.getDouble(2) - r.getDouble(4))).as("revenue of %s", r.getString(0)).isLessThan(4 * se);
      double p = r.getDouble(6);
      assertThat(Math.abs(r.getDouble(5) - p)).as("completion of %s", r.getString(0))
          .isLessThan(4 * Math.sqrt(p * (1 - p) / count));
    }
  }

  @Test
  void effectsAreHeterogeneousAndTheBiggestOfferHurtsSomeCustomers() {
    SuiteConfig c = config();
    CampaignWorld world = CampaignWorld.from(c.section("campaign.simulate"));
    int hurt = 0;
    int helped = 0;
    int premiumHurt = 0;
    int premium = 0;
    int n = 20000;
    for (long i = 0; i < n; i++) {
      SimulatedCustomer x = SimulatedCustomer.draw(3, i, world);
      double effect = x.completionProbability(20) - x.completionProbability(0);
      hurt += effect < 0 ? 1 : 0;
      helped += effect > 0.05 ? 1 : 0;
      if (x.avgBasket > 90 && x.discountShare < 0.15) {
        premium++;
        premiumHurt += effect < 0 ? 1 : 0;
      }
    }
    // By the model's parameters the offer effect is negative for premium customers (penalty 1.4 > offset and deal
    // terms they can have) and positive for deal seekers; both groups are sizeable.
    assertThat(hurt).isGreaterThan(n / 10);
    assertThat(helped).isGreaterThan(n / 10);
    assertThat(premiumHurt).isEqualTo(premium).isPositive();
  }
}
