package io.upliftsuite.experiment;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * One randomised experiment of the recommendations (config {@code recommend.experiments}, see
 * {@link ExperimentConfig}). Decision points whose date is in [{@code start}, {@code end}] belong to it; an eligible
 * item is sampled into it with probability {@code shareOfEligible} and put in the treatment arm (its recommendations
 * are delivered) with probability {@code treatmentShare}, both from a stable hash of ({@code salt}, item_id); the
 * control arm keeps the existing policy while its recommendations are computed and stored.
 *
 * @param aeRosterTable logical table (config {@code tables.NAME}) of AE presence, or "" for none
 * @param excludeLeadInitiatedFirst the analysis leaves out items whose first contact that day came from the lead
 * @param excludePrescheduledFirst the analysis leaves out items whose first contact that day was prescheduled
 */
public record Experiment(String id, LocalDate start, LocalDate end, double shareOfEligible, double treatmentShare,
    String salt, boolean excludeWeekends, String aeRosterTable, boolean excludeLeadInitiatedFirst,
    boolean excludePrescheduledFirst) implements Serializable {

  public boolean covers(LocalDate date) {
    return !date.isBefore(start) && !date.isAfter(end);
  }

  public boolean hasRoster() {
    return !aeRosterTable.isBlank();
  }

  static boolean isWeekend(LocalDate date) {
    DayOfWeek d = date.getDayOfWeek();
    return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
  }
}
