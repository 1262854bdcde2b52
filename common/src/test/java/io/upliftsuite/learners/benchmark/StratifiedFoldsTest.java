package io.upliftsuite.learners.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class StratifiedFoldsTest {
  /** 1000 rows; strata (t, y) of sizes 100, 150, 300, 450 (t = id % 2 ... see the expression). */
  private static Dataset<Row> rows() {
    return SparkTestSession.get().range(1000).selectExpr("id",
        "CASE WHEN id < 100 THEN 0 WHEN id < 250 THEN 1 WHEN id < 550 THEN 0 ELSE 1 END AS treatment",
        "CASE WHEN id < 250 THEN 1 ELSE 0 END AS outcome", "id * 0.37 AS x");
  }

  @Test
  void foldsAndTestSetKeepEveryStratumsShare() {
    Dataset<Row> assigned = StratifiedFolds.assign(rows(), "treatment", "outcome", 4, 0.2, 7).cache();
    // test: floor(0.2 * size) rows of each stratum: 20 + 30 + 60 + 90
    for (Row r : assigned.where(col(StratifiedFolds.TEST)).groupBy("treatment", "outcome").count().collectAsList()) {
      long size = r.getInt(0) == 0 ? (r.getInt(1) == 1 ? 100 : 300) : (r.getInt(1) == 1 ? 150 : 450);
      assertThat(r.getLong(2)).as("test rows of stratum %s", r).isEqualTo((long) Math.floor(0.2 * size));
    }
    assertThat(assigned.where(col(StratifiedFolds.TEST)).count()).isEqualTo(200);
    assertThat(assigned.where(col(StratifiedFolds.TEST).and(col(StratifiedFolds.FOLD).notEqual(-1))).count()).isZero();
    // every stratum's training rows are dealt evenly: fold sizes differ by at most one row
    List<Row> spread = assigned.where(col(StratifiedFolds.TEST).unary_$bang())
        .groupBy("treatment", "outcome", StratifiedFolds.FOLD).count()
        .groupBy("treatment", "outcome").agg(org.apache.spark.sql.functions.min("count"),
            org.apache.spark.sql.functions.max("count"), org.apache.spark.sql.functions.count("*"))
        .collectAsList();
    assertThat(spread).hasSize(4);
    for (Row r : spread) {
      assertThat(r.getLong(3) - r.getLong(2)).as("fold sizes of stratum %s", r).isLessThanOrEqualTo(1);
      assertThat(r.getLong(4)).isEqualTo(4);
    }
  }

  @Test
  void assignmentDependsOnValuesAndSeedNotOnPartitioning() {
    List<Row> a = StratifiedFolds.assign(rows(), "treatment", "outcome", 5, 0.2, 3)
        .select("id", StratifiedFolds.FOLD).orderBy("id").collectAsList();
    List<Row> b = StratifiedFolds.assign(rows().repartition(7).orderBy(col("x").desc()), "treatment", "outcome", 5,
        0.2, 3).select("id", StratifiedFolds.FOLD).orderBy("id").collectAsList();
    List<Row> c = StratifiedFolds.assign(rows(), "treatment", "outcome", 5, 0.2, 4)
        .select("id", StratifiedFolds.FOLD).orderBy("id").collectAsList();
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }
}
