package io.upliftsuite.learners.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SegmentedCampaignTest {
  @Test
  void theDormantSegmentIsAllLostCausesAndNoDormantShareChangesNothing() {
    Dataset<Row> plain = SegmentedCampaign.generate(SparkTestSession.get(), 3000, 0.0, 2, 11);
    Dataset<Row> none = SegmentedCampaign.generate(SparkTestSession.get(), 3000, 0.0, 2, 0.0, 11);
    assertThat(none.collectAsList()).isEqualTo(plain.collectAsList());

    Dataset<Row> dormant = SegmentedCampaign.generate(SparkTestSession.get(), 3000, 0.0, 2, 0.2, 11).cache();
    Dataset<Row> segment = dormant.where(col("x2").gt(0.8));
    // x2 ~ U(0, 1): about a fifth of the rows (binomial sd 22 around 600)
    assertThat(segment.count()).isBetween(500L, 700L);
    assertThat(segment.where(col("segment").notEqual("lost_cause").or(col("outcome").notEqual(0))
        .or(col("true_uplift").notEqual(0.0))).count()).isZero();
    // the rest keeps the mixture: the same rows as without the segment (x, treatment and draws are unchanged)
    assertThat(dormant.where(col("x2").leq(0.8)).collectAsList())
        .isEqualTo(plain.where(col("x2").leq(0.8)).collectAsList());
  }
}
