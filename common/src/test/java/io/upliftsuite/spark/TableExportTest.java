package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
}
