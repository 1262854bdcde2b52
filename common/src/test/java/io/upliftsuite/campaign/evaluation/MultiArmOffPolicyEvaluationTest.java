package io.upliftsuite.campaign.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.campaign.evaluation.MultiArmOffPolicyEvaluation.ValueEstimator;
import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** IPS, SNIPS and DR of multi-arm policies against numbers computed by hand on six customers. */
class MultiArmOffPolicyEvaluationTest {

  /**
   * Three arms with assignment probabilities 0.5 / 0.25 / 0.25; one outcome. Customer i: (arm a, y, predictions
   * mu_0..2, true mu*_0..2). Policy 0 gives everyone arm 1; policy 1 is uniform random (1/3 each).
   */
  private static final double[][] DATA = {
      // a,  y,   mu0, mu1, mu2,  true0, true1, true2
      {0, 1.0, 0.5, 1.0, 0.0, 0.4, 1.2, 0.1},
      {1, 3.0, 1.0, 2.0, 1.0, 1.0, 2.5, 0.9},
      {2, 0.0, 0.0, 0.5, 0.5, 0.1, 0.6, 0.3},
      {0, 2.0, 1.5, 1.5, 1.5, 1.6, 1.4, 1.5},
      {1, 0.0, 0.2, 0.4, 0.1, 0.3, 0.2, 0.0},
      {2, 4.0, 2.0, 3.0, 3.5, 2.2, 3.1, 3.6},
  };
  private static final double[] P = {0.5, 0.25, 0.25};

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < DATA.length; i++) {
      double[] d = DATA[i];
      int a = (int) d[0];
      rows.add(RowFactory.create(1000L + i, a, P[a],
          scala.jdk.javaapi.CollectionConverters.asScala(List.of(d[1])).toSeq(),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of(d[2], d[3], d[4])).toSeq(),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of(d[5], d[6], d[7])).toSeq(),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of(0.0, 1.0, 0.0, 1 / 3.0, 1 / 3.0, 1 / 3.0)).toSeq()));
    }
    return rows;
  }

  @Test
  void pointEstimatesAndTruthEqualTheFormulasComputedByHand() {
    var rdd = SparkTestSession.get().createDataFrame(rows(), new org.apache.spark.sql.types.StructType()
        .add("seed", "long").add("arm", "int").add("p", "double").add("y", "array<double>")
        .add("mu", "array<double>").add("truth", "array<double>").add("pi", "array<double>")).javaRDD();
    MultiArmOffPolicyEvaluation ope = new MultiArmOffPolicyEvaluation(3, 1, 2).replicates(50).withTruth(true);
    boolean[] all = {true, true, true};
    int everyoneOne = ope.target(0, 0, all);
    int random = ope.target(1, 0, all);
    int randomArm2Only = ope.target(1, 0, new boolean[] {false, false, true});
    int randomTreatedShare = ope.target(1, -1, new boolean[] {false, true, true});
    MultiArmOffPolicyEvaluation.Result r = ope.execute(rdd);

    // Everyone on arm 1: customers 2 and 5 match, weight 1/0.25 = 4.
    // IPS = (4*3 + 4*0) / 6 = 2; SNIPS = 12 / 8 = 1.5;
    // DR = (sum mu1 + 4*(3-2) + 4*(0-0.4)) / 6 = (8.4 + 4 - 1.6) / 6 = 1.8; truth = mean true1 = 9.0 / 6 = 1.5.
    assertThat(r.values(everyoneOne, ValueEstimator.IPS)[0]).isCloseTo(2.0, within(1e-12));
    assertThat(r.values(everyoneOne, ValueEstimator.SNIPS)[0]).isCloseTo(1.5, within(1e-12));
    assertThat(r.values(everyoneOne, ValueEstimator.DR)[0]).isCloseTo(1.8, within(1e-12));
    assertThat(r.truth(everyoneOne)).isCloseTo(1.5, within(1e-12));

    // Uniform random: w_i = (1/3)/p_a: 2/3 for arm 0, 4/3 for arms 1 and 2.
    // IPS = (2/3*1 + 4/3*3 + 4/3*0 + 2/3*2 + 4/3*0 + 4/3*4) / 6 = (2 + 28/3) / 6 = 34/18
    double ips = (2.0 / 3 * 1 + 4.0 / 3 * 3 + 2.0 / 3 * 2 + 4.0 / 3 * 4) / 6;
    double snips = (2.0 / 3 * 1 + 4.0 / 3 * 3 + 2.0 / 3 * 2 + 4.0 / 3 * 4) / (2.0 / 3 * 2 + 4.0 / 3 * 4);
    double dr = 0;
    double truth = 0;
    for (double[] d : DATA) {
      int a = (int) d[0];
      dr += (d[2] + d[3] + d[4]) / 3 + (1.0 / 3 / P[a]) * (d[1] - d[2 + a]);
      truth += (d[5] + d[6] + d[7]) / 3;
    }
    assertThat(r.values(random, ValueEstimator.IPS)[0]).isCloseTo(ips, within(1e-12));
    assertThat(r.values(random, ValueEstimator.SNIPS)[0]).isCloseTo(snips, within(1e-12));
    assertThat(r.values(random, ValueEstimator.DR)[0]).isCloseTo(dr / 6, within(1e-12));
    assertThat(r.truth(random)).isCloseTo(truth / 6, within(1e-12));

    // Masked to arm 2: only customers 3 and 6 contribute to IPS: (4/3*0 + 4/3*4) / 6; truth = mean true2 / 3.
    assertThat(r.values(randomArm2Only, ValueEstimator.IPS)[0]).isCloseTo(4.0 / 3 * 4 / 6, within(1e-12));
    assertThat(r.truth(randomArm2Only)).isCloseTo((0.1 + 0.9 + 0.3 + 1.5 + 0.0 + 3.6) / 3 / 6, within(1e-12));
    // Count target: the share of customers on arms 1 or 2 is exactly 2/3 by DR (and in "truth").
    assertThat(r.values(randomTreatedShare, ValueEstimator.DR)[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.truth(randomTreatedShare)).isCloseTo(2.0 / 3, within(1e-12));
    // Bootstrap replicates are resamples: they differ from the point estimate, and differ between each other.
    double[] reps = r.values(random, ValueEstimator.IPS);
    assertThat(java.util.Arrays.stream(reps, 1, reps.length).distinct().count()).isGreaterThan(10);
  }
}
