package io.upliftsuite.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpliftMetricsTest {
  private static SparkSession spark;
  private static Dataset<Row> hillstrom;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    hillstrom = Hillstrom.withReferenceScore(spark).cache();
  }

  /** Six rows, one tie; every number below is computed by hand in the comments. */
  @Test
  void tinyCaseMatchesHandComputedQiniAreasAndUpliftAtK() {
    StructType schema = new StructType().add("score", DataTypes.DoubleType).add("treatment", DataTypes.IntegerType)
        .add("outcome", DataTypes.IntegerType);
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create(0.9, 1, 1), RowFactory.create(0.8, 0, 0), RowFactory.create(0.8, 1, 0),
        RowFactory.create(0.5, 0, 1), RowFactory.create(0.3, 1, 1), RowFactory.create(0.1, 0, 0)), schema);
    UpliftMetricsResult r = UpliftMetrics.of(rows).k(0.5).curvePoints(6).bins(2).execute();
    // Qini points (x, Q): (0,0) (1,1) (3,1) [tie of 0.8 as one step] (4,0) (5,0.5) (6,1)
    assertThat(r.qiniCurve()).extracting(CurvePoint::x).containsExactly(0.0, 1.0, 3.0, 4.0, 5.0, 6.0);
    assertThat(r.qiniCurve()).extracting(CurvePoint::qini).containsExactly(0.0, 1.0, 1.0, 0.0, 0.5, 1.0);
    // trapezoids 0.5 + 2 + 0.5 + 0.25 + 0.75 = 4; random line 6·1/2 = 3
    assertThat(r.areaQiniModel()).isCloseTo(4.0, within(1e-12));
    assertThat(r.areaQiniRandom()).isCloseTo(3.0, within(1e-12));
    assertThat(r.unscaledQini()).isCloseTo(4.0 / 3.0, within(1e-12));
    // perfect (score y·t − y·(1−t)): (0,0) (2,2) (5,2) (6,1) → 2 + 6 + 1.5 = 9.5
    assertThat(r.areaQiniPerfect()).isCloseTo(9.5, within(1e-12));
    assertThat(r.qiniAuc()).isCloseTo(1.0 / 6.5, within(1e-12));
    // first 3 rows: treated 1/2 responders, control 0/1 → 0.5
    assertThat(r.upliftAtK()).isCloseTo(0.5, within(1e-12));
    // two bins of 3 rows: {A,B,C}, {D,E,F}
    assertThat(r.deciles().get(0).uplift()).isCloseTo(0.5, within(1e-12));
    assertThat(r.deciles().get(1).uplift()).isCloseTo(1.0 - 0.5, within(1e-12));
    // Q peaks at 1 (x=1) and ends at 1: no sleeping dogs
    assertThat(r.sleepingDogs(0.1)).isFalse();
  }

  @Test
  void qiniCurveThatRisesAndFallsBackFlagsSleepingDogs() {
    StructType schema = new StructType().add("score", DataTypes.DoubleType).add("treatment", DataTypes.IntegerType)
        .add("outcome", DataTypes.IntegerType);
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(0.9, 1, 1), RowFactory.create(0.8, 0, 0),
        RowFactory.create(0.2, 1, 0), RowFactory.create(0.1, 0, 1)), schema);
    UpliftMetricsResult r = UpliftMetrics.of(rows).curvePoints(4).bins(2).execute();
    // Q: (1,1) (2,1) (3,1) (4, 1 − 1·2/2 = 0): peaks at 1 at x = 1 of 4, ends at 0
    assertThat(r.qiniAtN()).isCloseTo(0.0, within(1e-12));
    assertThat(r.maxQini()).isCloseTo(1.0, within(1e-12));
    assertThat(r.maxQiniShare()).isCloseTo(0.25, within(1e-12));
    assertThat(r.sleepingDogs(0.1)).isTrue();
  }

  @Test
  void hillstromWomensVersusNoEmailMatchesScikitUpliftReference() {
    JsonNode ref = Hillstrom.scikitUpliftReference();
    Dataset<Row> pair = hillstrom.where("segment IN ('Womens E-Mail', 'No E-Mail')");
    UpliftMetricsResult r = UpliftMetrics.of(pair).scoreCol("score").armCol("segment").controlLabel("No E-Mail")
        .outcomeCol("visit").k(0.3).curvePoints(100).bins(10).execute();
    JsonNode s = ref.get("scalars");
    JsonNode areas = ref.get("areas");
    assertThat(r.n()).isEqualTo(42693);
    assertThat(r.qiniAtN()).isCloseTo(s.get("qini_curve_last_point_Q_N").asDouble(), within(1e-9));
    assertThat(r.areaQiniModel()).isCloseTo(areas.get("qini").get("model").asDouble(), within(1e-3));
    assertThat(r.areaQiniPerfect()).isCloseTo(areas.get("qini").get("perfect").asDouble(), within(1e-3));
    assertThat(r.areaUpliftModel()).isCloseTo(areas.get("uplift").get("model").asDouble(), within(1e-3));
    assertThat(r.areaUpliftPerfect()).isCloseTo(areas.get("uplift").get("perfect").asDouble(), within(1e-3));
    assertThat(r.qiniAuc()).isCloseTo(s.get("qini_auc_score").asDouble(), within(1e-10));
    assertThat(r.upliftAuc()).isCloseTo(s.get("uplift_auc_score").asDouble(), within(1e-10));
    assertThat(r.unscaledQini()).isCloseTo(
        s.get("unscaled_qini_coefficient_brief_definition").get("value").asDouble(), within(1e-10));
    assertThat(r.upliftAtK()).isCloseTo(s.get("uplift_at_k_0.3_overall").asDouble(), within(1e-12));
    assertThat(r.upliftAtKByGroup()).isCloseTo(s.get("uplift_at_k_0.3_by_group").asDouble(), within(1e-12));

    // the stored curve points are exactly the reference's subsample (first point at or after ceil(i·N/100))
    JsonNode sub = ref.get("curves_subsampled").get("qini_curve");
    assertThat(r.qiniCurve()).hasSize(sub.get("x").size());
    for (int i = 0; i < r.qiniCurve().size(); i++) {
      assertThat(r.qiniCurve().get(i).x()).as("x of point %d", i).isEqualTo(sub.get("x").get(i).asDouble());
      assertThat(r.qiniCurve().get(i).qini()).as("Q of point %d", i)
          .isCloseTo(sub.get("y").get(i).asDouble(), within(1e-9));
    }

    // deciles: bins no tie group straddles match exactly; the others within the straddling groups' rows
    JsonNode bins = ref.get("decile_table").get("bins");
    for (int j = 0; j < 10; j++) {
      DecileRow mine = r.deciles().get(j);
      JsonNode theirs = bins.get(j);
      boolean straddled = j == 0 || j == 1 || j == 7 || j == 8;
      double tol = straddled ? 0.01 : 1e-12;
      assertThat(mine.uplift()).as("uplift of decile %d", j + 1)
          .isCloseTo(theirs.get("uplift").asDouble(), within(tol));
      assertThat(mine.nTreated() + mine.nControl()).isCloseTo(theirs.get("n").asDouble(), within(1e-9));
    }
  }

  @Test
  void hillstromDecileTablesReproduceEachArmsVisitRate() {
    Map<String, UpliftMetricsResult> perArm = UpliftMetrics.of(hillstrom).scoreCol("score").armCol("segment")
        .controlLabel("No E-Mail").outcomeCol("visit").executePerArm();
    assertThat(perArm.keySet()).containsExactly("Mens E-Mail", "Womens E-Mail");
    for (Map.Entry<String, UpliftMetricsResult> e : perArm.entrySet()) {
      double nT = 0;
      double yT = 0;
      double nC = 0;
      double yC = 0;
      for (DecileRow d : e.getValue().deciles()) {
        nT += d.nTreated();
        yT += d.yTreated();
        nC += d.nControl();
        yC += d.yControl();
      }
      double expected = e.getKey().startsWith("Mens") ? 0.1828 : 0.1514;
      assertThat(yT / nT).as("visit rate of %s", e.getKey()).isCloseTo(expected, within(5e-5));
      assertThat(yC / nC).as("visit rate of no e-mail").isCloseTo(0.1062, within(5e-5));
      assertThat(nC).isEqualTo(21306.0, within(1e-6));
    }
    assertThat(perArm.get("Mens E-Mail").nTreated()).isEqualTo(21307);
  }

  @Test
  void armWithoutControlRowsIsRejectedWithItsCounts() {
    Dataset<Row> onlyTreated = hillstrom.where("segment = 'Womens E-Mail'").limit(50);
    assertThatThrownBy(() -> UpliftMetrics.of(onlyTreated).scoreCol("score").armCol("segment")
        .controlLabel("No E-Mail").outcomeCol("visit").execute())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control 0");
  }
}
