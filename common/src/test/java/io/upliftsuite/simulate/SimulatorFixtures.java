package io.upliftsuite.simulate;

import io.upliftsuite.config.SuiteConfig;
import java.util.ArrayList;
import java.util.List;

/** Settings and driver-side item generation for simulator tests (no Spark: the model itself is plain Java). */
final class SimulatorFixtures {
  private SimulatorFixtures() {}

  /** The shipped defaults with the tiny profile, as a job would read them. */
  static SimulationSettings tiny() {
    return tiny(new String[0]);
  }

  /** Tiny profile with {@code --set}-style overrides applied. */
  static SimulationSettings tiny(String... overrides) {
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of(overrides));
    return SimulationSettings.from(config.section("simulate"), config.seed(), "tiny");
  }

  static List<ItemProfile> items(SimulationSettings s, long fromLead, long leads) {
    RegistrationCalendar calendar = new RegistrationCalendar(s.registrationStart(), s.registrationEnd(),
        s.registrations());
    Population population = new Population(s, calendar);
    List<ItemProfile> out = new ArrayList<>();
    for (long j = fromLead; j < fromLead + leads; j++) {
      out.addAll(population.itemsOfLead(j));
    }
    return out;
  }
}
