package io.upliftsuite.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.upliftsuite.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Hillstrom (datasets/hillstrom) with the score the scikit-uplift reference values were computed for. */
final class Hillstrom {
  private Hillstrom() {}

  /** Hillstrom with the reference score (integer part divided once, so equal scores are bit-identical). */
  static Dataset<Row> withReferenceScore(SparkSession spark) {
    return spark.read().option("header", "true").option("inferSchema", "true")
        .csv(TestData.hillstromCsv().toString())
        .selectExpr("*", "(12 * womens + 6 * newbie - recency) / 12.0D + log1p(history) / 10.0D AS score");
  }

  /** scikit-uplift 0.5.1's metrics for that score (common/src/test/resources/reference/). */
  static JsonNode scikitUpliftReference() {
    return TestData.referenceJson("hillstrom-metrics-reference.json");
  }
}
