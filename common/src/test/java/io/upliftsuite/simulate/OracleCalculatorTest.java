package io.upliftsuite.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.simulate.ItemSimulator.History;
import io.upliftsuite.simulate.ItemSimulator.Stage;
import io.upliftsuite.simulate.OracleCalculator.PotentialOutcomes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact oracle against brute force: re-simulating an item's future many times with the day's action forced. */
class OracleCalculatorTest {
  private static final int PATHS = 2500;

  @Test
  void reSimulationWithForcedContactReproducesTheOracleDifference() {
    SimulationSettings s = SimulatorFixtures.tiny();
    DailyModel model = new DailyModel(s);
    ItemSimulator simulator = new ItemSimulator(model);
    OracleCalculator oracle = new OracleCalculator(model);
    // One item per segment, and each at decision days 1, 3 and 7 when it is still waiting for the lead then.
    List<ItemProfile> picked = new ArrayList<>();
    EnumSet<ItemProfile.Segment> seen = EnumSet.noneOf(ItemProfile.Segment.class);
    for (ItemProfile item : SimulatorFixtures.items(s, 0, 400)) {
      if (seen.add(item.segment())) {
        picked.add(item);
      }
    }
    assertThat(picked).hasSize(4);
    int checked = 0;
    for (ItemProfile item : picked) {
      for (int day : new int[] {1, 3, 7}) {
        for (Stage stage : new Stage[] {Stage.REGISTERED, Stage.LABEL_SENT}) {
          double exactContact = oracle.potentialOutcome(item, stage, day, true, s.horizonDays());
          double exactNone = oracle.potentialOutcome(item, stage, day, false, s.horizonDays());
          double sumDiff = 0;
          double sumSqDiff = 0;
          double sumContact = 0;
          double sumNone = 0;
          for (int path = 1; path <= PATHS; path++) {
            // The same path number for both arms: common random numbers, so the difference has a small variance.
            int yc = ItemSimulator.deliveredWithin(item, simulator.resimulate(item, stage, day, true, path),
                s.horizonDays()) ? 1 : 0;
            int yn = ItemSimulator.deliveredWithin(item, simulator.resimulate(item, stage, day, false, path),
                s.horizonDays()) ? 1 : 0;
            sumContact += yc;
            sumNone += yn;
            sumDiff += yc - yn;
            sumSqDiff += (yc - yn) * (yc - yn);
          }
          double meanDiff = sumDiff / PATHS;
          double seDiff = Math.sqrt(Math.max(sumSqDiff / PATHS - meanDiff * meanDiff, 1e-4) / PATHS);
          double seLevel = Math.sqrt(0.25 / PATHS);
          String what = item.segment() + " " + stage + " day " + day + ": exact " + exactContact + " / " + exactNone
              + ", simulated " + sumContact / PATHS + " / " + sumNone / PATHS;
          assertThat(Math.abs(sumContact / PATHS - exactContact)).as(what).isLessThan(4 * seLevel);
          assertThat(Math.abs(sumNone / PATHS - exactNone)).as(what).isLessThan(4 * seLevel);
          assertThat(Math.abs(meanDiff - (exactContact - exactNone))).as(what + ", diff se " + seDiff)
              .isLessThan(4 * seDiff + 1e-3);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(24);
  }

  @Test
  void segmentsHaveTheDocumentedSignOfEffect() {
    SimulationSettings s = SimulatorFixtures.tiny();
    DailyModel model = new DailyModel(s);
    OracleCalculator oracle = new OracleCalculator(model);
    double[] sum = new double[4];
    int[] n = new int[4];
    for (ItemProfile item : SimulatorFixtures.items(s, 0, 1000)) {
      double diff = oracle.potentialOutcome(item, Stage.REGISTERED, 1, true, s.horizonDays())
          - oracle.potentialOutcome(item, Stage.REGISTERED, 1, false, s.horizonDays());
      sum[item.segment().ordinal()] += diff;
      n[item.segment().ordinal()]++;
    }
    double persuadable = sum[0] / n[0];
    double sureThing = sum[1] / n[1];
    double lostCause = sum[2] / n[2];
    double sleepingDog = sum[3] / n[3];
    assertThat(persuadable).isGreaterThan(0.04);
    assertThat(Math.abs(sureThing)).isLessThan(0.01);
    assertThat(Math.abs(lostCause)).isLessThan(0.01);
    assertThat(sleepingDog).isLessThan(-0.015);
  }

  @Test
  void effectIsStrongestOnDayOne() {
    SimulationSettings s = SimulatorFixtures.tiny();
    OracleCalculator oracle = new OracleCalculator(new DailyModel(s));
    double previous = Double.POSITIVE_INFINITY;
    double[] byDay = new double[15];
    List<ItemProfile> persuadables = SimulatorFixtures.items(s, 0, 300).stream()
        .filter(i -> i.segment() == ItemProfile.Segment.PERSUADABLE).toList();
    for (int d = 1; d <= 14; d++) {
      for (ItemProfile item : persuadables) {
        byDay[d] += oracle.potentialOutcome(item, Stage.REGISTERED, d, true, s.horizonDays())
            - oracle.potentialOutcome(item, Stage.REGISTERED, d, false, s.horizonDays());
      }
      assertThat(byDay[d]).as("effect on day " + d).isLessThan(previous);
      previous = byDay[d];
    }
  }

  @Test
  void arrivalOnTheHorizonDayCountsUpToTheRegistrationTimeOfDay() {
    SimulationSettings s = SimulatorFixtures.tiny();
    ItemProfile item = SimulatorFixtures.items(s, 0, 1).get(0);
    ItemProfile at14h = new ItemProfile(item.leadIndex(), item.itemNumber(), item.leadId(), item.itemId(),
        item.registrationDate(), 14 * 3600, item.state(), item.ageBand(), item.acquisitionChannel(),
        item.commercial(), item.itemType(), item.valueEstimate(), item.fraudFlagged(), item.segment(), item.intent(),
        item.featureLogit(), item.effectLogit(), item.leadScore());
    // Deliveries arrive uniformly 10:00-18:00: a 14:00 registration leaves (14h - 10h + 1s) / 8h of day 90.
    assertThat(OracleCalculator.arrivesInTime(at14h, 90, 90)).isCloseTo((4 * 3600 + 1) / 28800.0,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(OracleCalculator.arrivesInTime(at14h, 89, 90)).isEqualTo(1.0);
    assertThat(OracleCalculator.arrivesInTime(at14h, 91, 90)).isEqualTo(0.0);
    // Shipped on day 85: lags 1..4 arrive before day 90, lag 5 (p = 0.10) lands on day 90.
    assertThat(OracleCalculator.shippedValue(at14h, 85, 90))
        .isCloseTo(0.90 + 0.10 * (4 * 3600 + 1) / 28800.0, org.assertj.core.data.Offset.offset(1e-12));
    // In transit since day 85 and not arrived by 9 AM of day 89: lags 4 and 5 remain, 0.15 and 0.10.
    assertThat(OracleCalculator.inTransit(at14h, 85, 89, 90))
        .isCloseTo((0.15 + 0.10 * (4 * 3600 + 1) / 28800.0) / 0.25, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void oracleRowsExistExactlyForDaysTheItemIsOpen() {
    SimulationSettings s = SimulatorFixtures.tiny();
    DailyModel model = new DailyModel(s);
    ItemSimulator simulator = new ItemSimulator(model);
    OracleCalculator oracle = new OracleCalculator(model);
    int rows = 0;
    for (ItemProfile item : SimulatorFixtures.items(s, 0, 300)) {
      History h = simulator.simulate(item, null, null);
      List<PotentialOutcomes> out = oracle.compute(item, h);
      for (PotentialOutcomes p : out) {
        Stage stage = h.stageAt9[p.day()];
        assertThat(stage).isIn(Stage.REGISTERED, Stage.LABEL_SENT, Stage.SHIPPED);
        assertThat(p.p14Contact()).isLessThanOrEqualTo(p.p90Contact() + 1e-12);
        assertThat(p.p14NoContact()).isLessThanOrEqualTo(p.p90NoContact() + 1e-12);
        if (stage == Stage.SHIPPED) {
          assertThat(p.p90Contact()).isEqualTo(p.p90NoContact());
        }
      }
      long openDays = java.util.stream.IntStream.rangeClosed(s.oracleFirstDay(), s.oracleLastDay())
          .filter(d -> h.stageAt9[d] != Stage.DELIVERED && h.stageAt9[d] != Stage.ABANDONED).count();
      assertThat(out).hasSize((int) openDays);
      rows += out.size();
    }
    assertThat(rows).isGreaterThan(300 * 5);
  }
}
