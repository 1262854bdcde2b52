package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class LineageTest {
  @Test
  void theCutKeepsRowsOrderAndPartitionsAndDropsThePlanThatBuiltThem() {
    UserDefinedFunction square = udf((UDF1<Long, Long>) v -> v * v, DataTypes.LongType);
    Dataset<Row> built = SparkTestSession.get().range(0, 1000, 1, 3).withColumn("sq", square.apply(col("id")))
        .where(col("id").mod(7).notEqual(0));
    Dataset<Row> cut = Lineage.cut(built);
    try {
      assertThat(cut.collectAsList()).isEqualTo(built.collectAsList());
      assertThat(cut.rdd().getNumPartitions()).isEqualTo(built.rdd().getNumPartitions());
      // the cut's plan starts at the checkpointed rows: no UDF, no filter, no range left to ship with each task
      String plan = cut.queryExecution().analyzed().treeString();
      assertThat(plan).contains("LogicalRDD").doesNotContain("UDF").doesNotContain("Filter").doesNotContain("Range");
      assertThat(built.queryExecution().analyzed().treeString()).contains("UDF").contains("Range");
    } finally {
      cut.unpersist(false);
    }
  }
}
