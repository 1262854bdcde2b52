package io.upliftsuite.campaign.evaluation;

import io.upliftsuite.campaign.CampaignOutcome;
import io.upliftsuite.campaign.CampaignSettings;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The static HTML report of a campaign evaluation: the verdict (the allocated policy against the baselines), per
 * outcome a chart of every policy's value (DR estimate with its 95% interval, the true value beside it on simulated
 * data), a chart of relative lifts, and tables of values by every estimator, lifts, e%iS, constraint slacks and
 * treated shares. Built only from the {@link PolicyMeasure}s written to {@code campaign_evaluations}, so the report
 * and the table cannot disagree. Written through the Hadoop file system API (the folder may be remote).
 */
public final class CampaignReport {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 480;

  private CampaignReport() {}

  public static String write(List<PolicyMeasure> measures, CampaignEvaluation.Verdict verdict, CampaignSettings s,
      String policyId, LocalDate policyDate, long testRows, double tolerance, String dir, Configuration hadoop) {
    List<String> policies = new ArrayList<>(new LinkedHashSet<>(measures.stream().map(PolicyMeasure::policy).toList()));
    boolean truth = measures.stream().anyMatch(m -> !Double.isNaN(m.truth()) && m.measure().equals("value"));
    StringBuilder html = new StringBuilder();
    String title = "Campaign evaluation: policy '" + policyId + "' of " + policyDate;
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>body{font-family:sans-serif;max-width:1080px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
        .append(".verdict{padding:1em;background:#f6f8ff;border-left:4px solid #3367d6}.bad{color:#b00}</style>")
        .append("</head><body><h1>").append(esc(title)).append("</h1>");
    html.append("<p>").append(testRows).append(" customers of the randomised test split; arms ")
        .append(esc(String.join(", ", s.armNames()))).append(". Values are means per customer; 95% intervals from ")
        .append("a Poisson bootstrap; DR uses the models' predictions (fitted on the training split).")
        .append(truth ? " True values come from the simulator's oracle." : "").append("</p>");
    html.append(verdictBox(verdict, truth, tolerance));
    for (CampaignOutcome o : s.outcomes()) {
      String file = "value-" + o.name() + ".png";
      writeChart(valueChart(measures, policies, o.name(), truth), dir, file, hadoop);
      html.append("<p><img src=\"").append(file).append("\" width=\"").append(WIDTH).append("\"></p>");
    }
    List<String> versus = new ArrayList<>(new LinkedHashSet<>(measures.stream()
        .filter(m -> m.measure().equals(PolicyMeasure.RELATIVE_LIFT)).map(PolicyMeasure::versus).toList()));
    if (!versus.isEmpty()) {
      writeChart(liftChart(measures, policies, s, versus.get(0)), dir, "lift.png", hadoop);
      html.append("<p><img src=\"lift.png\" width=\"").append(WIDTH).append("\"></p>");
    }
    for (CampaignOutcome o : s.outcomes()) {
      html.append(valueTable(measures, policies, o.name(), truth));
    }
    html.append(table("Relative lifts (DR)", measures, m -> m.measure().equals(PolicyMeasure.RELATIVE_LIFT)
        && m.estimator().equals("dr"), truth, true, "outcome", "versus"));
    html.append(table("e%iS: average reward expense per extra unit of sales (DR)", measures,
        m -> m.measure().equals(PolicyMeasure.EIS) && m.estimator().equals("dr"), truth, false, "versus"));
    html.append(table("Allocation constraints: relative slack (negative = broken; DR)", measures,
        m -> m.measure().equals(PolicyMeasure.CONSTRAINT_SLACK) && m.estimator().equals("dr"), truth, true,
        "outcome"));
    html.append(table("Share of customers given an offer", measures,
        m -> m.measure().equals(PolicyMeasure.TREATED_SHARE), false, true));
    html.append("</body></html>");
    Path index = new Path(dir, "index.html");
    try {
      FileSystem fs = index.getFileSystem(hadoop);
      try (OutputStream out = fs.create(index, true)) {
        out.write(html.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report " + index + ": " + e.getMessage(), e);
    }
    return index.toString();
  }

  private static String verdictBox(CampaignEvaluation.Verdict v, boolean truth, double tolerance) {
    StringBuilder s = new StringBuilder("<div class=\"verdict\"><b>");
    String basis = truth ? "in truth (oracle)" : "by the DR estimates";
    s.append(v.beatsEveryFeasibleBaseline() && v.allocatedFeasible()
        ? "The allocated policy meets every constraint and has the highest " + esc(v.outcome())
            + " of the policies that meet them, " + basis + "."
        : "<span class=\"bad\">The allocated policy does not beat every baseline that meets the constraints, "
            + basis + ".</span>");
    s.append("</b><br>Allocated policy: ").append(esc(v.outcome())).append(" per customer ")
        .append(num(v.allocatedEstimate())).append(" (DR)");
    if (truth) {
      s.append(", true ").append(num(v.allocatedTruth()));
    }
    s.append("; constraints met ").append(basis).append(" (tolerance ").append(num(100 * tolerance))
        .append("% of each limit): ").append(v.allocatedFeasible() ? "yes" : "<span class=\"bad\">no</span>");
    s.append("<br>Baselines that meet the constraints ").append(basis).append(": ");
    if (v.feasibleBaselinesTruth().isEmpty()) {
      s.append("none");
    }
    v.feasibleBaselinesTruth().forEach((name, value) -> s.append(esc(name)).append(" ").append(num(value))
        .append("; "));
    return s.append("</div>").toString();
  }

  private static CategoryChart valueChart(List<PolicyMeasure> measures, List<String> policies, String outcome,
      boolean truth) {
    CategoryChart c = chart("Value per customer: " + outcome + " (DR, 95% CI)", outcome);
    List<Double> est = new ArrayList<>();
    List<Double> err = new ArrayList<>();
    List<Double> tru = new ArrayList<>();
    for (String p : policies) {
      PolicyMeasure m = find(measures, p, PolicyMeasure.VALUE, outcome, "", "dr");
      est.add(m.estimate());
      err.add(halfWidth(m));
      tru.add(m.truth());
    }
    c.addSeries("DR estimate", policies, est, err);
    if (truth && tru.stream().allMatch(Double::isFinite)) {
      CategorySeries t = c.addSeries("true value", policies, tru);
      t.setMarker(SeriesMarkers.DIAMOND);
    }
    return c;
  }

  private static CategoryChart liftChart(List<PolicyMeasure> measures, List<String> policies, CampaignSettings s,
      String versus) {
    CategoryChart c = chart("Relative lift vs " + versus + " (DR, 95% CI)", "relative lift");
    List<String> shown = policies.stream().filter(p -> !p.equals(versus)).toList();
    for (CampaignOutcome o : s.outcomes()) {
      List<Double> est = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (String p : shown) {
        PolicyMeasure m = find(measures, p, PolicyMeasure.RELATIVE_LIFT, o.name(), versus, "dr");
        est.add(m.estimate());
        err.add(halfWidth(m));
      }
      if (est.stream().allMatch(Double::isFinite)) { // a lift over a zero baseline (e.g. no reward cost) is undefined
        c.addSeries(o.name(), shown, est, err);
      }
    }
    return c;
  }

  private static CategoryChart chart(String title, String y) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("policy")
        .yAxisTitle(y).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    c.getStyler().setErrorBarsColor(Color.BLACK);
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setYAxisDecimalPattern("0.####");
    return c;
  }

  private static double halfWidth(PolicyMeasure m) {
    return Double.isNaN(m.ciLow()) || Double.isNaN(m.estimate()) ? 0
        : Math.max(m.estimate() - m.ciLow(), m.ciHigh() - m.estimate());
  }

  private static PolicyMeasure find(List<PolicyMeasure> measures, String policy, String measure, String outcome,
      String versus, String estimator) {
    for (PolicyMeasure m : measures) {
      if (m.policy().equals(policy) && m.measure().equals(measure) && m.outcome().equals(outcome)
          && m.versus().equals(versus) && m.estimator().equals(estimator)) {
        return m;
      }
    }
    return new PolicyMeasure(policy, measure, outcome, versus, estimator, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN);
  }

  private static String valueTable(List<PolicyMeasure> measures, List<String> policies, String outcome,
      boolean truth) {
    StringBuilder s = new StringBuilder("<h3>").append(esc(outcome)).append(": value per customer</h3><table><tr>")
        .append("<th>policy</th><th>IPS [95% CI]</th><th>SNIPS [95% CI]</th><th>DR [95% CI]</th>");
    s.append(truth ? "<th>true</th></tr>" : "</tr>");
    for (String p : policies) {
      s.append("<tr><td>").append(esc(p)).append("</td>");
      double t = Double.NaN;
      for (String e : List.of("ips", "snips", "dr")) {
        PolicyMeasure m = find(measures, p, PolicyMeasure.VALUE, outcome, "", e);
        s.append("<td>").append(withCi(m)).append("</td>");
        t = m.truth();
      }
      s.append(truth ? "<td>" + num(t) + "</td></tr>" : "</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String table(String title, List<PolicyMeasure> measures, Predicate<PolicyMeasure> which,
      boolean truth, boolean percent, String... keys) {
    List<PolicyMeasure> rows = measures.stream().filter(which).toList();
    if (rows.isEmpty()) {
      return "";
    }
    Set<String> columns = Set.of(keys);
    StringBuilder s = new StringBuilder("<h3>").append(esc(title)).append("</h3><table><tr><th>policy</th>");
    for (String k : keys) {
      s.append("<th>").append(k).append("</th>");
    }
    s.append("<th>estimate [95% CI]</th>").append(truth ? "<th>true</th>" : "").append("</tr>");
    for (PolicyMeasure m : rows) {
      s.append("<tr><td>").append(esc(m.policy())).append("</td>");
      if (columns.contains("outcome")) {
        s.append("<td>").append(esc(m.outcome())).append("</td>");
      }
      if (columns.contains("versus")) {
        s.append("<td>").append(esc(m.versus())).append("</td>");
      }
      s.append("<td>").append(percent ? pctWithCi(m) : withCi(m)).append("</td>");
      if (truth) {
        s.append("<td").append(m.measure().equals(PolicyMeasure.CONSTRAINT_SLACK) && m.truth() < 0
            ? " class=\"bad\">" : ">").append(percent ? pct(m.truth()) : num(m.truth())).append("</td>");
      }
      s.append("</tr>");
    }
    return s.append("</table>").toString();
  }

  private static String withCi(PolicyMeasure m) {
    return Double.isNaN(m.ciLow()) ? num(m.estimate())
        : num(m.estimate()) + " [" + num(m.ciLow()) + ", " + num(m.ciHigh()) + "]";
  }

  private static String pctWithCi(PolicyMeasure m) {
    return Double.isNaN(m.ciLow()) ? pct(m.estimate())
        : pct(m.estimate()) + " [" + pct(m.ciLow()) + ", " + pct(m.ciHigh()) + "]";
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
  }

  private static void writeChart(CategoryChart chart, String dir, String file, Configuration hadoop) {
    Path p = new Path(dir, file);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      try (OutputStream out = fs.create(p, true)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write chart " + p + ": " + e.getMessage(), e);
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
