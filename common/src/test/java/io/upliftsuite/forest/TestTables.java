package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_element_at;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Helpers for reading scored test tables. */
final class TestTables {
  private TestTables() {}

  /** Adds u0, u1: the elements of the uplift vector (u1 null with one treatment arm). */
  static Dataset<Row> upliftScores(Dataset<Row> scored) {
    Column u = org.apache.spark.ml.functions.vector_to_array(col("uplift"), "float64");
    return scored.withColumn("u0", try_element_at(u, lit(1))).withColumn("u1", try_element_at(u, lit(2)));
  }
}
