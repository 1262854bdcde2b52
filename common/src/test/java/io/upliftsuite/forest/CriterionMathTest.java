package io.upliftsuite.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Criteria against CausalML's numbers ({@code uplift-criteria-reference.json}: 6 node cases x 5 criteria x n_reg 0/10)
 * and the normaliser against values computed by hand from Rzepakowski &amp; Jaroszewicz's formula.
 */
class CriterionMathTest {
  private static final Map<String, SplitCriterion> CRITERIA = Map.of("KL", SplitCriterion.KL, "ED", SplitCriterion.ED,
      "Chi", SplitCriterion.CHI, "CTS", SplitCriterion.CTS, "DDP", SplitCriterion.DDP);

  @Test
  void unnormalisedScoresAndGainsMatchCausalMl() throws Exception {
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("/reference/uplift-criteria-reference.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode c : ref.get("cases")) {
      List<String> arms = new ArrayList<>();
      c.get("arms").forEach(a -> arms.add(a.asText()));
      int k = arms.size();
      double[] n = new double[k];
      double[] m = new double[k];
      double[] nL = new double[k];
      double[] mL = new double[k];
      double[] nR = new double[k];
      double[] mR = new double[k];
      for (int i = 0; i < k; i++) {
        JsonNode counts = c.get("counts").get(arms.get(i));
        n[i] = counts.get("parent_n").asDouble();
        m[i] = counts.get("parent_pos").asDouble();
        nL[i] = counts.get("left_n").asDouble();
        mL[i] = counts.get("left_pos").asDouble();
        nR[i] = counts.get("right_n").asDouble();
        mR[i] = counts.get("right_pos").asDouble();
      }
      double minTreatment = c.get("min_samples_treatment").asDouble();
      for (Map.Entry<String, SplitCriterion> crit : CRITERIA.entrySet()) {
        JsonNode byReg = c.get("results").get(crit.getKey());
        if (byReg == null) {
          continue; // DDP is defined for two arms only
        }
        for (int nReg : new int[] {0, 10}) {
          JsonNode r = byReg.get("n_reg_" + nReg);
          String what = c.get("name").asText() + " " + crit.getKey() + " n_reg=" + nReg;
          SplitCriterion sc = crit.getValue();
          double[] parentP = CriterionMath.estimates(n, m, null, nReg, minTreatment);
          double[] leftP = CriterionMath.estimates(nL, mL, parentP, nReg, minTreatment);
          double[] rightP = CriterionMath.estimates(nR, mR, parentP, nReg, minTreatment);
          assertThat(parentP).as(what).containsExactly(doubles(r.get("parent_p")), within(1e-15));
          assertThat(leftP).as(what).containsExactly(doubles(r.get("left_p")), within(1e-15));
          assertThat(rightP).as(what).containsExactly(doubles(r.get("right_p")), within(1e-15));
          // KL: CausalML computes in float32; the reference's float64 re-implementation is what a double port gets
          JsonNode f64 = r.get("float64_reimplementation");
          double tol = sc == SplitCriterion.KL ? 1e-12 : 1e-12;
          JsonNode expected = sc == SplitCriterion.KL ? f64 : r;
          assertThat(CriterionMath.score(sc, parentP)).as(what + " parent").isCloseTo(
              expected.get("parent_score").asDouble(), within(tol));
          assertThat(CriterionMath.score(sc, leftP)).as(what + " left").isCloseTo(
              expected.get("left_score").asDouble(), within(tol));
          assertThat(CriterionMath.score(sc, rightP)).as(what + " right").isCloseTo(
              expected.get("right_score").asDouble(), within(tol));
          double gain = CriterionMath.gain(sc, parentP, nL, mL, nR, mR, nReg, minTreatment, false);
          double causalMlGain = r.get("gain_normalization_false").asDouble();
          assertThat(gain).as(what + " gain vs CausalML").isCloseTo(causalMlGain,
              within(sc == SplitCriterion.KL ? 5e-8 : 1e-12 * Math.max(1, Math.abs(causalMlGain))));
          if (sc == SplitCriterion.KL) {
            assertThat(gain).as(what + " gain vs float64").isCloseTo(f64.get("gain_unnormalized").asDouble(),
                within(1e-12));
          }
          // CTS and DDP ignore normalisation, as in CausalML
          if (!sc.isDivergence()) {
            assertThat(CriterionMath.gain(sc, parentP, nL, mL, nR, mR, nReg, minTreatment, true))
                .as(what).isEqualTo(gain);
          }
          checked++;
        }
      }
    }
    assertThat(checked).as("3 two-arm cases x 5 criteria + 3 three-arm cases x 4, x 2 n_reg").isEqualTo(54);
  }

  @Test
  void paperNormaliserMatchesHandComputedValues() {
    // two_arm_basic: 1000/1000 rows, 400/400 go left. KL: H(.5,.5)*KL(.4:.4) + .5 H(.4) + .5 H(.4) + .5 (nats)
    double[] n = {1000, 1000};
    double[] nL = {400, 400};
    assertThat(CriterionMath.normalizer(SplitCriterion.KL, n, nL)).isCloseTo(1.1730116670092565, within(1e-14));
    // ED: Gini(.5,.5)*0 + .5 Gini(.4) + .5 Gini(.4) + .5 = .24 + .24 + .5
    assertThat(CriterionMath.normalizer(SplitCriterion.ED, n, nL)).isCloseTo(0.98, within(1e-14));
    // three_arm_unbalanced_negative_effect, KL, alpha 0.9 (computed independently in Python)
    assertThat(CriterionMath.normalizer(SplitCriterion.KL, new double[] {600, 400, 1000},
        new double[] {150, 100, 700})).isCloseTo(1.243947454017436, within(1e-14));
  }

  @Test
  void klIsZeroWhenControlRateIsZeroLikeCausalMl() {
    assertThat(CriterionMath.kl(0.2, 0.0)).isZero();
    assertThat(CriterionMath.kl(0.2, 0.1)).isCloseTo(0.2 * Math.log(2) + 0.8 * Math.log(0.8 / 0.9), within(1e-15));
  }

  @Test
  void causalMseRewardsASplitThatSeparatesEffects() {
    // left: effect +1 (control mean 0, treated 1), right: effect -1; the parent has no average effect
    double[] nL = {50, 50};
    double[] mL = {0, 50};
    double[] sL = {0, 50};
    double[] nR = {50, 50};
    double[] mR = {50, 0};
    double[] sR = {50, 0};
    double[] n = {100, 100};
    double[] m = {50, 50};
    double[] s = {50, 50};
    double[] mu = CriterionMath.estimates(n, m, null, 0, 0);
    // children scores: tau^2 = 1, variances 0; parent: tau = 0, var of each mean = (0.25*100/99)/100
    double parentVar = 2 * (50 - 100 * 0.25) / 99 / 100;
    assertThat(CriterionMath.causalMseGain(mu, n, m, s, nL, mL, sL, nR, mR, sR, 0, 0))
        .isCloseTo(1 + parentVar, within(1e-12));
  }

  private static double[] doubles(JsonNode array) {
    double[] d = new double[array.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = array.get(i).asDouble();
    }
    return d;
  }
}
