package io.upliftsuite.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Observational data where a policy driver looks like an effect modifier to an unweighted filter.
 *
 * <p>The generator: x, c, u ~ U(0, 1), d ~ Bernoulli(1/2), all independent. The logging policy contacts with
 * e = logistic(−2 + 5c) when d = 1 (say, a busy day on which the AE picks promising leads) and with e = 1/2 when
 * d = 0. The outcome has P(Y = 1 | T, x, c) = 0.1 + 0.5c + T·(0.1 + 0.2x): c confounds (it drives both the contact and
 * the outcome), the true effect 0.1 + 0.2x depends on x only, d and u do not change the effect at all.
 *
 * <p>Unweighted, the treated-minus-control contrast within d = 1 carries the confounding bias
 * 0.5·(E[c | T=1, d=1] − E[c | T=0, d=1]) ≈ 0.5·0.37 ≈ 0.18 and within d = 0 none, so the filters see d as a strong
 * "effect modifier" — the failure seen on CRM logs, where the KL filter put the decision weekday first. With
 * inverse-propensity weights (the true e here) each bin's contrast is the true mean effect 0.2 for every value of d,
 * and only x, the true driver, stands out.
 */
class WeightedUpliftFilterTest {
  private static final int ROWS = 40_000;
  private static final List<String> FEATURES = List.of("x", "c", "d", "u");
  private static Dataset<Row> rows;

  @BeforeAll
  static void data() {
    SplittableRandom r = new SplittableRandom(11);
    List<Row> list = new ArrayList<>(ROWS);
    double[] e = new double[ROWS];
    int[] t = new int[ROWS];
    double treatedShare = 0;
    double[][] f = new double[ROWS][];
    int[] y = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double x = r.nextDouble();
      double c = r.nextDouble();
      double d = r.nextDouble() < 0.5 ? 1 : 0;
      double u = r.nextDouble();
      e[i] = d == 1 ? 1 / (1 + Math.exp(-(-2 + 5 * c))) : 0.5;
      t[i] = r.nextDouble() < e[i] ? 1 : 0;
      y[i] = r.nextDouble() < 0.1 + 0.5 * c + t[i] * (0.1 + 0.2 * x) ? 1 : 0;
      f[i] = new double[] {x, c, d, u};
      treatedShare += t[i];
    }
    treatedShare /= ROWS;
    for (int i = 0; i < ROWS; i++) {
      // stabilised inverse-propensity weight: P(T = t) / P(T = t | features)
      double w = t[i] == 1 ? treatedShare / e[i] : (1 - treatedShare) / (1 - e[i]);
      list.add(RowFactory.create(t[i], y[i], w, f[i][0], f[i][1], f[i][2], f[i][3]));
    }
    StructType schema = new StructType().add("action", DataTypes.IntegerType).add("y", DataTypes.IntegerType)
        .add("w", DataTypes.DoubleType).add("x", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
        .add("d", DataTypes.DoubleType).add("u", DataTypes.DoubleType);
    rows = SparkTestSession.get().createDataFrame(list, schema).cache();
  }

  private static UpliftFeatureSelector.Result select(UpliftFilter method, String weightCol) {
    return UpliftFeatureSelector.on(rows).treatmentCol("action").outcomeCol("y").weightCol(weightCol)
        .features(FEATURES, FEATURES, Set.of("d")).method(method).bins(10).topK(1).minArmRows(50).execute();
  }

  @Test
  void unweightedKlFilterMistakesThePolicyDriverForAnEffectModifier() {
    UpliftFeatureSelector.Result r = select(UpliftFilter.KL, null);
    assertThat(r.selected()).as("ranking " + r.ranking()).containsExactly("d");
  }

  /**
   * Weighted, no filter takes d for a modifier any more. ED and F, which measure an additive effect on the probability
   * scale, put x first; KL, Chi and LR measure the effect relative to the base rate, so the prognostic c (the control
   * rate moves from 0.1 to 0.6 while the additive effect stays put) also scores — a property of those divergences, not
   * of confounding — and x must only beat d and the noise u there.
   */
  @Test
  void weightedFiltersNoLongerMistakeThePolicyDriver() {
    for (UpliftFilter m : UpliftFilter.values()) {
      UpliftFeatureSelector.Result r = select(m, "w");
      assertThat(score(r, "d")).as(m + " ranking " + r.ranking()).isLessThan(score(r, "x") / 3);
      assertThat(score(r, "u")).as(m + " ranking " + r.ranking()).isLessThan(score(r, "x") / 3);
    }
    for (UpliftFilter m : List.of(UpliftFilter.ED, UpliftFilter.F)) {
      UpliftFeatureSelector.Result r = select(m, "w");
      assertThat(r.selected()).as(m + " ranking " + r.ranking()).containsExactly("x");
    }
  }

  @Test
  void unitWeightsGiveTheUnweightedScores() {
    Dataset<Row> unit = rows.withColumn("one", org.apache.spark.sql.functions.lit(1.0));
    for (UpliftFilter m : UpliftFilter.values()) {
      UpliftFeatureSelector.Result weighted = UpliftFeatureSelector.on(unit).treatmentCol("action").outcomeCol("y")
          .weightCol("one").features(FEATURES, FEATURES, Set.of("d")).method(m).bins(10).topK(4).execute();
      UpliftFeatureSelector.Result plain = select(m, null);
      for (String feature : FEATURES) {
        assertThat(score(weighted, feature)).as(m + " " + feature)
            .isCloseTo(score(plain, feature), org.assertj.core.data.Offset.offset(1e-9 * (1 + score(plain, feature))));
      }
    }
  }

  private static double score(UpliftFeatureSelector.Result r, String feature) {
    return r.ranking().stream().filter(s -> s.feature().equals(feature)).findFirst().orElseThrow().score();
  }
}
