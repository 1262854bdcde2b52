package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.logs.RawTables;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableChecksTest {
  private final SparkSession spark = SparkTestSession.get();
  private static final Timestamp T = Timestamp.valueOf("2020-01-01 10:00:00");

  private Dataset<Row> comms(List<Row> rows) {
    return spark.createDataFrame(rows, RawTables.COMMUNICATIONS_SCHEMA);
  }

  @Test
  void validCommunicationsPassAndReturnTheRowCount() {
    Dataset<Row> ok = comms(List.of(
        RowFactory.create("c1", "i1", "l1", T, "call", "ae", false, true),
        RowFactory.create("c2", "i1", "l1", T, "email", "system", false, false)));
    assertThat(RawTables.validate(RawTables.COMMUNICATIONS, ok)).isEqualTo(2);
  }

  @Test
  void unknownEnumValuesAreCountedAndNamed() {
    Dataset<Row> bad = comms(List.of(
        RowFactory.create("c1", "i1", "l1", T, "fax", "ae", false, true),
        RowFactory.create("c2", "i1", "l1", T, "fax", "ae", false, true),
        RowFactory.create("c3", "i1", "l1", T, "call", "ae", false, true)));
    assertThatThrownBy(() -> RawTables.validate(RawTables.COMMUNICATIONS, bad))
        .isInstanceOf(InputValidationException.class)
        .hasMessageContaining("table 'communications'").hasMessageContaining("column 'channel'")
        .hasMessageContaining("2 offending rows");
  }

  @Test
  void nullIdsAreCounted() {
    Dataset<Row> bad = comms(List.of(
        RowFactory.create("c1", null, "l1", T, "call", "ae", false, true),
        RowFactory.create("c2", "i1", "l1", T, "call", "ae", false, true)));
    assertThatThrownBy(() -> RawTables.validate(RawTables.COMMUNICATIONS, bad))
        .hasMessageContaining("column 'item_id'").hasMessageContaining("null").hasMessageContaining("1 offending row");
  }

  @Test
  void missingColumnAndWrongTypeAreNamed() {
    StructType noChannel = new StructType().add("item_id", DataTypes.StringType)
        .add("delivered_at", DataTypes.StringType);
    Dataset<Row> wrongType = spark.createDataFrame(List.of(RowFactory.create("i1", "yesterday")), noChannel);
    assertThatThrownBy(() -> RawTables.validate(RawTables.DELIVERIES, wrongType))
        .hasMessageContaining("column 'delivered_at'").hasMessageContaining("wrong type string, expected timestamp");
    Dataset<Row> missing = wrongType.drop("delivered_at");
    assertThatThrownBy(() -> RawTables.validate(RawTables.DELIVERIES, missing))
        .hasMessageContaining("column 'delivered_at'").hasMessageContaining("missing column");
  }

  @Test
  void csvInputsAreTypedByTheContractAndUnparsableValuesCounted() throws Exception {
    Path dir = SparkTestSession.tempDir("csv");
    Path good = dir.resolve("deliveries.csv");
    Files.writeString(good, "item_id,delivered_at\ni1,2020-01-02T10:00:00\ni2,2020-01-03 11:30:00\n");
    Dataset<Row> typed = TableIO.read(spark, new TableLocation("deliveries", good.toString(), TableFormat.CSV),
        RawTables.DELIVERIES_SCHEMA);
    assertThat(RawTables.validate(RawTables.DELIVERIES, typed)).isEqualTo(2);
    assertThat(typed.where("delivered_at = timestamp'2020-01-03 11:30:00'").count()).isEqualTo(1);

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "item_id,delivered_at\ni1,not-a-date\ni2,2020-13-45\ni3,2020-01-01\n");
    assertThatThrownBy(() -> TableIO.read(spark, new TableLocation("deliveries", bad.toString(), TableFormat.CSV),
        RawTables.DELIVERIES_SCHEMA))
        .hasMessageContaining("column 'delivered_at'").hasMessageContaining("2 offending rows");
  }

  @Test
  void missingTableIsReportedWithItsPath() {
    assertThatThrownBy(() -> TableIO.read(spark, new TableLocation("leads", "/no/such/leads", TableFormat.DELTA)))
        .hasMessageContaining("table 'leads'").hasMessageContaining("/no/such/leads");
  }
}
