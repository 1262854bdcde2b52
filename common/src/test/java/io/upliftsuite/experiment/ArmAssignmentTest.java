package io.upliftsuite.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ArmAssignmentTest {
  static Experiment experiment(double share, double treatment, String salt) {
    return new Experiment("x", LocalDate.parse("2021-01-01"), LocalDate.parse("2021-01-31"), share, treatment, salt,
        true, "", true, true);
  }

  @Test
  void theDrawIsTheDocumentedSha256AndNeverChanges() {
    // `printf 's\0001\000I00000001-1' | sha256sum` = 97168f4ecd4af2ec...; the first 53 bits / 2^53 is the draw:
    // 0x97168f4ecd4af2ec >>> 11 / 2^53 = 0.5901879851710807
    double u = ArmAssignment.uniform("s", 1, "I00000001-1");
    assertThat(u).isEqualTo(0.5901879851710807);
    assertThat(u).isEqualTo(ArmAssignment.uniform("s", 1, "I00000001-1"));
    assertThat(u).isEqualTo(Sha256Reference.uniform("s\u00001\u0000I00000001-1"));
    assertThat(u).isNotEqualTo(ArmAssignment.uniform("t", 1, "I00000001-1"));
    assertThat(u).isNotEqualTo(ArmAssignment.uniform("s", 0, "I00000001-1"));
  }

  @Test
  void armsFollowTheSharesAndTheSampleDrawIsIndependentOfTheArmDraw() {
    Experiment half = experiment(1.0, 0.5, "salt-a");
    Experiment seventy = experiment(0.6, 0.7, "salt-a");
    int n = 20000;
    int treatedHalf = 0;
    int sampled = 0;
    int treatedSeventy = 0;
    int movedFromControlToTreatment = 0;
    for (int i = 0; i < n; i++) {
      String item = "I" + i;
      boolean t = ArmAssignment.arm(half, item).equals(ArmAssignment.TREATMENT);
      treatedHalf += t ? 1 : 0;
      if (ArmAssignment.sampled(seventy, item)) {
        sampled++;
        boolean t70 = ArmAssignment.arm(seventy, item).equals(ArmAssignment.TREATMENT);
        treatedSeventy += t70 ? 1 : 0;
        // raising the treatment share only moves control items to treatment, never the other way
        movedFromControlToTreatment += (t && !t70) ? 1 : 0;
      }
    }
    // binomial sd of a share over 20000 items is 0.0035: 4 sd
    assertThat(treatedHalf / (double) n).isCloseTo(0.5, within(0.014));
    assertThat(sampled / (double) n).isCloseTo(0.6, within(0.014));
    assertThat(treatedSeventy / (double) sampled).isCloseTo(0.7, within(0.018));
    assertThat(movedFromControlToTreatment).isZero();
    assertThat(ArmAssignment.sampled(experiment(1.0, 0.5, "s"), "anything")).isTrue();
  }
}
