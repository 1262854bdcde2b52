package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A fitted logistic regression scores in a session that has used {@code observe} once its summary is dropped. */
class TrainingSummariesTest {

  @Test
  void modelWithoutSummaryScoresAfterObserveWasUsed() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(0.0, 1.0), 0.0), RowFactory.create(Vectors.dense(1.0, 0.0), 1.0),
        RowFactory.create(Vectors.dense(0.2, 0.9), 0.0), RowFactory.create(Vectors.dense(0.9, 0.1), 1.0)), schema)
        .repartition(2); // scored in tasks, not folded into a local relation on the driver
    LogisticRegressionModel model = new LogisticRegression().setMaxIter(5).fit(rows);
    assertThat(model.hasSummary()).isTrue();
    // Initialises the session's ObservationManager, which the summary would drag into every scoring task.
    spark.range(3).observe(new Observation("rows"), count(lit(1)).as("n")).collect();

    assertThat(TrainingSummaries.drop(model).hasSummary()).isFalse();
    assertThat(model.transform(rows).count()).isEqualTo(4);
    assertThat(model.transform(rows).select("probability").collectAsList()).hasSize(4);
  }
}
