package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableExportTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void csvOutputEndingInCsvIsOneFileWithAHeaderAndOnlyTheFilteredRows() throws Exception {
    Path dir = SparkTestSession.tempDir("export");
    TableLocation t = new TableLocation("nums", dir.resolve("nums").toString(), TableFormat.DELTA);
    Dataset<Row> rows = spark.range(0, 100, 1, 4).selectExpr("id", "id % 3 AS bucket").toDF();
    DeltaTables.overwrite(rows, t, List.of(), WriteContext.of("t", LocalDate.of(2024, 1, 1)));

    Path out = dir.resolve("out/nums.csv");
    TableExport.Result r = TableExport.on(spark).source(t).where("bucket = 0").output(out.toString()).execute();
    assertThat(r.singleFile()).isTrue();
    assertThat(r.rows()).isEqualTo(34);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("id,bucket");
    assertThat(lines).hasSize(35);
    assertThat(lines.subList(1, lines.size())).allMatch(l -> l.endsWith(",0"));
    try (var siblings = Files.list(out.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString()).toList()).containsExactly("nums.csv");
    }

    Path parquet = dir.resolve("out/parquet");
    TableExport.on(spark).source(t).format(TableExport.Format.PARQUET).output(parquet.toString()).execute();
    assertThat(spark.read().parquet(parquet.toString()).count()).isEqualTo(100);
  }

  @Test
  void complexColumnsAreJsonTextInCsvAndKeepTheirTypesInParquet() throws Exception {
    Path dir = SparkTestSession.tempDir("export-complex");
    TableLocation t = new TableLocation("mixed", dir.resolve("mixed").toString(), TableFormat.DELTA);
    Dataset<Row> rows = spark.sql("SELECT 1 AS id, array('a', 'b,c') AS tags, map('email', 3L, 'sms', 0L) AS counts,"
        + " named_struct('arm', 'email', 'share', 0.25D) AS best, CAST('hi' AS BINARY) AS raw,"
        + " 0.5D AS x1, -2.0D AS x2");
    rows = new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features").transform(rows);
    // An ML vector column, as Spark ML code writes it to Parquet (export reads any table format).
    TableLocation parquetSource = new TableLocation("mixed_parquet", dir.resolve("mixed_parquet").toString(),
        TableFormat.PARQUET);
    rows.write().parquet(parquetSource.path());
    DeltaTables.overwrite(rows.drop("features"), t, List.of(), WriteContext.of("t", LocalDate.of(2024, 1, 1)));

    Path csv = dir.resolve("mixed.csv");
    assertThat(TableExport.on(spark).source(parquetSource).output(csv.toString()).execute().rows()).isEqualTo(1);
    Row back = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(csv.toString()).first();
    ObjectMapper json = new ObjectMapper();
    JsonNode tags = json.readTree(back.getString(back.fieldIndex("tags")));
    assertThat(tags.get(0).asText()).isEqualTo("a");
    assertThat(tags.get(1).asText()).isEqualTo("b,c");
    JsonNode counts = json.readTree(back.getString(back.fieldIndex("counts")));
    assertThat(counts.get("email").asLong()).isEqualTo(3);
    assertThat(counts.get("sms").asLong()).isZero();
    JsonNode best = json.readTree(back.getString(back.fieldIndex("best")));
    assertThat(best.get("arm").asText()).isEqualTo("email");
    assertThat(best.get("share").asDouble()).isEqualTo(0.25);
    JsonNode features = json.readTree(back.getString(back.fieldIndex("features")));
    assertThat(features.get(0).asDouble()).isEqualTo(0.5);
    assertThat(features.get(1).asDouble()).isEqualTo(-2.0);
    assertThat(new String(Base64.getDecoder().decode(back.getString(back.fieldIndex("raw"))))).isEqualTo("hi");
    assertThat(back.getString(back.fieldIndex("x1"))).isEqualTo("0.5");

    Path parquet = dir.resolve("parquet");
    TableExport.on(spark).source(t).format(TableExport.Format.PARQUET).output(parquet.toString()).execute();
    StructType exported = spark.read().parquet(parquet.toString()).schema();
    StructType original = spark.read().format("delta").load(t.path()).schema();
    assertThat(exported.fieldNames()).containsExactly(original.fieldNames());
    for (String c : original.fieldNames()) {
      assertThat(exported.apply(c).dataType()).as(c).isEqualTo(original.apply(c).dataType());
    }
  }

  @Test
  void aFailureIsOneLineNamingTheTable() {
    Path dir = SparkTestSession.tempDir("export-fail");
    TableLocation t = new TableLocation("nums", dir.resolve("nums").toString(), TableFormat.DELTA);
    DeltaTables.overwrite(spark.range(0, 3).toDF(), t, List.of(), WriteContext.of("t", LocalDate.of(2024, 1, 1)));
    assertThatThrownBy(() -> TableExport.on(spark).source(t).where("no_such_column = 1")
        .output(dir.resolve("x.csv").toString()).execute())
        .isInstanceOf(TableExportException.class)
        .hasMessageStartingWith("Cannot export table 'nums' (delta at " + t.path() + ") where no_such_column = 1 to ")
        .hasMessageContaining("no_such_column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
