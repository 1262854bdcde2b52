package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.logs.RawTables;
import io.upliftsuite.simulate.CrmSimulator;
import io.upliftsuite.simulate.SimulatedTables;
import io.upliftsuite.simulate.SimulationSettings;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * On simulator data (a few hundred items of the tiny profile), the logs pass every input check, every episode joins
 * to its oracle row, and no day the logs show as closed has one (the simulator's oracle covers exactly the days on
 * which the item is open at 9 AM).
 */
class SimulatorOracleJoinTest {
  @Test
  void everyEpisodeJoinsToItsOracleRow() {
    SparkSession spark = SparkTestSession.get();
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of("simulate.profiles.tiny.items=400"));
    SimulatedTables sim = CrmSimulator.on(spark)
        .settings(SimulationSettings.from(config.section("simulate"), config.seed(), "tiny")).generate();
    // Materialise each table once: the simulator's tables are lazy and every Spark job would re-simulate.
    RawLogs logs = new RawLogs(sim.table(RawTables.LEADS).localCheckpoint(),
        sim.table(RawTables.ITEMS).localCheckpoint(), sim.table(RawTables.STAGE_EVENTS).localCheckpoint(),
        sim.table(RawTables.COMMUNICATIONS).localCheckpoint(), sim.table(RawTables.DELIVERIES).localCheckpoint());
    logs.validate();

    EpisodeOptions options = EpisodeOptions.fromConfig(config.section("episodes"));
    Dataset<Row> items = EpisodeLabelling.scopedItems(logs, options.scope())
        .where(col(EpisodeLabelling.SCOPE_REASON).isNull());
    Dataset<Row> labelled = EpisodeLabelling.labelDays(items, logs, options, logs.latestTimestampMicros())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> oracle = sim.table(SimulatedTables.ORACLE_EPISODES).localCheckpoint()
        .select(col("item_id").as("o_item"), col("decision_day").as("o_day"), lit(true).as("in_oracle"));
    Dataset<Row> joined = labelled.join(oracle,
        col("item_id").equalTo(col("o_item")).and(col("decision_day").equalTo(col("o_day"))), "left");

    long episodes = labelled.where(col(EpisodeLabelling.STATUS).isNull()).count();
    long episodesWithoutOracle = joined.where(col(EpisodeLabelling.STATUS).isNull().and(col("in_oracle").isNull()))
        .count();
    long closedDaysWithOracle = joined.where(col(EpisodeLabelling.STATUS)
        .isin("delivered_before_day", "abandoned_before_day").and(col("in_oracle"))).count();
    labelled.unpersist();

    assertThat(episodes).isGreaterThan(500);
    assertThat(episodesWithoutOracle).isZero();
    assertThat(closedDaysWithOracle).isZero();
  }
}
