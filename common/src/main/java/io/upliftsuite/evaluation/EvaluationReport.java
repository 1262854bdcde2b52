package io.upliftsuite.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The static HTML report of an evaluation run: per model a verdict (is the recommended policy worth an A/B test?),
 * the Qini curve, the calibration plot, off-policy value against share contacted (error bars, existing policy
 * marked), added value per decision day, the decile table and every metric. Built only from the rows written to the
 * {@code evaluations} and {@code curves} tables, so the report and the tables cannot disagree. Written through the
 * Hadoop file system API, so the reports folder may be local or remote.
 */
public final class EvaluationReport {
  private static final int WIDTH = 820;
  private static final int WIDE = 1040;
  private static final int HEIGHT = 520;

  private EvaluationReport() {}

  /** Writes {@code dir/index.html} and its PNG charts; returns the path of index.html. */
  public static String write(List<ModelEvaluation> models, String dir, String title, Configuration hadoop) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>body{font-family:sans-serif;max-width:1080px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
        .append(".verdict{padding:1em;background:#f6f8ff;border-left:4px solid #3367d6}</style></head><body>")
        .append("<h1>").append(esc(title)).append("</h1>");
    for (ModelEvaluation m : models) {
      String slug = m.modelId().replaceAll("[^A-Za-z0-9._-]", "_");
      html.append("<h2>Model ").append(esc(m.modelId())).append("</h2>");
      html.append(verdict(m));
      writeChart(qiniChart(m), dir, slug + "-qini.png", hadoop);
      writeChart(calibrationChart(m), dir, slug + "-calibration.png", hadoop);
      writeChart(opeChart(m), dir, slug + "-ope.png", hadoop);
      writeChart(dayChart(m), dir, slug + "-days.png", hadoop);
      for (String chart : List.of("qini", "ope", "calibration", "days")) {
        html.append("<p><img src=\"").append(slug).append('-').append(chart).append(".png\" width=\"")
            .append(chart.equals("ope") ? WIDE : WIDTH).append("\"></p>");
      }
      html.append(daysTable(m)).append(decileTable(m)).append(metricsTable(m));
    }
    html.append("</body></html>");
    Path index = new Path(dir, "index.html");
    try (OutputStream out = index.getFileSystem(hadoop).create(index, true)) {
      out.write(html.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report " + index + ": " + e.getMessage(), e);
    }
    return index.toString();
  }

  private static String verdict(ModelEvaluation m) {
    StringBuilder s = new StringBuilder("<div class=\"verdict\">");
    Optional<MetricRow> rec = m.metric("recommended_value_dr");
    Optional<MetricRow> ex = m.metric("existing_value_dr");
    Optional<MetricRow> added = m.metric("recommended_added_value_dr");
    if (rec.isPresent() && ex.isPresent() && added.isPresent()) {
      Optional<ModelSkill> skill = m.metric("ranking_gain_dr").flatMap(g -> m.metric("calibration_slope")
          .map(c -> ModelSkill.of(interval(g), interval(c))));
      double share = m.metric("recommended_share_contacted").map(MetricRow::value).orElse(Double.NaN);
      skill.ifPresent(k -> s.append("<b>").append(esc(k.explanation())).append("</b><br>"));
      boolean targets = m.metric("recommended_targets").map(t -> t.value() > 0).orElse(true);
      s.append(targets ? "Recommended policy (contact when the calibrated CATE &gt; 0, " + pct(share) + " contacted)"
              : "Recommended policy (no skill shown, so a uniform one: contact " + (share > 0.5 ? "everyone" : "no one")
                  + ")")
          .append(": value ").append(withCi(rec.get(), true))
          .append(" vs existing policy ").append(withCi(ex.get(), true));
      m.metric("contact_all_value_dr").ifPresent(a -> s.append(", contact everyone ").append(withCi(a, true)));
      m.metric("contact_none_value_dr").ifPresent(a -> s.append(", contact no one ").append(withCi(a, true)));
      s.append(".<br>Added value over the existing policy: ").append(withCi(added.get(), true));
      m.metric("recommended_over_contact_all_dr").ifPresent(a -> s.append("; over contacting everyone: ")
          .append(withCi(a, true)));
      s.append(". ");
      m.metric("recommended_value_true").ifPresent(t -> s.append("<br>True (oracle) values: recommended ")
          .append(pct(t.value())).append(", existing ")
          .append(pct(m.metric("existing_value_true").map(MetricRow::value).orElse(Double.NaN)))
          .append(", contact everyone ")
          .append(pct(m.metric("contact_all_value_true").map(MetricRow::value).orElse(Double.NaN)))
          .append(", contact no one ")
          .append(pct(m.metric("contact_none_value_true").map(MetricRow::value).orElse(Double.NaN)))
          .append(", oracle policy ")
          .append(pct(m.metric("oracle_value_true").map(MetricRow::value).orElse(Double.NaN))).append(". "));
      boolean beatsExisting = added.get().ciLow() > 0;
      boolean beatsAll = m.metric("recommended_over_contact_all_dr").map(a -> a.ciLow() > 0).orElse(false);
      boolean shown = skill.map(ModelSkill::shown).orElse(true);
      s.append("<br><b>");
      if (!shown) {
        s.append(beatsExisting
            ? "The model shows no skill, so the recommendation is the uniform policy the estimated average effect "
                + "favours; its gain over the existing policy is that of contacting more (or fewer), not of targeting."
            : "Not worth an A/B test: no skill shown and no added value shown.");
      } else if (beatsExisting && share >= 0.95 && !beatsAll) {
        s.append("The recommended policy contacts almost everyone and is not shown to beat contacting everyone: "
            + "its added value is that of contacting more, not of targeting.");
      } else if (beatsExisting) {
        s.append("The added value's 95% interval is above zero: worth an A/B test.");
      } else {
        s.append("The added value's 95% interval includes zero: not yet shown to beat the existing policy.");
      }
      s.append("</b>");
      m.metric("chosen_day").ifPresent(d -> s.append("<br>Chosen decision day: ").append((int) d.value()));
      m.metric("sleeping_dogs").filter(d -> d.value() == 1).ifPresent(d ->
          s.append("<br>Sleeping dogs: the Qini curve rises above the overall effect and falls back —"
              + " contacting the lowest-ranked rows appears to hurt."));
    }
    return s.append("</div>").toString();
  }

  private static Interval interval(MetricRow r) {
    return new Interval(r.value(), r.ciLow(), r.ciHigh());
  }

  static XYChart qiniChart(ModelEvaluation m) {
    XYChart c = chart("Qini curve", "share of rows targeted (by score)", "incremental outcomes per row (Q/N)");
    line(c, "model (CATE)", m.curve("qini_model"), null);
    line(c, "predictive baseline", m.curve("qini_baseline"), null);
    XYSeries random = line(c, "random", m.curve("qini_random"), null);
    if (random != null) {
      random.setLineStyle(SeriesLines.DASH_DASH);
    }
    return c;
  }

  static XYChart calibrationChart(ModelEvaluation m) {
    XYChart c = chart("Calibration by predicted CATE bin (95% CI)", "mean predicted CATE", "realised effect");
    List<CurveRow> bins = m.curve("calibration").stream().filter(r -> !Double.isNaN(r.y())).toList();
    if (!bins.isEmpty()) {
      XYSeries s = c.addSeries("realised", xs(bins), ys(bins), halfWidths(bins));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      double lo = Math.min(bins.get(0).x(), 0);
      double hi = Math.max(bins.get(bins.size() - 1).x(), 0);
      XYSeries diag = c.addSeries("perfect calibration", new double[] {lo, hi}, new double[] {lo, hi});
      diag.setMarker(SeriesMarkers.NONE);
      diag.setLineStyle(SeriesLines.DASH_DASH);
    }
    return c;
  }

  static XYChart opeChart(ModelEvaluation m) {
    XYChart c = chart("Off-policy value vs share contacted (95% bootstrap CI)", "share contacted",
        "value (mean outcome per row)", WIDE);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setMarkerSize(8);
    line(c, "by CATE, DR", m.curve("ope_cate_dr"), true);
    line(c, "by CATE, IPS", m.curve("ope_cate_ips"), null);
    line(c, "by CATE, SNIPS", m.curve("ope_cate_snips"), null);
    line(c, "random order, DR", m.curve("ope_random_dr"), null);
    line(c, "by baseline, DR", m.curve("ope_baseline_dr"), null);
    XYSeries truth = line(c, "by CATE, true (oracle)", m.curve("ope_cate_true"), null);
    if (truth != null) {
      truth.setLineStyle(SeriesLines.DOT_DOT);
      truth.setLineColor(Color.DARK_GRAY);
    }
    point(c, "existing policy", m, "existing_share_contacted", "existing_value_dr");
    point(c, "recommended", m, "recommended_share_contacted", "recommended_value_dr");
    return c;
  }

  static XYChart dayChart(ModelEvaluation m) {
    XYChart c = chart("Added value of the recommended policy by decision day (DR, 95% CI)", "decision day",
        "added value over existing policy");
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    List<CurveRow> days = m.curve("day_added_value_dr");
    if (!days.isEmpty()) {
      XYSeries s = c.addSeries("added value", xs(days), ys(days), halfWidths(days));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      m.metric("chosen_day").ifPresent(d -> days.stream().filter(r -> r.x() == d.value()).findFirst()
          .ifPresent(r -> {
            XYSeries chosen = c.addSeries("chosen day", new double[] {r.x()}, new double[] {r.y()});
            chosen.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chosen.setMarker(SeriesMarkers.CIRCLE);
            chosen.setMarkerColor(Color.RED);
          }));
    }
    return c;
  }

  private static XYChart chart(String title, String x, String y) {
    return chart(title, x, y, WIDTH);
  }

  private static XYChart chart(String title, String x, String y, int width) {
    XYChart c = new XYChartBuilder().width(width).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setMarkerSize(6);
    c.getStyler().setErrorBarsColorSeriesColor(true);
    c.getStyler().setXAxisMaxLabelCount(12);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    c.getStyler().setXAxisDecimalPattern("0.##");
    c.getStyler().setYAxisDecimalPattern("0.####");
    return c;
  }

  /** A line; with {@code errorBars} the bars are ±max(y − lo, hi − y) (percentile intervals are near symmetric). */
  private static XYSeries line(XYChart c, String name, List<CurveRow> rows, Boolean errorBars) {
    if (rows.isEmpty()) {
      return null;
    }
    XYSeries s = errorBars != null && errorBars
        ? c.addSeries(name, xs(rows), ys(rows), halfWidths(rows))
        : c.addSeries(name, xs(rows), ys(rows));
    s.setMarker(errorBars != null && errorBars ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    s.setLineWidth(1.5f);
    return s;
  }

  private static void point(XYChart c, String name, ModelEvaluation m, String xMetric, String yMetric) {
    Optional<MetricRow> x = m.metric(xMetric);
    Optional<MetricRow> y = m.metric(yMetric);
    if (x.isPresent() && y.isPresent()) {
      MetricRow v = y.get();
      double half = Double.isNaN(v.ciLow()) ? 0 : Math.max(v.value() - v.ciLow(), v.ciHigh() - v.value());
      XYSeries s = c.addSeries(name, new double[] {x.get().value()}, new double[] {v.value()}, new double[] {half});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      boolean isExisting = name.startsWith("existing");
      s.setMarker(isExisting ? SeriesMarkers.SQUARE : SeriesMarkers.TRIANGLE_UP);
      s.setMarkerColor(isExisting ? Color.BLACK : Color.RED);
      s.setLineColor(isExisting ? Color.BLACK : Color.RED);
      s.setLineStyle(new BasicStroke(0f));
    }
  }

  private static void writeChart(XYChart chart, String dir, String file, Configuration hadoop) {
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

  private static String daysTable(ModelEvaluation m) {
    List<CurveRow> days = m.curve("day_added_value_dr").stream()
        .sorted((a, b) -> Double.compare(b.y(), a.y())).toList();
    if (days.isEmpty()) {
      return "";
    }
    double chosen = m.metric("chosen_day").map(MetricRow::value).orElse(Double.NaN);
    StringBuilder s = new StringBuilder("<h3>Decision days ranked by added value (DR)</h3><table><tr><th>day</th>"
        + "<th>added value</th><th>95% CI</th><th></th></tr>");
    for (CurveRow d : days) {
      s.append("<tr><td>").append((int) d.x()).append("</td><td>").append(pct(d.y())).append("</td><td>")
          .append(pct(d.lo())).append(" … ").append(pct(d.hi())).append("</td><td>")
          .append(d.x() == chosen ? "chosen" : "").append("</td></tr>");
    }
    return s.append("</table>").toString();
  }

  private static String decileTable(ModelEvaluation m) {
    List<CurveRow> up = m.curve("decile_uplift");
    if (up.isEmpty()) {
      return "";
    }
    List<CurveRow> nT = m.curve("decile_rows_contacted");
    List<CurveRow> nC = m.curve("decile_rows_not_contacted");
    List<CurveRow> rT = m.curve("decile_rate_contacted");
    List<CurveRow> rC = m.curve("decile_rate_not_contacted");
    StringBuilder s = new StringBuilder("<h3>Decile table (by predicted CATE, decile 1 = highest)</h3><table><tr>"
        + "<th>decile</th><th>rows contacted</th><th>rows not contacted</th><th>rate contacted</th>"
        + "<th>rate not contacted</th><th>uplift</th></tr>");
    for (int i = 0; i < up.size(); i++) {
      s.append("<tr><td>").append((int) up.get(i).x()).append("</td><td>").append(num(nT.get(i).y(), "%.0f"))
          .append("</td><td>").append(num(nC.get(i).y(), "%.0f")).append("</td><td>").append(pct(rT.get(i).y()))
          .append("</td><td>").append(pct(rC.get(i).y())).append("</td><td>").append(pct(up.get(i).y()))
          .append("</td></tr>");
    }
    return s.append("</table>").toString();
  }

  private static String metricsTable(ModelEvaluation m) {
    StringBuilder s = new StringBuilder("<h3>All metrics</h3><table><tr><th>metric</th><th>value</th>"
        + "<th>95% CI low</th><th>95% CI high</th></tr>");
    for (MetricRow r : m.metrics()) {
      s.append("<tr><td>").append(esc(r.metric())).append("</td><td>").append(num(r.value(), "%.5g"))
          .append("</td><td>").append(num(r.ciLow(), "%.5g")).append("</td><td>").append(num(r.ciHigh(), "%.5g"))
          .append("</td></tr>");
    }
    return s.append("</table>").toString();
  }

  private static String withCi(MetricRow r, boolean percent) {
    return percent ? pct(r.value()) + " [" + pct(r.ciLow()) + ", " + pct(r.ciHigh()) + "]"
        : num(r.value(), "%.4g");
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String num(double v, String fmt) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, fmt, v);
  }

  private static double[] xs(List<CurveRow> rows) {
    return rows.stream().mapToDouble(CurveRow::x).toArray();
  }

  private static double[] ys(List<CurveRow> rows) {
    return rows.stream().mapToDouble(CurveRow::y).toArray();
  }

  private static double[] halfWidths(List<CurveRow> rows) {
    return rows.stream().mapToDouble(r -> Double.isNaN(r.lo()) ? 0
        : Math.max(r.y() - r.lo(), r.hi() - r.y())).toArray();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
