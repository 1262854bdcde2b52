package io.upliftsuite.simulate;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * How registrations spread over the span: a per-day weight = trend x yearly cosine x weekday factor, turned into a
 * cumulative distribution once on the driver (one entry per calendar day, not per item). An item's registration day
 * is the inverse CDF of one uniform draw, so items are independent and need no ordering.
 */
public final class RegistrationCalendar implements Serializable {
  private final LocalDate start;
  private final double[] cdf;

  public RegistrationCalendar(LocalDate start, LocalDate end, SimulationSettings.Registrations r) {
    this.start = start;
    int days = (int) (end.toEpochDay() - start.toEpochDay()) + 1;
    double[] weights = new double[days];
    double total = 0;
    for (int i = 0; i < days; i++) {
      LocalDate day = start.plusDays(i);
      weights[i] = weight(day, i, days, r);
      total += weights[i];
    }
    cdf = new double[days];
    double acc = 0;
    for (int i = 0; i < days; i++) {
      acc += weights[i] / total;
      cdf[i] = acc;
    }
    cdf[days - 1] = 1.0;
  }

  /** The relative registration intensity of one day (documented in docs/simulator.md). */
  static double weight(LocalDate day, int index, int days, SimulationSettings.Registrations r) {
    double progress = days == 1 ? 0 : index / (double) (days - 1);
    double trend = 1 + (r.endToStartRatio() - 1) * progress;
    double yearly = 1 + r.yearlyAmplitude() * Math.cos(2 * Math.PI * (day.getDayOfYear() - r.yearlyPeakDay()) / 365.25);
    DayOfWeek dow = day.getDayOfWeek();
    double weekly = (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) ? r.weekendFactor() : 1.0;
    return Math.max(0, trend * yearly * weekly);
  }

  /** The registration date for a uniform draw u in [0, 1). */
  public LocalDate dayFor(double u) {
    int i = Arrays.binarySearch(cdf, u);
    int index = i >= 0 ? i : -i - 1;
    return start.plusDays(Math.min(index, cdf.length - 1));
  }

  public LocalDate start() {
    return start;
  }

  public LocalDate end() {
    return start.plusDays(cdf.length - 1);
  }
}
