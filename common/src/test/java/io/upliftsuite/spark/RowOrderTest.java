package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RowOrderTest {
  /** At least 5,000 rows per partition, at most the shuffle setting, at least one partition. */
  @Test
  void partitionsFollowTheRowCountUpToTheShuffleSetting() {
    assertThat(RowOrder.partitions(0, 200)).isEqualTo(1);
    assertThat(RowOrder.partitions(5_000, 200)).isEqualTo(1);
    assertThat(RowOrder.partitions(5_001, 200)).isEqualTo(2);
    assertThat(RowOrder.partitions(7_306, 200)).isEqualTo(2);
    assertThat(RowOrder.partitions(70_000, 200)).isEqualTo(14);
    assertThat(RowOrder.partitions(10_000_000, 200)).isEqualTo(200);
    assertThat(RowOrder.partitions(70_000, 8)).isEqualTo(8);
  }

  /** The same rows in any input order come out in the same partitions, in the same order. */
  @Test
  void theSameRowsComeOutInTheSameOrderWhateverTheInputOrder() {
    var spark = SparkTestSession.get();
    Dataset<Row> a = spark.sql("SELECT id AS k, id * 7 % 13 AS v FROM range(6000)");
    Dataset<Row> b = a.orderBy(org.apache.spark.sql.functions.col("v").desc()).repartition(5);
    Dataset<Row> ra = RowOrder.byKeys(a, "k");
    Dataset<Row> rb = RowOrder.byKeys(b, "k");
    assertThat(ra.rdd().getNumPartitions()).isEqualTo(2); // 6,000 rows, shuffle partitions 2 in tests
    List<Row> left = ra.collectAsList();
    assertThat(rb.collectAsList()).isEqualTo(left);
    assertThat(left).hasSize(6000);
  }
}
