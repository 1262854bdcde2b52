package io.upliftsuite.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfigException;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {
  @Test
  void profilesSetSizeAndSpan() {
    SimulationSettings tiny = SimulatorFixtures.tiny();
    assertThat(tiny.items()).isEqualTo(1500);
    assertThat(tiny.registrationStart()).hasToString("2021-01-01");
    assertThat(Population.leadsFor(tiny)).isEqualTo(Math.round(1500 / (1 + 0.18 * 1.4)));
  }

  @Test
  void badValuesFailNamingTheKey() {
    assertThatThrownBy(() -> SimulatorFixtures.tiny("simulate.policy.call-connect-rate=1.5"))
        .isInstanceOf(SuiteConfigException.class)
        .hasMessageContaining("simulate.policy.call-connect-rate").hasMessageContaining("1.5");
    assertThatThrownBy(() -> SimulatorFixtures.tiny("simulate.max-days=60"))
        .isInstanceOf(SuiteConfigException.class).hasMessageContaining("simulate.max-days");
    assertThatThrownBy(() -> SimulatorFixtures.tiny("simulate.time-zone=Mars/Olympus"))
        .isInstanceOf(SuiteConfigException.class).hasMessageContaining("simulate.time-zone");
  }

  @Test
  void registrationCalendarHasWeeklyAndYearlySeasonality() {
    SimulationSettings s = SimulatorFixtures.tiny();
    java.time.LocalDate monday = java.time.LocalDate.of(2019, 1, 7);
    double weekday = RegistrationCalendar.weight(monday, 0, 100, s.registrations());
    double sunday = RegistrationCalendar.weight(monday.plusDays(6), 0, 100, s.registrations());
    assertThat(sunday / weekday).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
    double january = RegistrationCalendar.weight(java.time.LocalDate.of(2019, 1, 10), 0, 100, s.registrations());
    double july = RegistrationCalendar.weight(java.time.LocalDate.of(2019, 7, 11), 0, 100, s.registrations());
    assertThat(january / july).isCloseTo(1.25 / 0.75, org.assertj.core.data.Offset.offset(0.01));
  }
}
