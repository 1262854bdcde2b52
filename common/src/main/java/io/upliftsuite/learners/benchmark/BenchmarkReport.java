package io.upliftsuite.learners.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The static HTML report of a learner benchmark: the sleeping-dog verdict, UQC and the other metrics as mean ± sd
 * over folds beside the held-out test figures, the Qini curves averaged over folds (PNG), the mean decile uplift and
 * the two-step classifier's F1. Built from the same {@link LearnerBenchmark.Result} as the table rows. Written
 * through the Hadoop file system API (local or remote folder).
 */
public final class BenchmarkReport {
  private BenchmarkReport() {}

  /** Writes {@code dir/index.html} and {@code dir/qini.png}; returns the path of index.html. */
  public static String write(LearnerBenchmark.Result r, String benchmarkId, String dir, Configuration hadoop) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Learner benchmark ").append(esc(benchmarkId))
        .append("</title><style>body{font-family:sans-serif;max-width:1080px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
        .append(".verdict{padding:1em;background:#f6f8ff;border-left:4px solid #3367d6}</style></head><body>");
    h.append("<h1>Learner benchmark ").append(esc(benchmarkId)).append("</h1>");
    h.append(String.format(Locale.ROOT, "<p>Data set <b>%s</b>: %,d training rows in %d stratified folds "
        + "(treatment &times; outcome), %,d held-out test rows; %.0f s.</p>", esc(r.dataset()), r.trainRows(),
        r.folds(), r.testRows(), r.seconds()));
    if (!Double.isNaN(r.referenceUqc())) {
      h.append(String.format(Locale.ROOT, "<p>Fixed reference score on all rows: UQC %.5f.</p>", r.referenceUqc()));
    }
    h.append("<div class=\"verdict\">Sleeping-dog diagnostic (").append(esc(r.verdictLearner()))
        .append(", deciles pooled over folds): ").append(esc(r.sleepingDogs().verdict())).append("</div>");
    h.append("<h2>Metrics (mean &plusmn; sd over folds; test = final fit on all training rows)</h2><table><tr>")
        .append("<th>learner</th><th>UQC</th><th>Qini AUC</th><th>AUUC</th><th>uplift@k</th><th>test UQC</th>")
        .append("<th>test Qini AUC</th><th>fit s (mean)</th></tr>");
    for (String l : r.learners()) {
      LearnerBenchmark.Summary s = r.summaries().get(l);
      List<FoldResult> test = r.of(l, "test");
      h.append("<tr><td>").append(esc(l)).append("</td>")
          .append(td(s, "uqc")).append(td(s, "qini_auc")).append(td(s, "auuc")).append(td(s, "uplift_at_k"))
          .append("<td>").append(test.isEmpty() ? "" : f4(test.get(0).uqc())).append("</td><td>")
          .append(test.isEmpty() ? "" : f4(test.get(0).qiniAuc())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", s.mean("fit_seconds"))).append("</td></tr>");
    }
    h.append("</table>");
    writeChart(qiniChart(r), dir, "qini.png", hadoop);
    h.append("<p><img src=\"qini.png\" width=\"900\"></p>");
    h.append("<h2>Uplift per decile (mean over folds; 1 = highest scores)</h2><table><tr><th>learner</th>");
    int bins = r.summaries().values().iterator().next().meanDecileUplift().length;
    for (int b = 1; b <= bins; b++) {
      h.append("<th>").append(b).append("</th>");
    }
    h.append("</tr>");
    for (String l : r.learners()) {
      h.append("<tr><td>").append(esc(l)).append("</td>");
      for (double u : r.summaries().get(l).meanDecileUplift()) {
        h.append("<td>").append(f4(u)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    for (String l : r.learners()) {
      LearnerBenchmark.Summary s = r.summaries().get(l);
      if (s.meanSd().containsKey("lost_cause_f1_weighted")) {
        h.append("<h2>Lost-cause classifier of ").append(esc(l)).append(" (treated rows of each fold)</h2>")
            .append("<table><tr><th>class</th><th>F1 (mean &plusmn; sd)</th></tr>")
            .append("<tr><td>0 (responded)</td>").append(td(s, "lost_cause_f1_0")).append("</tr>")
            .append("<tr><td>1 (lost cause)</td>").append(td(s, "lost_cause_f1_1")).append("</tr>")
            .append("<tr><td>weighted</td>").append(td(s, "lost_cause_f1_weighted")).append("</tr></table>");
      }
    }
    h.append("</body></html>");
    Path index = new Path(dir, "index.html");
    try (OutputStream out = index.getFileSystem(hadoop).create(index, true)) {
      out.write(h.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report " + index + ": " + e.getMessage(), e);
    }
    return index.toString();
  }

  static XYChart qiniChart(LearnerBenchmark.Result r) {
    XYChart c = new XYChartBuilder().width(900).height(540).title("Qini curves averaged over folds")
        .xAxisTitle("share of rows targeted (by score)").yAxisTitle("incremental outcomes per row (Q/N)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(4);
    double end = 0;
    for (String l : r.learners()) {
      double[] y = r.summaries().get(l).meanQiniCurve();
      XYSeries s = c.addSeries(l, r.curveShares(), y);
      s.setMarker(SeriesMarkers.CIRCLE);
      end += y[y.length - 1] / r.learners().size();
    }
    XYSeries random = c.addSeries("random", new double[] {0, 1}, new double[] {0, end});
    random.setMarker(SeriesMarkers.NONE);
    return c;
  }

  private static void writeChart(XYChart chart, String dir, String file, Configuration hadoop) {
    Path p = new Path(dir, file);
    try (OutputStream out = p.getFileSystem(hadoop).create(p, true)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the chart " + p + ": " + e.getMessage(), e);
    }
  }

  private static String td(LearnerBenchmark.Summary s, String metric) {
    return "<td>" + f4(s.mean(metric)) + " &plusmn; " + f4(s.sd(metric)) + "</td>";
  }

  private static String f4(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
