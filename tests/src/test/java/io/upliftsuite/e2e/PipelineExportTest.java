package io.upliftsuite.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Look into any table with export": every table a tiny run of the whole pipeline writes (simulate .. evaluate, plus
 * the campaign chain and doctor) exports to CSV and to Parquet with its rows; CSV carries array/map/struct columns as JSON text
 * that parses back to the table's values, Parquet keeps every column's type.
 */
class PipelineExportTest {
  private static final List<String> ALSO_WRITTEN = List.of("campaign_experiment", "campaign_oracle", "campaign_scores",
      "policies", "policy_summaries", "campaign_evaluations", "doctor");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  private static Path warehouse;

  @BeforeAll
  static void runThePipeline() {
    spark = SparkTestSession.get();
    warehouse = TinyPipeline.localWarehouse();
    // allocate reads the campaign's scores: the campaign chain on a small simulated experiment
    List<String> campaign = List.of("--run-date", TinyPipeline.RUN_DATE, "--set", "warehouse.root=" + warehouse,
        "--set", "campaign.simulate.partitions=2", "--set", "campaign.models.forest.num-trees=4",
        "--set", "campaign.models.forest.max-depth=3", "--set", "campaign.evaluation.bootstrap-replicates=30");
    for (List<String> job : List.of(List.of("simulate-campaign", "--customers", "2000"), List.of("campaign-models"),
        List.of("allocate"), List.of("evaluate-campaign"))) {
      List<String> args = new ArrayList<>(job);
      args.addAll(campaign);
      TinyPipeline.runLocally(args);
    }
    TinyPipeline.runLocally(List.of("doctor", "--run-date", TinyPipeline.RUN_DATE,
        "--set", "warehouse.root=" + warehouse, "--tasks", "2"));
  }

  @Test
  void everyTableThePipelineWritesExportsToCsvAndParquetWithItsRows() throws Exception {
    Path out = SparkTestSession.tempDir("exports");
    List<String> exported = new ArrayList<>();
    for (String table : new TreeSet<>(SuiteConfig.defaults().config().getConfig("tables").root().keySet())) {
      Path location = warehouse.resolve(SuiteConfig.defaults().getString("tables." + table + ".path"));
      if (!Files.isDirectory(location.resolve("_delta_log"))) {
        continue; // configured, but not written by this run (e.g. experiment mode only)
      }
      Dataset<Row> original = spark.read().format("delta").load(location.toString());
      long rows = original.count();

      Path csv = out.resolve(table + ".csv");
      TinyPipeline.runLocally(List.of("export", "--set", "warehouse.root=" + warehouse, "--table", table,
          "--output", csv.toString()));
      Dataset<Row> csvBack = spark.read().option("header", "true").option("multiLine", "true")
          .option("escape", "\"").csv(csv.toString());
      assertThat(csvBack.columns()).as(table + " CSV header").containsExactly(original.columns());
      assertThat(csvBack.count()).as(table + " CSV rows").isEqualTo(rows);
      for (StructField f : original.schema().fields()) {
        if (isComplex(f.dataType())) {
          // the JSON text of each value, as Spark itself renders the column
          Dataset<Row> expected = original.select(to_json(col(f.name())).as(f.name()));
          assertThat(csvBack.select(f.name()).exceptAll(expected).count()).as(table + "." + f.name()).isZero();
          assertThat(expected.exceptAll(csvBack.select(f.name())).count()).as(table + "." + f.name()).isZero();
        }
      }

      Path parquet = out.resolve(table + "-parquet");
      TinyPipeline.runLocally(List.of("export", "--set", "warehouse.root=" + warehouse, "--table", table,
          "--format", "parquet", "--output", parquet.toString()));
      Dataset<Row> parquetBack = spark.read().parquet(parquet.toString());
      assertThat(parquetBack.count()).as(table + " Parquet rows").isEqualTo(rows);
      assertThat(parquetBack.columns()).as(table + " Parquet columns").containsExactly(original.columns());
      for (StructField f : original.schema().fields()) {
        assertThat(parquetBack.schema().apply(f.name()).dataType()).as(table + "." + f.name())
            .isEqualTo(f.dataType());
      }
      exported.add(table);
    }
    List<String> required = new ArrayList<>(TinyPipeline.PIPELINE_TABLES);
    required.addAll(ALSO_WRITTEN);
    assertThat(exported).containsAll(required);

    // The two columns the CSV writer used to refuse, read back as values a user's tool sees.
    Row model = spark.read().format("delta").load(warehouse.resolve("training/models").toString()).first();
    Row modelCsv = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(out.resolve("models.csv").toString()).where(col("model_id").equalTo(model.getString(0))).first();
    JsonNode features = JSON.readTree(modelCsv.getString(modelCsv.fieldIndex("selected_features")));
    List<String> parsed = new ArrayList<>();
    features.forEach(n -> parsed.add(n.asText()));
    assertThat(parsed).isEqualTo(model.getList(model.fieldIndex("selected_features")));
    assertThat(parsed).isNotEmpty();

    // one allocation ran: one summary row
    Row summary = spark.read().format("delta").load(warehouse.resolve("allocation/policy_summaries").toString())
        .first();
    Map<String, Long> armCounts = summary.getJavaMap(summary.fieldIndex("arm_counts"));
    Row summaryCsv = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(out.resolve("policy_summaries.csv").toString()).first();
    JsonNode counts = JSON.readTree(summaryCsv.getString(summaryCsv.fieldIndex("arm_counts")));
    assertThat(counts.size()).isEqualTo(armCounts.size());
    armCounts.forEach((arm, n) -> assertThat(counts.get(arm).asLong()).as(arm).isEqualTo(n));
    long scored = spark.read().format("delta").load(warehouse.resolve("campaign/scores").toString()).count();
    assertThat(armCounts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(scored).isPositive();
  }

  private static boolean isComplex(DataType t) {
    return t instanceof ArrayType || t instanceof MapType || t instanceof StructType;
  }
}
