package io.upliftsuite.simulate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.logs.RawTables;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulate action on Spark: contract schemas, consistency of the logs with the 9 AM episode rule, determinism. */
class CrmSimulatorTest {
  private static SparkSession spark;
  private static Path warehouse;
  private static SimulationSettings settings;
  private static CrmSimulator.Result result;

  @BeforeAll
  static void simulateTinyProfile() {
    spark = SparkTestSession.get();
    warehouse = SparkTestSession.tempDir("simulator");
    settings = SimulatorFixtures.tiny().withPartitions(3);
    result = CrmSimulator.on(spark).settings(settings)
        .execute(CrmSimulatorTest::location, WriteContext.of("simulate", LocalDate.of(2021, 6, 1)));
    for (String name : result.rows().keySet()) {
      spark.read().format("delta").load(location(name).path()).createOrReplaceTempView("sim_" + name);
    }
  }

  private static TableLocation location(String name) {
    return new TableLocation(name, warehouse.resolve(name).toString(), TableFormat.DELTA);
  }

  private static Dataset<Row> read(String name) {
    return spark.table("sim_" + name);
  }

  private static double scalar(String sql) {
    Row r = spark.sql(sql).first();
    return ((Number) r.get(0)).doubleValue();
  }

  @Test
  void rawTablesFollowTheContractAndCountsMatchWhatWasWritten() {
    for (String table : RawTables.ALL) {
      long rows = RawTables.validate(table, read(table));
      assertThat(rows).as(table).isEqualTo(result.rows().get(table)).isPositive();
    }
    assertThat(read(SimulatedTables.ORACLE_EPISODES).schema()).isEqualTo(SimulatedTables.ORACLE_EPISODES_SCHEMA);
    assertThat(result.rows().get(RawTables.ITEMS)).isBetween(1300L, 1700L);
    assertThat(scalar("select count(distinct lead_id) / count(*) from sim_items")).isBetween(0.7, 0.9);
    assertThat(scalar("select count(*) from sim_items i left anti join sim_leads l using (lead_id)")).isZero();
  }

  @Test
  void noLeadOrAeCommunicationHappensBefore9AmOfAnyDecisionDay() {
    double early = scalar("select count(*) from sim_communications c join sim_items i using (item_id) "
        + "where c.initiator <> 'system' and to_date(c.event_ts) > to_date(i.registered_at) and hour(c.event_ts) < 9");
    double total = scalar("select count(*) from sim_communications where initiator <> 'system'");
    assertThat(early).isZero();
    assertThat(total).isGreaterThan(1000);
    assertThat(scalar("select count(*) from sim_communications where initiator = 'system' and hour(event_ts) < 9"))
        .as("automatic messages do go out before 9 AM").isPositive();
  }

  @Test
  void dayOneContactRateOnWeekdaysIsNearTheConfiguredRate() {
    // The episode rule on the raw logs: first non-system communication of day 1; AE-first and not prescheduled = 1,
    // none = 0, otherwise excluded. Only items still waiting for the lead at 9 AM of day 1 (almost all).
    spark.sql("select i.item_id, i.registered_at, date_add(to_date(i.registered_at), 1) as day1 from sim_items i")
        .createOrReplaceTempView("sim_day1");
    spark.sql("select d.item_id, d.day1, "
        + "min(case when c.item_id is not null then struct(c.event_ts, c.initiator, c.prescheduled) end) as first "
        + "from sim_day1 d left join sim_communications c on c.item_id = d.item_id and c.initiator <> 'system' "
        + "and to_date(c.event_ts) = d.day1 group by d.item_id, d.day1").createOrReplaceTempView("sim_first1");
    spark.sql("select f.*, dayofweek(f.day1) as dow from sim_first1 f left anti join sim_stage_events s "
        + "on s.item_id = f.item_id and s.stage in ('delivered', 'abandoned') "
        + "and s.event_ts < to_timestamp(concat(cast(f.day1 as string), ' 09:00:00'))")
        .createOrReplaceTempView("sim_open1");
    String eligible = "(first is null or (first.initiator = 'ae' and not first.prescheduled))";
    String contacted = "(first is not null and first.initiator = 'ae' and not first.prescheduled)";
    double weekday = scalar("select avg(case when " + contacted + " then 1.0 else 0.0 end) from sim_open1 "
        + "where " + eligible + " and dow between 2 and 6");
    double weekend = scalar("select avg(case when " + contacted + " then 1.0 else 0.0 end) from sim_open1 "
        + "where " + eligible + " and dow in (1, 7)");
    double excluded = scalar("select avg(case when " + eligible + " then 0.0 else 1.0 end) from sim_open1");
    assertThat(weekday).isCloseTo(settings.policy().day1ContactRate(), org.assertj.core.data.Offset.offset(0.06));
    assertThat(weekend).as("AE capacity is lower at the weekend").isLessThan(weekday * 0.6);
    assertThat(excluded).as("lead-first or prescheduled-first days").isBetween(0.04, 0.15);
  }

  @Test
  void deliveryRatesArePlausibleAndRegistrationsShowWeeklySeasonality() {
    // Items whose 90 days ended before the extract (2021-05-31 end of day).
    double delivered90 = scalar("select avg(case when d.delivered_at <= i.registered_at + interval 90 days "
        + "then 1.0 else 0.0 end) from sim_items i left join sim_deliveries d using (item_id) "
        + "where i.registered_at < timestamp'2021-03-01 00:00:00'");
    double delivered14 = scalar("select avg(case when d.delivered_at <= i.registered_at + interval 14 days "
        + "then 1.0 else 0.0 end) from sim_items i left join sim_deliveries d using (item_id) "
        + "where i.registered_at < timestamp'2021-05-01 00:00:00'");
    assertThat(delivered90).isBetween(0.3, 0.65);
    assertThat(delivered14).isBetween(0.15, delivered90 - 0.05);
    double weekendPerDay = scalar("select count(*) / 2 from sim_items where dayofweek(registered_at) in (1, 7)");
    double weekdayPerDay = scalar("select count(*) / 5 from sim_items where dayofweek(registered_at) between 2 and 6");
    assertThat(weekendPerDay / weekdayPerDay).isBetween(0.45, 0.8);
    assertThat(scalar("select count(*) from sim_stage_events where stage = 'delivered'"))
        .isEqualTo(scalar("select count(*) from sim_deliveries"));
  }

  @Test
  void oracleMatchesTheExactCalculationAndCoversOpenItems() {
    assertThat(scalar("select count(*) from sim_oracle_episodes where p_delivery_90d_contact < 0 "
        + "or p_delivery_90d_contact > 1 or p_delivery_14d_no_contact > p_delivery_90d_no_contact + 1e-12"))
        .isZero();
    assertThat(scalar("select count(distinct item_id) / (select count(*) from sim_items) from sim_oracle_episodes "
        + "where decision_day = 1")).isGreaterThan(0.95);
    // Spot-check one row against the oracle computed directly for that item.
    ItemProfile item = SimulatorFixtures.items(settings, 5, 1).get(0);
    DailyModel model = new DailyModel(settings);
    ItemSimulator.History h = new ItemSimulator(model).simulate(item, null, null);
    OracleCalculator.PotentialOutcomes expected = new OracleCalculator(model).compute(item, h).get(0);
    Row row = read(SimulatedTables.ORACLE_EPISODES).where(col("item_id").equalTo(item.itemId())
        .and(col("decision_day").equalTo(expected.day()))).first();
    assertThat(row.getDouble(2)).isEqualTo(expected.p90Contact());
    assertThat(row.getDouble(5)).isEqualTo(expected.p14NoContact());
  }

  @Test
  void sameSeedGivesIdenticalTablesWhateverThePartitioningAndAnotherSeedDoesNot() {
    SimulationSettings small = settings.withProfileSize(250, settings.registrationStart(), settings.registrationEnd());
    SimulatedTables one = CrmSimulator.on(spark).settings(small.withPartitions(1)).generate();
    SimulatedTables four = CrmSimulator.on(spark).settings(small.withPartitions(4)).generate();
    SimulatedTables otherSeed = CrmSimulator.on(spark).settings(small.withSeed(7).withPartitions(4)).generate();
    // One order-independent fingerprint per table (row count and sum of row hashes) in one pass per run.
    Map<Integer, String> reference = fingerprint(one);
    assertThat(fingerprint(four)).isEqualTo(reference).hasSize(one.names().size());
    Map<Integer, String> other = fingerprint(otherSeed);
    for (int tag = 0; tag < one.names().size(); tag++) {
      assertThat(other.get(tag)).as(one.names().get(tag)).isNotEqualTo(reference.get(tag));
    }
  }

  private static Map<Integer, String> fingerprint(SimulatedTables tables) {
    Map<Integer, String> out = new java.util.TreeMap<>();
    for (Row r : tables.union().groupBy("tag")
        .agg(org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.xxhash64(col("*")).cast("decimal(38,0)")))
        .collectAsList()) {
      out.put(r.getInt(0), r.getLong(1) + "/" + r.get(2));
    }
    return out;
  }

  @Test
  void experimentModeFollowsRecommendationsInTheTreatmentArmOnlyAndRecordsTheTruth() {
    SimulationSettings s = settings.withProfileSize(800, LocalDate.of(2020, 11, 1), LocalDate.of(2021, 3, 31));
    // Items of even leads are treated, odd ones control; every day 1..14 recommends a contact (ids of items that do
    // not exist are ignored).
    Dataset<Row> recs = spark.range(0, 700).selectExpr(
            "concat('I', lpad(cast(id as string), 8, '0'), '-1') as item_id",
            "case when id % 2 = 0 then 'treatment' else 'control' end as arm")
        .unionAll(spark.sql("select 'not-an-item' as item_id, 'treatment' as arm"))
        .crossJoin(spark.range(1, 15).selectExpr("cast(id as int) as decision_day"))
        .selectExpr("item_id", "decision_day", "1 as recommend_contact", "arm");
    SimulatedTables plain = CrmSimulator.on(spark).settings(s).generate();
    SimulatedTables experiment = CrmSimulator.on(spark).settings(s).recommendations(recs, "recommendations").generate();
    Dataset<Row> arms = experiment.table(SimulatedTables.EXPERIMENT_ASSIGNMENTS);
    arms.createOrReplaceTempView("exp_arms");
    recs.createOrReplaceTempView("exp_recs");
    experiment.table(RawTables.ITEMS).createOrReplaceTempView("exp_items");
    // every simulated item of the table is in the experiment, with the table's arm
    assertThat(scalar("select count(*) from exp_arms")).isPositive().isEqualTo(scalar(
        "select count(distinct r.item_id) from exp_recs r join exp_items i on r.item_id = i.item_id"));
    assertThat(scalar("select count(*) from exp_arms a join (select distinct item_id, arm from exp_recs) r "
        + "on a.item_id = r.item_id where a.arm <> r.arm")).isZero();
    assertThat(scalar("select min(recommendations_followed) from exp_arms where arm = 'control'")).isZero();
    assertThat(scalar("select avg(recommendations_followed) from exp_arms where arm = 'treatment'"))
        .isGreaterThan(0.5);
    // Control items (and items outside the experiment) have exactly the logs they have without the experiment.
    plain.table(RawTables.COMMUNICATIONS).createOrReplaceTempView("plain_comms");
    experiment.table(RawTables.COMMUNICATIONS).createOrReplaceTempView("exp_comms");
    String controlOnly = " where item_id not in (select item_id from exp_arms where arm = 'treatment')";
    assertThat(scalar("select count(*) from ((select * from plain_comms" + controlOnly + ") except all "
        + "(select * from exp_comms" + controlOnly + "))")).isZero();
    double treatedAe = scalar("select count(*) from exp_comms where initiator = 'ae' and item_id in "
        + "(select item_id from exp_arms where arm = 'treatment')");
    double plainAe = scalar("select count(*) from plain_comms where initiator = 'ae' and item_id in "
        + "(select item_id from exp_arms where arm = 'treatment')");
    assertThat(treatedAe).as("following 'contact' recommendations adds AE contacts").isGreaterThan(plainAe * 1.2);

    // The truth at the entry day (day 1): the oracle's potential outcomes of that day, and c * (pi - e) * (p1 - p0).
    experiment.table(SimulatedTables.ORACLE_EPISODES).createOrReplaceTempView("exp_oracle");
    assertThat(scalar("select count(*) from exp_arms where entry_day <> 1 or recommend_contact <> 1")).isZero();
    assertThat(scalar("select count(*) from exp_arms a join exp_oracle o on a.item_id = o.item_id "
        + "and o.decision_day = 1 where a.p_delivery_14d_contact <> o.p_delivery_14d_contact "
        + "or a.p_delivery_90d_no_contact <> o.p_delivery_90d_no_contact")).isZero();
    assertThat(scalar("select count(*) from exp_arms where true_effect_14d is not null and abs(true_effect_14d - "
        + "compliance_rate * (recommend_contact - policy_contact_probability) * (p_delivery_14d_contact - "
        + "p_delivery_14d_no_contact)) > 1e-15")).isZero();
    assertThat(scalar("select count(*) from exp_arms where compliance_rate <> 0.8")).isZero();
    // no truth exactly for items not open at 9 AM of day 1 (no oracle row, or in transit: equal potential outcomes)
    assertThat(scalar("select count(*) from exp_arms where true_effect_90d is null"))
        .isLessThan(scalar("select count(*) from exp_arms"))
        .isEqualTo(scalar("select count(*) from exp_arms a left join exp_oracle o on a.item_id = o.item_id "
            + "and o.decision_day = 1 where o.item_id is null "
            + "or o.p_delivery_90d_contact = o.p_delivery_90d_no_contact"));
  }

  @Test
  void recommendationsWithABadValueAreRejectedNamingTableColumnAndCount() {
    Dataset<Row> bad = spark.sql("select 'I00000001-1' as item_id, 1 as decision_day, 2 as recommend_contact, "
        + "'treatment' as arm union all select 'I00000002-1', 1, 1, 'control'");
    assertThatThrownBy(() -> CrmSimulator.on(spark).settings(settings).recommendations(bad, "my_recs").generate())
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("my_recs").hasMessageContaining("recommend_contact").hasMessageContaining("1");
  }
}
