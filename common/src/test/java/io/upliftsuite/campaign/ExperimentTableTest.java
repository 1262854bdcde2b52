package io.upliftsuite.campaign;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.campaign.simulate.CampaignSimulator;
import io.upliftsuite.campaign.simulate.CampaignWorld;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The experiment table contract: what the simulator writes passes; every broken rule is named with its count. */
class ExperimentTableTest {
  private static SparkSession spark;
  private static CampaignSettings settings;
  private static Dataset<Row> experiment;

  @BeforeAll
  static void simulate() {
    spark = SparkTestSession.get();
    SuiteConfig c = SuiteConfig.load("local", List.of(), List.of("campaign.simulate.customers=400",
        "campaign.simulate.partitions=2"));
    settings = CampaignSettings.from(c);
    experiment = CampaignSimulator.on(spark).settings(settings).world(CampaignWorld.from(c.section("campaign.simulate")))
        .experiment().cache();
  }

  private static String error(Dataset<Row> rows) {
    try {
      ExperimentTable.validate(rows, "campaign_experiment", settings);
    } catch (InputValidationException e) {
      return e.getMessage();
    }
    return "no error";
  }

  @Test
  void theSimulatedTableMeetsTheContractAndItsArmsMatchTheProbabilities() {
    ExperimentTable.Validated v = ExperimentTable.validate(experiment, "campaign_experiment", settings);
    assertThat(v.count()).isEqualTo(400);
    assertThat(v.armCounts().keySet()).containsExactly("control", "reward_5", "reward_10", "reward_20");
    assertThat(v.armCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    assertThat(v.sampleRatioPValue()).isGreaterThan(1e-3);
  }

  @Test
  void brokenRowsAreNamedWithTableColumnAndCount() {
    Column firstThree = col("customer_id").lt("C000000003");
    assertThat(error(experiment.drop("avg_basket")))
        .contains("table 'campaign_experiment', column 'avg_basket'").contains("missing column");
    assertThat(error(experiment.withColumn("arm", when(firstThree, lit("reward_50")).otherwise(col("arm")))))
        .contains("column 'arm'").contains("unknown values").contains("(3 offending rows)");
    assertThat(error(experiment.withColumn("completed", when(firstThree, lit(2.0)).otherwise(col("completed")))))
        .contains("column 'completed'").contains("0 or 1").contains("(3 offending rows)");
    assertThat(error(experiment.withColumn("channel", when(firstThree, lit(null).cast("string"))
        .otherwise(col("channel"))))).contains("column 'channel'").contains("null").contains("(3 offending rows)");
    assertThat(error(experiment.withColumn("completion_score", when(firstThree, lit(1.5))
        .otherwise(col("completion_score"))))).contains("column 'completion_score'").contains("(3 offending rows)");
    assertThat(error(experiment.withColumn("customer_id", when(firstThree, lit("C000000009"))
        .otherwise(col("customer_id"))))).contains("column 'customer_id'").contains("unique")
        .contains("(4 offending rows)");
    assertThat(error(experiment.withColumn("sales", lit("lots"))))
        .contains("column 'sales'").contains("wrong type string");
  }

  @Test
  void aCsvExportIsReadWithTheContractTypes() {
    Path dir = SparkTestSession.tempDir("experiment-csv");
    experiment.coalesce(1).write().option("header", "true").mode("overwrite").csv(dir.toString());
    Dataset<Row> csv = TableIO.read(spark, new TableLocation("campaign_experiment", dir.toString(), TableFormat.CSV),
        ExperimentTable.contract(settings));
    ExperimentTable.Validated v = ExperimentTable.validate(csv, "campaign_experiment", settings);
    assertThat(v.count()).isEqualTo(400);
    assertThat(v.rows().schema().apply("avg_basket").dataType().typeName()).isEqualTo("double");
    assertThat(v.rows().schema().apply("channel").dataType().typeName()).isEqualTo("string");
  }
}
