package io.upliftsuite.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The readout of an experiment from its counts ({@link ArmCounts}): per arm and segment the sizes, exclusions,
 * contact rate, compliance and delivery rates in the short and long windows with Wilson intervals; per segment the
 * sample-ratio-mismatch p-value (flagged below {@value #SRM_ALARM}), the difference and relative lift with intervals,
 * the one-sided Welch and exact p-values, and the simulator's true effect when known. Rates over incomplete windows
 * use the items whose window is complete and say so in the note; a window complete for no item gives no number and
 * says that.
 */
public final class ExperimentReadout {
  public static final double SRM_ALARM = 0.01;

  private ExperimentReadout() {}

  /**
   * @param dataEnd the end of the data, for the notes about incomplete windows
   */
  public static List<ResultRow> of(Experiment experiment, List<ArmCounts> counts, double confidence, int shortDays,
      int longDays, String dataEnd) {
    List<ResultRow> out = new ArrayList<>();
    List<String> segments = counts.stream().map(ArmCounts::segment).distinct().sorted((a, b) ->
        a.equals(ExperimentAnalysis.ALL) ? -1 : b.equals(ExperimentAnalysis.ALL) ? 1 : a.compareTo(b)).toList();
    for (String segment : segments) {
      ArmCounts t = find(counts, segment, ArmAssignment.TREATMENT).orElse(empty(segment, ArmAssignment.TREATMENT));
      ArmCounts c = find(counts, segment, ArmAssignment.CONTROL).orElse(empty(segment, ArmAssignment.CONTROL));
      for (ArmCounts a : List.of(t, c)) {
        out.add(ResultRow.of(segment, "assigned_items", a.arm(), a.assigned(), a.assigned()));
        out.add(ResultRow.of(segment, "analysed_items", a.arm(), a.analysed(), a.analysed()));
        out.add(ResultRow.of(segment, "excluded_lead_initiated_first", a.arm(), a.excludedLeadFirst(), a.assigned()));
        out.add(ResultRow.of(segment, "excluded_prescheduled_first", a.arm(), a.excludedPrescheduled(),
            a.assigned()));
        out.add(ResultRow.of(segment, "pending_decision_day", a.arm(), a.pendingAction(), a.assigned()));
        out.add(ResultRow.of(segment, "closed_or_missing", a.arm(), a.closedBeforeDay(), a.assigned()));
        out.add(rate(segment, "contact_rate", a.arm(), a.contacted(), a.analysed(), confidence, null));
        out.add(rate(segment, "compliance", a.arm(), a.complied(), a.analysed(), confidence, null));
        out.add(rate(segment, "delivery_rate_" + shortDays + "d", a.arm(), a.shortDelivered(), a.shortComplete(),
            confidence, incomplete(a.analysed(), a.shortComplete(), shortDays, dataEnd)));
        out.add(rate(segment, "delivery_rate_" + longDays + "d", a.arm(), a.longDelivered(), a.longComplete(),
            confidence, incomplete(a.analysed(), a.longComplete(), longDays, dataEnd)));
      }
      double srm = ExperimentStatistics.srmPValue(t.assigned(), c.assigned(), experiment.treatmentShare());
      out.add(new ResultRow(segment, "srm_p_value", ResultRow.COMPARISON, srm, Double.NaN, Double.NaN,
          t.assigned() + c.assigned(), srm < SRM_ALARM ? String.format(Locale.ROOT, "WARNING: sample ratio mismatch "
              + "(p = %.2g < %.2f): %d treatment vs %d control items for a designed treatment share of %.2f; the "
              + "comparison cannot be trusted until the cause is found", srm, SRM_ALARM, t.assigned(), c.assigned(),
              experiment.treatmentShare()) : null));
      compare(out, segment, shortDays + "d", t.shortDelivered(), t.shortComplete(), c.shortDelivered(),
          c.shortComplete(), confidence, incompleteBoth(t, c, true, shortDays, dataEnd), t.truthShort(),
          t.truthShortN(), c.truthShort(), c.truthShortN());
      compare(out, segment, longDays + "d", t.longDelivered(), t.longComplete(), c.longDelivered(),
          c.longComplete(), confidence, incompleteBoth(t, c, false, longDays, dataEnd), t.truthLong(),
          t.truthLongN(), c.truthLong(), c.truthLongN());
    }
    return out;
  }

  private static void compare(List<ResultRow> out, String segment, String window, long xT, long nT, long xC, long nC,
      double confidence, String note, double truthT, long truthTn, double truthC, long truthCn) {
    String cmp = ResultRow.COMPARISON;
    long n = nT + nC;
    if (nT == 0 || nC == 0) {
      String why = note != null ? note : "an arm has no analysed item";
      for (String m : List.of("difference_delivery_", "relative_lift_delivery_", "welch_p_one_sided_",
          "exact_p_one_sided_")) {
        out.add(new ResultRow(segment, m + window, cmp, Double.NaN, Double.NaN, Double.NaN, n, why));
      }
    } else {
      ExperimentStatistics.Comparison c = ExperimentStatistics.compare(xT, nT, xC, nC, confidence);
      out.add(new ResultRow(segment, "difference_delivery_" + window, cmp, c.difference(), c.differenceLow(),
          c.differenceHigh(), n, note));
      out.add(new ResultRow(segment, "relative_lift_delivery_" + window, cmp, c.relativeLift(), c.liftLow(),
          c.liftHigh(), n, Double.isNaN(c.relativeLift()) ? join(note, "undefined: no delivery in an arm") : note));
      out.add(new ResultRow(segment, "welch_p_one_sided_" + window, cmp, c.welchPOneSided(), Double.NaN, Double.NaN,
          n, join(note, "H1: treatment rate > control rate")));
      out.add(new ResultRow(segment, "exact_p_one_sided_" + window, cmp, c.exactPOneSided(), Double.NaN, Double.NaN,
          n, join(note, "Fisher's exact test, H1: treatment rate > control rate")));
    }
    if (truthTn + truthCn > 0 && !Double.isNaN(truthT + truthC)) {
      // the simulator's sample average treatment effect over the analysed items with a complete window
      out.add(new ResultRow(segment, "true_effect_delivery_" + window, cmp, (truthT + truthC) / (truthTn + truthCn),
          Double.NaN, Double.NaN, truthTn + truthCn, "simulator: mean over analysed items of c * (pi - e) * "
              + "(p_contact - p_no_contact)"));
    }
  }

  private static ResultRow rate(String segment, String metric, String arm, long x, long n, double confidence,
      String note) {
    ExperimentStatistics.Rate r = ExperimentStatistics.wilson(x, n, confidence);
    return new ResultRow(segment, metric, arm, r.rate(), r.low(), r.high(), n, n == 0 && note == null
        ? "no analysed item" : note);
  }

  static String incomplete(long analysed, long complete, int days, String dataEnd) {
    if (complete >= analysed) {
      return null;
    }
    if (complete == 0) {
      return "incomplete: no analysed item's " + days + "-day window has ended by the end of the data (" + dataEnd
          + "); no rate yet";
    }
    return "incomplete: " + (analysed - complete) + " of " + analysed + " analysed items' " + days
        + "-day windows end after the data (" + dataEnd + "); the rate uses the " + complete + " complete ones";
  }

  private static String incompleteBoth(ArmCounts t, ArmCounts c, boolean shortWindow, int days, String dataEnd) {
    long analysed = t.analysed() + c.analysed();
    long complete = shortWindow ? t.shortComplete() + c.shortComplete() : t.longComplete() + c.longComplete();
    return incomplete(analysed, complete, days, dataEnd);
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "; " + b;
  }

  private static Optional<ArmCounts> find(List<ArmCounts> counts, String segment, String arm) {
    return counts.stream().filter(c -> c.segment().equals(segment) && arm.equals(c.arm())).findFirst();
  }

  private static ArmCounts empty(String segment, String arm) {
    return new ArmCounts(segment, arm, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, 0, Double.NaN, 0);
  }
}
