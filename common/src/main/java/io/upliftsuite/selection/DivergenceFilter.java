package io.upliftsuite.selection;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The divergence filters (KL, ED, Chi) of Zhao et al. 2020 for a binary outcome and one treatment arm:
 *
 * <pre>
 *   score(X) = Σ_b (n_b / n) · D(P_T(Y | b) : P_C(Y | b))  −  D(P_T(Y) : P_C(Y))
 *   KL(p : q)  = p ln(p/q) + (1−p) ln((1−p)/(1−q))
 *   ED(p : q)  = (p − q)² + ((1−p) − (1−q))² = 2 (p − q)²
 *   Chi(p : q) = (p − q)²/q + (p − q)²/(1−q)
 * </pre>
 * where b runs over the feature's bins (equal-frequency quantile bins for numeric features, one bin per value for
 * categorical ones) and n_b counts both arms. As in CausalML's FilterSelect, q is clipped to [1e-6, 1 − 1e-6] so an
 * empty outcome class does not give an infinite divergence. Bins where an arm has fewer than a minimum number of rows
 * are left out (see {@link #score(UpliftFilter, Collection, long)}).
 *
 * <p>Distributed: one pass computes all numeric features' quantiles ({@code approxQuantile}), one aggregation counts
 * (feature, bin, arm) cells for all features at once; only those cells (features × bins × 2) reach the driver.
 */
public final class DivergenceFilter {
  static final double CLIP = 1e-6;

  private DivergenceFilter() {}

  /** D(p : q) between the treated and control Bernoulli outcome distributions. */
  public static double divergence(UpliftFilter method, double p, double q) {
    double qc = Math.min(Math.max(q, CLIP), 1 - CLIP);
    double d = p - q;
    return switch (method) {
      case KL -> xlogy(p, p / qc) + xlogy(1 - p, (1 - p) / (1 - qc));
      case ED -> 2 * d * d;
      case CHI -> d * d / qc + d * d / (1 - qc);
      default -> throw new IllegalArgumentException(method + " is not a divergence filter");
    };
  }

  private static double xlogy(double x, double y) {
    return x == 0 ? 0.0 : x * Math.log(y);
  }

  /** The score with every bin that has both arms counted (no minimum arm size). */
  public static double score(UpliftFilter method, Collection<BinCounts> bins) {
    return score(method, bins, 1);
  }

  /**
   * The filter's score of one feature from its per-bin counts (the formula in the class comment), over the bins
   * where each arm has at least {@code minArmRows} rows: a bin with a handful of control rows (where the propensity
   * is near 0 or 1) gives a noisy, often clipped rate that would otherwise dominate the score, so such bins are left
   * out of both the children and the parent term, i.e. the score is computed on the common support.
   */
  public static double score(UpliftFilter method, Collection<BinCounts> bins, long minArmRows) {
    BinCounts total = new BinCounts(0, 0, 0, 0);
    List<BinCounts> supported = new ArrayList<>();
    for (BinCounts b : bins) {
      if (b.treated() >= Math.max(1, minArmRows) && b.control() >= Math.max(1, minArmRows)) {
        supported.add(b);
        total = total.plus(b);
      }
    }
    double n = total.weight();
    if (total.rows() == 0 || n <= 0) {
      return 0.0;
    }
    double children = 0;
    for (BinCounts b : supported) {
      children += b.weight() / n * divergence(method, b.treatedRate(), b.controlRate());
    }
    return children - divergence(method, total.treatedRate(), total.controlRate());
  }

  /**
   * The bins the score uses: those where each arm has at least {@code minArmRows} rows. A feature with fewer than two
   * carries no information for the filter (its score is 0 whatever the data), see
   * {@link UpliftFeatureSelector#execute()}.
   */
  public static int supportedBins(Collection<BinCounts> bins, long minArmRows) {
    int n = 0;
    for (BinCounts b : bins) {
      if (b.treated() >= Math.max(1, minArmRows) && b.control() >= Math.max(1, minArmRows)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Per-bin counts of every feature.
   *
   * @param rows rows with the treatment (0/1), the outcome (0/1) and the feature columns (numeric)
   * @param features encoded feature column names
   * @param categorical those of {@code features} to bin by value instead of by quantile
   */
  public static Map<String, List<BinCounts>> binCounts(Dataset<Row> rows, List<String> features,
      Set<String> categorical, String treatmentCol, String outcomeCol, int numBins) {
    return binCounts(rows, features, categorical, treatmentCol, outcomeCol, null, numBins);
  }

  /**
   * Per-bin counts of every feature, with row weights: {@code weightCol} (null = every row weighs 1) gives the
   * weighted sums of {@link BinCounts}; the row counts stay unweighted (they decide a bin's support).
   */
  public static Map<String, List<BinCounts>> binCounts(Dataset<Row> rows, List<String> features,
      Set<String> categorical, String treatmentCol, String outcomeCol, String weightCol, int numBins) {
    if (numBins < 2) {
      throw new IllegalArgumentException("feature selection bins must be >= 2, got " + numBins);
    }
    List<String> quantiled = features.stream().filter(f -> !categorical.contains(f)).toList();
    Dataset<Row> binned = rows;
    Map<String, String> binCol = new HashMap<>();
    for (String f : features) {
      binCol.put(f, f);
    }
    if (!quantiled.isEmpty()) {
      double[] probs = new double[numBins - 1];
      for (int i = 1; i < numBins; i++) {
        probs[i - 1] = (double) i / numBins;
      }
      // one partition, so one quantile summary: Spark merges the summaries of several partitions in the order their
      // tasks finish, and merging compressed summaries is not commutative — the same rows gave bins (and scores)
      // that changed from run to run (DailyModelTrainerTest.sameSeedGivesSameModelsAndPredictions, a day in one
      // partition scored through the five-fold union). A day's training rows are a single pass for one task.
      double[][] q = rows.coalesce(1).stat().approxQuantile(quantiled.toArray(String[]::new), probs, 1e-3);
      double[][] splits = new double[quantiled.size()][];
      String[] outCols = new String[quantiled.size()];
      for (int j = 0; j < quantiled.size(); j++) {
        splits[j] = splits(q[j]);
        outCols[j] = "_bin_" + j;
        binCol.put(quantiled.get(j), outCols[j]);
      }
      binned = new Bucketizer().setInputCols(quantiled.toArray(String[]::new)).setOutputCols(outCols)
          .setSplitsArray(splits).setHandleInvalid("keep").transform(rows);
    }
    List<Column> cells = new ArrayList<>();
    for (int j = 0; j < features.size(); j++) {
      cells.add(struct(lit(j).as("f"), col("`" + binCol.get(features.get(j)) + "`").cast("double").as("b")));
    }
    List<Row> counted = binned
        .select(col(treatmentCol).cast("int").as("t"), col(outcomeCol).cast("long").as("y"),
            (weightCol == null ? lit(1.0) : col(weightCol).cast("double")).as("w"),
            explode(array(cells.toArray(Column[]::new))).as("cell"))
        .groupBy(col("cell.f").as("f"), col("cell.b").as("b"), col("t"))
        .agg(count(lit(1)).as("n"), sum(col("y")).as("pos"), sum(col("w")).as("wn"),
            sum(col("w").multiply(col("y"))).as("wpos"))
        .collectAsList();
    Map<Integer, Map<Double, BinCounts>> byFeature = new TreeMap<>();
    for (Row r : counted) {
      int f = r.getInt(0);
      double b = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
      int t = r.getInt(2);
      long n = r.getLong(3);
      long pos = r.isNullAt(4) ? 0 : r.getLong(4);
      double wn = r.isNullAt(5) ? 0 : r.getDouble(5);
      double wpos = r.isNullAt(6) ? 0 : r.getDouble(6);
      BinCounts cell = t == 1 ? new BinCounts(n, pos, 0, 0, wn, wpos, 0, 0) : new BinCounts(0, 0, n, pos, 0, 0, wn, wpos);
      byFeature.computeIfAbsent(f, k -> new TreeMap<>()).merge(b, cell, BinCounts::plus);
    }
    Map<String, List<BinCounts>> out = new HashMap<>();
    for (int j = 0; j < features.size(); j++) {
      out.put(features.get(j), List.copyOf(byFeature.getOrDefault(j, Map.of()).values()));
    }
    return out;
  }

  /** Bucketizer splits from quantiles: strictly increasing, open at both ends (ties between quantiles collapse). */
  static double[] splits(double[] quantiles) {
    List<Double> s = new ArrayList<>();
    s.add(Double.NEGATIVE_INFINITY);
    for (double v : quantiles) {
      // Bucketizer bins are [a, b); the next double up makes them (a, b] like pandas.qcut, so a quantile value
      // stays in the bin it closes.
      double split = Math.nextUp(v);
      if (split > s.get(s.size() - 1)) {
        s.add(split);
      }
    }
    s.add(Double.POSITIVE_INFINITY);
    return s.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
