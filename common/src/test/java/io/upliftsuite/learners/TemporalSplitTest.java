package io.upliftsuite.learners;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {
  @Test
  void holdoutIsTheLastThreeCalendarMonthsOfRegistrations() {
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("registered_at", DataTypes.TimestampType);
    Dataset<Row> rows = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("a", ts("2025-01-15T00:00:00Z")),
        RowFactory.create("b", ts("2025-03-29T23:59:59Z")),
        RowFactory.create("c", ts("2025-03-30T00:00:00Z")),
        RowFactory.create("d", ts("2025-05-01T00:00:00Z")),
        RowFactory.create("e", ts("2025-06-30T00:00:00Z"))), schema);
    Timestamp cutoff = TemporalSplit.cutoff(rows, "registered_at", 3);
    // 2025-06-30 minus three calendar months
    assertThat(cutoff.toInstant()).isEqualTo(Instant.parse("2025-03-30T00:00:00Z"));
    TemporalSplit.Parts parts = TemporalSplit.split(rows, "registered_at", cutoff);
    assertThat(parts.training().select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(parts.holdout().select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("c", "d", "e");
  }

  private static Timestamp ts(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }
}
