package io.upliftsuite.experiment;

import io.upliftsuite.explain.PolicyRule;
import io.upliftsuite.explain.PolicySurrogate;
import io.upliftsuite.explain.TreeView;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The static HTML report of an experiment: the design, a loud warning on a sample ratio mismatch, the readout table
 * (per arm: items, delivery rates with Wilson intervals, contact rate, compliance; the difference, relative lift and
 * one-sided p-values; the simulator's true effect when known), the same per recommendation, exclusions, a chart of
 * the delivery rates, and the policy explanation — the surrogate tree drawn as an SVG and its rules. Built only from
 * the rows written to {@code experiment_results} and {@code policy_rules}.
 */
public final class ExperimentReport {
  private ExperimentReport() {}

  /** What the report shows besides the readout rows. */
  public record Context(Experiment experiment, String reportDate, String dataEnd, List<String> modelIds,
      int shortDays, int longDays, double confidence, PolicySurrogate.Result surrogate) {}

  /** Writes {@code dir/index.html} and its chart; returns the path of index.html. */
  public static String write(List<ResultRow> rows, Context ctx, String dir, Configuration hadoop) {
    Experiment e = ctx.experiment();
    StringBuilder h = new StringBuilder();
    String title = "Experiment " + e.id() + " — readout of " + ctx.reportDate();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>body{font-family:sans-serif;max-width:1080px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
        .append(".box{padding:1em;background:#f6f8ff;border-left:4px solid #3367d6;margin:1em 0}")
        .append(".alarm{padding:1em;background:#ffe5e5;border:3px solid #c00;color:#900;font-size:1.3em;")
        .append("font-weight:bold;margin:1em 0}.note{color:#666;font-size:0.9em}</style></head><body>")
        .append("<h1>").append(esc(title)).append("</h1>");
    h.append("<div class=\"box\">Decision dates ").append(e.start()).append(" … ").append(e.end())
        .append(" (9 AM, business time zone); ").append(pct(e.shareOfEligible())).append(" of eligible items sampled, ")
        .append(pct(e.treatmentShare())).append(" of them in the treatment arm (recommendations delivered), the rest ")
        .append("in the control arm (existing policy; recommendations computed and stored). Arm = SHA-256 hash of ")
        .append("(salt '").append(esc(e.salt())).append("', item_id).<br>Not eligible: ")
        .append(e.excludeWeekends() ? "weekend days; " : "")
        .append(e.hasRoster() ? "days the owning AE is absent (roster '" + esc(e.aeRosterTable()) + "'); " : "")
        .append("left out of the analysis: ")
        .append(e.excludeLeadInitiatedFirst() ? "days whose first contact came from the lead; " : "")
        .append(e.excludePrescheduledFirst() ? "days whose first contact was prescheduled; " : "")
        .append("items whose decision day has not ended in the data.<br>Models: ")
        .append(esc(String.join(", ", ctx.modelIds()))).append(". Data end: ").append(esc(ctx.dataEnd()))
        .append(". Intervals: ").append(pct(ctx.confidence())).append(".</div>");

    for (ResultRow r : rows) {
      if (r.metric().equals("srm_p_value") && r.note() != null && r.note().startsWith("WARNING")) {
        h.append("<div class=\"alarm\">").append(r.segment().equals(ExperimentAnalysis.ALL) ? ""
            : "Segment " + esc(r.segment()) + ": ").append(esc(r.note())).append("</div>");
      }
    }
    List<String> segments = rows.stream().map(ResultRow::segment).filter(s -> !s.equals("policy")).distinct()
        .toList();
    for (String segment : segments) {
      h.append(segment.equals(ExperimentAnalysis.ALL) ? "<h2>Readout: all eligible items</h2>"
          : "<h2>Items recommended “" + esc(segment.replace('_', ' ')) + "”</h2>");
      h.append(readoutTable(rows, segment, ctx));
    }
    String chart = "delivery.png";
    writeChart(deliveryChart(rows, segments, ctx), dir, chart, hadoop);
    h.append("<p><img src=\"").append(chart).append("\" width=\"900\"></p>");
    h.append(exclusionsTable(rows));
    h.append(policySection(ctx.surrogate()));
    List<String> notes = rows.stream().map(ResultRow::note).filter(n -> n != null && n.startsWith("incomplete"))
        .distinct().toList();
    if (!notes.isEmpty()) {
      h.append("<h3>Windows not yet complete</h3><ul>");
      notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    h.append("<h3>All numbers</h3>").append(allRows(rows)).append("</body></html>");
    Path index = new Path(dir, "index.html");
    try (OutputStream out = index.getFileSystem(hadoop).create(index, true)) {
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot write the report " + index + ": " + ex.getMessage(), ex);
    }
    return index.toString();
  }

  private static String readoutTable(List<ResultRow> rows, String segment, Context ctx) {
    String s = ctx.shortDays() + "d";
    String l = ctx.longDays() + "d";
    StringBuilder t = new StringBuilder("<table><tr><th></th><th>control</th><th>treatment</th></tr>");
    t.append(armRow(rows, segment, "items (assigned)", "assigned_items", false));
    t.append(armRow(rows, segment, "items analysed", "analysed_items", false));
    t.append(armRow(rows, segment, ctx.shortDays() + "-day delivery", "delivery_rate_" + s, true));
    t.append(armRow(rows, segment, ctx.longDays() + "-day delivery", "delivery_rate_" + l, true));
    t.append(armRow(rows, segment, "contact rate", "contact_rate", true));
    t.append(armRow(rows, segment, "compliance (contact decision = recommendation)", "compliance", true));
    t.append("</table><table><tr><th>treatment vs control</th><th>").append(ctx.shortDays())
        .append(" days</th><th>").append(ctx.longDays()).append(" days</th></tr>");
    t.append(cmpRow(rows, segment, "difference (" + pct(ctx.confidence()) + " CI)", "difference_delivery_", s, l,
        true));
    t.append(cmpRow(rows, segment, "relative lift", "relative_lift_delivery_", s, l, true));
    t.append(cmpRow(rows, segment, "one-sided Welch t-test p", "welch_p_one_sided_", s, l, false));
    t.append(cmpRow(rows, segment, "one-sided exact (Fisher) p", "exact_p_one_sided_", s, l, false));
    if (find(rows, segment, "true_effect_delivery_" + s, ResultRow.COMPARISON).isPresent()) {
      t.append(cmpRow(rows, segment, "true effect (simulator)", "true_effect_delivery_", s, l, true));
      t.append("<tr><td>interval covers the true effect</td><td>").append(covers(rows, segment, s))
          .append("</td><td>").append(covers(rows, segment, l)).append("</td></tr>");
    }
    find(rows, segment, "srm_p_value", ResultRow.COMPARISON).ifPresent(r -> t.append(
        "<tr><td>sample ratio mismatch p (chi-square)</td><td colspan=\"2\">").append(num(r.value()))
        .append(r.value() < ExperimentReadout.SRM_ALARM ? " — WARNING" : " — ok").append("</td></tr>"));
    t.append("</table>");
    return t.toString();
  }

  private static String covers(List<ResultRow> rows, String segment, String window) {
    Optional<ResultRow> d = find(rows, segment, "difference_delivery_" + window, ResultRow.COMPARISON);
    Optional<ResultRow> truth = find(rows, segment, "true_effect_delivery_" + window, ResultRow.COMPARISON);
    if (d.isEmpty() || truth.isEmpty() || Double.isNaN(d.get().low())) {
      return "";
    }
    double v = truth.get().value();
    return v >= d.get().low() && v <= d.get().high() ? "yes" : "no";
  }

  private static String armRow(List<ResultRow> rows, String segment, String label, String metric, boolean rate) {
    StringBuilder t = new StringBuilder("<tr><td>").append(esc(label)).append("</td>");
    for (String arm : List.of(ArmAssignment.CONTROL, ArmAssignment.TREATMENT)) {
      Optional<ResultRow> r = find(rows, segment, metric, arm);
      t.append("<td>").append(r.map(x -> rate ? rateText(x) : String.valueOf((long) x.value())).orElse(""))
          .append("</td>");
    }
    return t.append("</tr>").toString();
  }

  private static String cmpRow(List<ResultRow> rows, String segment, String label, String prefix, String s, String l,
      boolean interval) {
    StringBuilder t = new StringBuilder("<tr><td>").append(esc(label)).append("</td>");
    for (String w : List.of(s, l)) {
      Optional<ResultRow> r = find(rows, segment, prefix + w, ResultRow.COMPARISON);
      t.append("<td>").append(r.map(x -> Double.isNaN(x.value()) ? "<span class=\"note\">" + esc(x.note())
          + "</span>" : interval ? pctCi(x) : num(x.value())).orElse("")).append("</td>");
    }
    return t.append("</tr>").toString();
  }

  private static String rateText(ResultRow r) {
    if (Double.isNaN(r.value())) {
      return "<span class=\"note\">" + esc(r.note() == null ? "n/a" : r.note()) + "</span>";
    }
    return pctCi(r) + " <span class=\"note\">n = " + r.n() + (r.note() != null ? ", incomplete" : "") + "</span>";
  }

  private static String exclusionsTable(List<ResultRow> rows) {
    StringBuilder t = new StringBuilder("<h3>Assigned items not analysed (all items)</h3><table><tr><th>reason</th>"
        + "<th>control</th><th>treatment</th></tr>");
    for (String[] m : new String[][] {{"first contact initiated by the lead", "excluded_lead_initiated_first"},
        {"first contact prescheduled", "excluded_prescheduled_first"},
        {"decision day not ended in the data", "pending_decision_day"},
        {"closed before the decision time or missing from the logs", "closed_or_missing"}}) {
      t.append(armRow(rows, ExperimentAnalysis.ALL, m[0], m[1], false));
    }
    return t.append("</table>").toString();
  }

  private static CategoryChart deliveryChart(List<ResultRow> rows, List<String> segments, Context ctx) {
    CategoryChart c = new CategoryChartBuilder().width(900).height(460)
        .title("Delivery rate by arm (" + pct(ctx.confidence()) + " Wilson intervals)").xAxisTitle("segment / window")
        .yAxisTitle("delivery rate").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setErrorBarsColorSeriesColor(true);
    c.getStyler().setYAxisDecimalPattern("0.0%");
    for (String arm : List.of(ArmAssignment.CONTROL, ArmAssignment.TREATMENT)) {
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (String segment : segments) {
        for (int days : List.of(ctx.shortDays(), ctx.longDays())) {
          Optional<ResultRow> r = find(rows, segment, "delivery_rate_" + days + "d", arm);
          x.add(segment.replace('_', ' ') + ", " + days + "d");
          double v = r.map(ResultRow::value).filter(d -> !Double.isNaN(d)).orElse(0.0);
          y.add(v);
          err.add(r.filter(q -> !Double.isNaN(q.low())).map(q -> Math.max(v - q.low(), q.high() - v)).orElse(0.0));
        }
      }
      c.addSeries(arm, x, y, err);
    }
    return c;
  }

  private static String policySection(PolicySurrogate.Result s) {
    if (s == null) {
      return "<h2>Policy explanation</h2><p class=\"note\">No decision points to explain.</p>";
    }
    StringBuilder h = new StringBuilder(s.depth() == 0
        ? "<h2>Policy explanation: one rule (on validation items no tree imitated the recommendations better than"
            + " always giving the more frequent one)</h2><div class=\"box\">Fidelity on "
        : "<h2>Policy explanation: a depth-" + s.depth() + " tree imitating the recommendations</h2>"
            + "<div class=\"box\">Fidelity on ").append(s.holdoutRows())
        .append(" held-out decision points: ").append(pct(s.fidelity()))
        .append(" agree with the policy (always recommending the more frequent decision would agree on ")
        .append(pct(s.majorityBaseline())).append("); on its ").append(s.trainingRows())
        .append(" training rows: ").append(pct(s.trainingAccuracy())).append(".</div>");
    h.append(TreeDrawing.svg(s.tree()));
    h.append("<table><tr><th>rule</th><th>when</th><th>tree says</th><th>rows</th><th>contact share</th></tr>");
    for (PolicyRule r : s.rules()) {
      h.append("<tr><td>").append(r.ruleId()).append("</td><td style=\"text-align:left\">").append(esc(r.condition()))
          .append("</td><td>").append(esc(r.decision())).append("</td><td>").append(r.rows()).append("</td><td>")
          .append(pct(r.contactShare())).append("</td></tr>");
    }
    return h.append("</table>").toString();
  }

  private static String allRows(List<ResultRow> rows) {
    StringBuilder t = new StringBuilder("<table><tr><th>segment</th><th>metric</th><th>arm</th><th>value</th>"
        + "<th>CI low</th><th>CI high</th><th>n</th><th>note</th></tr>");
    for (ResultRow r : rows) {
      t.append("<tr><td>").append(esc(r.segment())).append("</td><td>").append(esc(r.metric())).append("</td><td>")
          .append(esc(r.arm())).append("</td><td>").append(num(r.value())).append("</td><td>").append(num(r.low()))
          .append("</td><td>").append(num(r.high())).append("</td><td>").append(r.n()).append("</td><td>")
          .append(r.note() == null ? "" : esc(r.note())).append("</td></tr>");
    }
    return t.append("</table>").toString();
  }

  private static Optional<ResultRow> find(List<ResultRow> rows, String segment, String metric, String arm) {
    return rows.stream().filter(r -> r.segment().equals(segment) && r.metric().equals(metric)
        && r.arm().equals(arm)).findFirst();
  }

  private static void writeChart(CategoryChart chart, String dir, String file, Configuration hadoop) {
    Path p = new Path(dir, file);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      try (OutputStream out = fs.create(p, true)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot write chart " + p + ": " + ex.getMessage(), ex);
    }
  }

  private static String pctCi(ResultRow r) {
    return Double.isNaN(r.low()) ? pct(r.value())
        : pct(r.value()) + " [" + pct(r.low()) + ", " + pct(r.high()) + "]";
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
