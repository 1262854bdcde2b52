package io.upliftsuite.allocation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns the scores table into cached {@link ScoreBlock}s (one per partition) in the same read that validates it:
 * missing columns fail at once from the schema; a null or NaN value is stored as NaN (a null id as null) and counted
 * by the first pass over the blocks ({@link ScanSummary}), which reports table, column and count before anything is
 * computed. So the table is read once, not once to validate and once more to cache.
 */
final class ScoreTable {
  private ScoreTable() {}

  /** The cached blocks and the source column of every value slot, for error messages. */
  record Prepared(JavaRDD<ScoreBlock> blocks, Slots slots) {}

  /**
   * The source column of each value slot of a row: objective of treatment t at {@code objective[t]}, metric q under
   * arm k at {@code metric[q][k]} ("0" when control has no column), then the weight and score columns (or null).
   */
  record Slots(String id, String[] objective, String[][] metric, String weight, String score) implements java.io.Serializable {}

  static Prepared prepare(Dataset<Row> scores, String tableName, ScoreLayout layout) {
    int k = layout.treatments().size();
    List<String> required = new ArrayList<>();
    required.add(layout.customerId());
    String[] objective = new String[k];
    for (int t = 0; t < k; t++) {
      objective[t] = layout.objectiveColumn(layout.treatments().get(t));
      required.add(objective[t]);
    }
    String[][] metric = new String[layout.metrics().size()][k + 1];
    for (int q = 0; q < metric.length; q++) {
      Metric m = layout.metrics().get(q);
      metric[q][0] = m.controlColumn();
      if (m.controlColumn() != null) {
        required.add(m.controlColumn());
      }
      for (int t = 0; t < k; t++) {
        metric[q][t + 1] = m.column(layout.treatments().get(t));
        required.add(metric[q][t + 1]);
      }
    }
    if (layout.weight() != null) {
      required.add(layout.weight());
    }
    if (layout.score() != null) {
      required.add(layout.score());
    }
    TableChecks.of(tableName, scores).hasColumns(required.toArray(String[]::new));

    List<Column> select = new ArrayList<>();
    select.add(col(q(layout.customerId())).cast("string"));
    for (String c : objective) {
      select.add(number(c));
    }
    for (int q = 0; q < metric.length; q++) {
      boolean uplift = layout.metrics().get(q).uplift();
      for (int a = 0; a <= k; a++) {
        if (metric[q][a] == null) {
          select.add(lit(0.0));
        } else if (a > 0 && uplift) {
          select.add(number(metric[q][a]).plus(number(metric[q][0]))); // the value under the treatment
        } else {
          select.add(number(metric[q][a]));
        }
      }
    }
    boolean weighted = layout.weight() != null;
    boolean scored = layout.score() != null;
    if (weighted) {
      select.add(number(layout.weight()));
    }
    if (scored) {
      select.add(number(layout.score()));
    }
    int metrics = metric.length;
    JavaRDD<ScoreBlock> blocks = scores.select(select.toArray(Column[]::new)).javaRDD()
        .mapPartitions((Iterator<Row> rows) -> List.of(toBlock(rows, k, metrics, weighted, scored)).iterator());
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    return new Prepared(blocks, new Slots(layout.customerId(), objective, metric, layout.weight(), layout.score()));
  }

  private static Column number(String column) {
    return col(q(column)).cast("double");
  }

  private static String q(String name) {
    return "`" + name + "`";
  }

  static ScoreBlock toBlock(Iterator<Row> rows, int k, int metricCount, boolean weighted, boolean scored) {
    int arms = k + 1;
    int capacity = 1024;
    String[] ids = new String[capacity];
    double[] objective = new double[capacity * k];
    double[][] metrics = new double[metricCount][capacity * arms];
    double[] weight = weighted ? new double[capacity] : null;
    double[] score = scored ? new double[capacity] : null;
    int n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (n == capacity) {
        capacity *= 2;
        ids = Arrays.copyOf(ids, capacity);
        objective = Arrays.copyOf(objective, capacity * k);
        for (int q = 0; q < metricCount; q++) {
          metrics[q] = Arrays.copyOf(metrics[q], capacity * arms);
        }
        weight = weighted ? Arrays.copyOf(weight, capacity) : null;
        score = scored ? Arrays.copyOf(score, capacity) : null;
      }
      int c = 0;
      ids[n] = r.getString(c++);
      for (int t = 0; t < k; t++) {
        objective[n * k + t] = value(r, c++);
      }
      for (int q = 0; q < metricCount; q++) {
        for (int a = 0; a < arms; a++) {
          metrics[q][n * arms + a] = value(r, c++);
        }
      }
      if (weighted) {
        weight[n] = value(r, c++);
      }
      if (scored) {
        score[n] = value(r, c++);
      }
      n++;
    }
    double[][] trimmed = new double[metricCount][];
    for (int q = 0; q < metricCount; q++) {
      trimmed[q] = Arrays.copyOf(metrics[q], n * arms);
    }
    return new ScoreBlock(n, k, Arrays.copyOf(ids, n), Arrays.copyOf(objective, n * k),
        weighted ? Arrays.copyOf(weight, n) : null, trimmed, scored ? Arrays.copyOf(score, n) : null);
  }

  /** A null becomes NaN, which the first pass counts as invalid together with real NaNs. */
  private static double value(Row r, int c) {
    return r.isNullAt(c) ? Double.NaN : r.getDouble(c);
  }
}
