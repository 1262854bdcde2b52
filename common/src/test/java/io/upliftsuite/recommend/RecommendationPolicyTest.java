package io.upliftsuite.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The policy on a hand-made day: threshold, daily capacity, ties. */
class RecommendationPolicyTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> rows() {
    StructType schema = new StructType().add("run_date", DataTypes.DateType).add("item_id", DataTypes.StringType)
        .add("decision_day", DataTypes.IntegerType).add("cate", DataTypes.DoubleType);
    Date d1 = Date.valueOf("2021-01-04");
    Date d2 = Date.valueOf("2021-01-05");
    return spark.createDataFrame(List.of(
        RowFactory.create(d1, "a", 1, 0.05), RowFactory.create(d1, "b", 1, 0.02), RowFactory.create(d1, "c", 1, 0.02),
        RowFactory.create(d1, "d", 1, 0.0), RowFactory.create(d1, "e", 1, -0.01),
        RowFactory.create(d2, "f", 1, 0.03), RowFactory.create(d2, "g", 1, -0.02)), schema).repartition(3);
  }

  private static Map<String, String> decisions(Dataset<Row> out) {
    Map<String, String> m = new TreeMap<>();
    out.select("item_id", "recommendation").collectAsList().forEach(r -> m.put(r.getString(0), r.getString(1)));
    return m;
  }

  @Test
  void contactWhenTheCateIsAboveTheThreshold() {
    assertThat(decisions(RecommendationPolicy.apply(rows(), 0.0, 0))).isEqualTo(Map.of("a", "contact",
        "b", "contact", "c", "contact", "d", "no_contact", "e", "no_contact", "f", "contact", "g", "no_contact"));
    assertThat(decisions(RecommendationPolicy.apply(rows(), 0.025, 0))).containsEntry("a", "contact")
        .containsEntry("b", "no_contact").containsEntry("f", "contact");
  }

  @Test
  void aDailyCapacityKeepsTheTopCatesOfEachDateAndBreaksTiesByItem() {
    // 2021-01-04: a (0.05), then b and c tie at 0.02: b wins by item_id; 2021-01-05: f only (g is below 0)
    assertThat(decisions(RecommendationPolicy.apply(rows(), 0.0, 2))).isEqualTo(Map.of("a", "contact",
        "b", "contact", "c", "no_contact", "d", "no_contact", "e", "no_contact", "f", "contact", "g", "no_contact"));
    // capacity 1 with a threshold that leaves fewer rows than the capacity
    assertThat(decisions(RecommendationPolicy.apply(rows(), 0.04, 1))).containsEntry("a", "contact")
        .containsEntry("f", "no_contact");
  }
}
