package io.upliftsuite.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed case: bin a has treated 6/10 positive and control 2/10, bin b has 2/10 and 2/10; overall treated
 * 8/20 = 0.4 and control 4/20 = 0.2. Each bin holds half of the rows.
 * <pre>
 *   ED:  children 0.5·2(0.6−0.2)² = 0.16;                          parent 2(0.2)² = 0.08         → 0.08
 *   KL:  children 0.5·[0.6 ln 3 + 0.4 ln 0.5] = 0.5·0.3819085;      parent 0.4 ln 2 + 0.6 ln 0.75 → 0.0863042
 *   Chi: children 0.5·(0.16/0.2 + 0.16/0.8) = 0.5;                  parent 0.04/0.2 + 0.04/0.8 = 0.25 → 0.25
 * </pre>
 */
class DivergenceFilterTest {
  private static final List<BinCounts> HAND = List.of(new BinCounts(10, 6, 10, 2), new BinCounts(10, 2, 10, 2));
  private static final double KL = 0.5 * (0.6 * Math.log(3) + 0.4 * Math.log(0.5))
      - (0.4 * Math.log(2) + 0.6 * Math.log(0.75));

  @Test
  void scoresOfHandComputedBins() {
    assertThat(DivergenceFilter.score(UpliftFilter.ED, HAND)).isCloseTo(0.08, offset(1e-12));
    assertThat(DivergenceFilter.score(UpliftFilter.KL, HAND)).isCloseTo(0.0863042, offset(1e-6));
    assertThat(DivergenceFilter.score(UpliftFilter.KL, HAND)).isCloseTo(KL, offset(1e-12));
    assertThat(DivergenceFilter.score(UpliftFilter.CHI, HAND)).isCloseTo(0.25, offset(1e-12));
  }

  @Test
  void aFeatureThatDoesNotSplitTheEffectScoresZero() {
    List<BinCounts> same = List.of(new BinCounts(10, 4, 10, 2), new BinCounts(20, 8, 20, 4));
    for (UpliftFilter m : List.of(UpliftFilter.KL, UpliftFilter.ED, UpliftFilter.CHI)) {
      assertThat(DivergenceFilter.score(m, same)).as(m.name()).isCloseTo(0.0, offset(1e-12));
    }
  }

  @Test
  void binsWithTooFewRowsOfAnArmAreLeftOutOfChildrenAndParent() {
    List<BinCounts> bins = new java.util.ArrayList<>(HAND);
    bins.add(new BinCounts(5, 5, 0, 0));   // no control rows: no contrast to measure
    bins.add(new BinCounts(40, 30, 3, 0)); // 3 control rows: a clipped, noisy rate
    for (UpliftFilter m : List.of(UpliftFilter.KL, UpliftFilter.ED, UpliftFilter.CHI)) {
      assertThat(DivergenceFilter.score(m, bins, 5)).as(m.name())
          .isCloseTo(DivergenceFilter.score(m, HAND), offset(1e-12));
    }
    // with the 3-row bin counted, its clipped control rate 0 dominates the KL score
    assertThat(DivergenceFilter.score(UpliftFilter.KL, bins, 1)).isGreaterThan(1.0);
  }

  @Test
  void distributedCountsReproduceTheHandCaseForCategoricalAndNumericFeatures() {
    StructType schema = new StructType().add("action", DataTypes.IntegerType).add("y", DataTypes.IntegerType)
        .add("g", DataTypes.DoubleType).add("x", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    // g = 0 / 1 codes the bins a / b; x is a numeric copy (0.1.. for a, 10.. for b) binned by quantiles
    addRows(rows, 1, 0, 6, 10);
    addRows(rows, 0, 0, 2, 10);
    addRows(rows, 1, 1, 2, 10);
    addRows(rows, 0, 1, 2, 10);
    Dataset<Row> ds = SparkTestSession.get().createDataFrame(rows, schema);
    Map<String, List<BinCounts>> counts =
        DivergenceFilter.binCounts(ds, List.of("g", "x"), Set.of("g"), "action", "y", 2);
    assertThat(counts.get("g")).containsExactlyElementsOf(HAND);
    assertThat(counts.get("x")).containsExactlyElementsOf(HAND);
    UpliftFeatureSelector.Result r = UpliftFeatureSelector.on(ds).treatmentCol("action").outcomeCol("y")
        .features(List.of("g", "x"), List.of("g", "x"), Set.of("g")).method(UpliftFilter.CHI).bins(2).topK(1).minArmRows(1)
        .execute();
    assertThat(r.ranking()).extracting(FeatureScore::score).allSatisfy(s -> assertThat(s).isCloseTo(0.25,
        offset(1e-12)));
    assertThat(r.selected()).containsExactly("g");
  }

  /**
   * A confounder that is also the effect modifier (as value_estimate on the 100k simulation): v drives the contact
   * (treated share 20% at v = 0, 80% at v = 1) and the outcome (0.20 / 0.70 without contact) and the effect (+0.02 /
   * +0.10). Pooled, treated 684/1000 vs control 300/1000: the naive contrast is inflated by the confounding, so the
   * within-bin divergences are smaller than the pooled one and every divergence filter scores v below 0. A constant
   * feature c (one bin) scores exactly 0 and carries no information at all; it must never be kept in v's place.
   */
  @Test
  void aConstantFeatureRanksBelowAConfoundedEffectModifierWithANegativeScore() {
    StructType schema = new StructType().add("action", DataTypes.IntegerType).add("y", DataTypes.IntegerType)
        .add("v", DataTypes.DoubleType).add("c", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    addRows(rows, 1, 0, 44, 200);  // v = 0: treated 200, 22% positive
    addRows(rows, 0, 0, 160, 800); //        control 800, 20%
    addRows(rows, 1, 1, 640, 800); // v = 1: treated 800, 80%
    addRows(rows, 0, 1, 140, 200); //        control 200, 70%
    Dataset<Row> ds = SparkTestSession.get().createDataFrame(rows, schema).withColumn("c", lit(1.0));
    for (UpliftFilter m : List.of(UpliftFilter.KL, UpliftFilter.ED, UpliftFilter.CHI)) {
      UpliftFeatureSelector.Result r = UpliftFeatureSelector.on(ds).treatmentCol("action").outcomeCol("y")
          .features(List.of("c", "v"), List.of("c", "v"), Set.of("v")).method(m).bins(2).topK(1).minArmRows(50)
          .execute();
      assertThat(r.ranking()).as(m.name()).extracting(FeatureScore::feature).containsExactly("v", "c");
      assertThat(r.ranking().get(0).score()).as(m.name() + " score of v").isNegative();
      assertThat(r.ranking().get(1).score()).as(m.name() + " score of c").isZero();
      assertThat(r.selected()).as(m.name()).containsExactly("v");
    }
  }

  private static void addRows(List<Row> rows, int action, int bin, int positives, int n) {
    for (int i = 0; i < n; i++) {
      double x = bin == 0 ? 0.1 + 0.01 * i : 10 + 0.01 * i;
      rows.add(RowFactory.create(action, i < positives ? 1 : 0, (double) bin, x));
    }
  }
}
