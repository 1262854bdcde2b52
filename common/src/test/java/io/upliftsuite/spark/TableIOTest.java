package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.logs.RawTables;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * An input location that does not hold what its config says fails before Spark reads it, naming the logical table,
 * the path and the format (the catalogue: an empty CSV folder, a CSV file configured as Delta, ...).
 */
class TableIOTest {
  private final SparkSession spark = SparkTestSession.get();

  private static TableLocation items(Path path, TableFormat format) {
    return new TableLocation("items", path.toString(), format);
  }

  private Dataset<Row> someRows() {
    return spark.createDataFrame(List.of(RowFactory.create("i1", 2.0)),
        new StructType().add("item_id", DataTypes.StringType).add("value_estimate", DataTypes.DoubleType));
  }

  @Test
  void aMissingPathNamesTableFormatAndTheKeyToSet() {
    Path missing = SparkTestSession.tempDir("io").resolve("nope");
    assertThatThrownBy(() -> TableIO.read(spark, items(missing, TableFormat.CSV)))
        .isInstanceOf(TableReadException.class)
        .hasMessage("Cannot read table 'items' (csv at " + missing + "): no such file or folder; set tables.items.path");
  }

  @Test
  void anEmptyCsvFolderOrAnEmptyCsvFileIsNamedAsEmpty() throws Exception {
    Path empty = Files.createDirectories(SparkTestSession.tempDir("io").resolve("items"));
    assertThatThrownBy(() -> TableIO.read(spark, items(empty, TableFormat.CSV)))
        .hasMessage("Cannot read table 'items' (csv at " + empty + "): the folder has no data files (it is empty)");
    Path zero = Files.createFile(empty.resolve("part-0.csv"));
    assertThatThrownBy(() -> TableIO.read(spark, items(empty, TableFormat.CSV)))
        .hasMessageContaining("part-0.csv is empty: a CSV table needs at least its header row");
    assertThat(zero).exists();
  }

  @Test
  void aFormatThatDoesNotMatchTheFilesSaysWhichFormatTheyAre() throws Exception {
    Path dir = SparkTestSession.tempDir("io");
    Path csv = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(csv.resolve("items.csv"), "item_id,value_estimate\ni1,2.0\n");
    assertThatThrownBy(() -> TableIO.read(spark, items(csv, TableFormat.DELTA)))
        .hasMessage("Cannot read table 'items' (delta at " + csv + "): not a Delta table (no _delta_log) — it holds "
            + "files such as items.csv; if that is right, set tables.items.format = csv");
    assertThatThrownBy(() -> TableIO.read(spark, items(csv, TableFormat.PARQUET)))
        .hasMessageContaining("items.csv is not a Parquet file; if that is right, set tables.items.format = csv");

    Path delta = dir.resolve("delta");
    someRows().write().format("delta").save(delta.toString());
    assertThatThrownBy(() -> TableIO.read(spark, items(delta, TableFormat.CSV)))
        .hasMessageContaining("the folder is a Delta table; if that is right, set tables.items.format = delta");

    Path parquet = dir.resolve("parquet");
    someRows().write().parquet(parquet.toString());
    assertThatThrownBy(() -> TableIO.read(spark, items(parquet, TableFormat.CSV)))
        .hasMessageContaining("is a Parquet file, not CSV; if that is right, set tables.items.format = parquet");
    // and the right formats read
    assertThat(TableIO.read(spark, items(parquet, TableFormat.PARQUET)).count()).isEqualTo(1);
    assertThat(TableIO.read(spark, items(delta, TableFormat.DELTA)).count()).isEqualTo(1);
    assertThat(TableIO.read(spark, items(csv, TableFormat.CSV)).count()).isEqualTo(1);
  }

  @Test
  void aHeaderOnlyEntityTableIsBlamedOnItselfNotOnTheTablesReferringToIt() throws Exception {
    Path dir = Files.createDirectories(SparkTestSession.tempDir("io").resolve("items"));
    Files.writeString(dir.resolve("items.csv"),
        "item_id,lead_id,registered_at,item_type,value_estimate,is_fraud_flagged\n");
    Dataset<Row> rows = TableIO.read(spark, items(dir, TableFormat.CSV), RawTables.ITEMS_SCHEMA);
    assertThatThrownBy(() -> RawTables.validate(RawTables.ITEMS, rows))
        .isInstanceOf(InputValidationException.class)
        .hasMessage("Invalid input in table 'items': the table has no rows");
  }
}
