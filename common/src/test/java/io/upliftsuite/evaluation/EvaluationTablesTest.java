package io.upliftsuite.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EvaluationTablesTest {
  private final SparkSession spark = SparkTestSession.get();

  private static ModelEvaluation model(String id, double value) {
    return new ModelEvaluation(id, List.of(MetricRow.of("qini_auc", value),
        new MetricRow("recommended_value_dr", value, value - 0.1, value + 0.1)),
        List.of(CurveRow.of("qini_model", 0, 0), new CurveRow("ope_cate_dr", 1, value, value - 0.1, value + 0.1)));
  }

  @Test
  void reRunReplacesOnlyTheEvaluatedModelsRowsAndKeepsNullBounds() {
    String dir = SparkTestSession.tempDir("evaluation-tables").toString();
    TableLocation evaluations = new TableLocation("evaluations", dir + "/evaluations", TableFormat.DELTA);
    TableLocation curves = new TableLocation("curves", dir + "/curves", TableFormat.DELTA);
    WriteContext ctx = WriteContext.of("evaluate", LocalDate.of(2026, 1, 31));
    EvaluationTables.write(spark, List.of(model("a", 0.1), model("b", 0.2)), evaluations, curves, ctx);
    EvaluationTables.write(spark, List.of(model("b", 0.3)), evaluations, curves, ctx);

    Dataset<Row> e = spark.read().format("delta").load(evaluations.path());
    assertThat(e.count()).isEqualTo(4);
    assertThat(e.where("model_id = 'b' AND metric = 'qini_auc'").first().getDouble(2)).isEqualTo(0.3);
    assertThat(e.where("model_id = 'a' AND metric = 'qini_auc'").first().getDouble(2)).isEqualTo(0.1);
    assertThat(e.where("metric = 'qini_auc' AND ci_low IS NULL").count()).isEqualTo(2);
    Dataset<Row> c = spark.read().format("delta").load(curves.path());
    assertThat(c.count()).isEqualTo(4);
    assertThat(c.where("model_id = 'b' AND curve = 'ope_cate_dr'").first().getDouble(3)).isEqualTo(0.3);
  }

  /**
   * A model without skill is deployed to everyone (threshold -Infinity) or no one (+Infinity); written as null, the
   * recommend job could not tell which and refused the model (run-local's step 6 failed so).
   */
  @Test
  void theDeployThresholdKeepsItsInfinityOtherMetricsWriteNull() {
    List<Row> rows = EvaluationTables.evaluationRows(spark, List.of(new ModelEvaluation("m", List.of(
        MetricRow.of("recommended_cate_threshold", Double.NEGATIVE_INFINITY),
        MetricRow.of("sleeping_dog_fall_share", Double.POSITIVE_INFINITY),
        MetricRow.of("qini_auc", Double.NaN)), List.of()))).collectAsList();
    assertThat(rows.get(0).getDouble(2)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(rows.get(1).isNullAt(2)).isTrue();
    assertThat(rows.get(2).isNullAt(2)).isTrue();
  }
}
