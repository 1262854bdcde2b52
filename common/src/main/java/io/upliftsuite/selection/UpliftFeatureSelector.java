package io.upliftsuite.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ranks features by an uplift filter (Zhao et al. 2020) and keeps the top K. Features are given as (name, encoded
 * numeric column) pairs; categorical ones are binned by value by the divergence filters and used as their ordinal
 * code by the F and LR filters.
 *
 * <pre>
 *   Result r = UpliftFeatureSelector.on(rows).treatmentCol("action").outcomeCol("outcome_90d")
 *       .features(names, encodedColumns, categoricalNames).method(UpliftFilter.KL).bins(10).topK(50).execute();
 * </pre>
 */
public final class UpliftFeatureSelector {
  private final Dataset<Row> rows;
  private List<String> names = List.of();
  private List<String> columns = List.of();
  private Set<String> categorical = Set.of();
  private String treatmentCol = "action";
  private String outcomeCol = "outcome_90d";
  private String weightCol = null;
  private UpliftFilter method = UpliftFilter.KL;
  private int bins = 10;
  private int topK = 0;
  private long minArmRows = 50;

  /**
   * The ranking (best first; for the divergence filters the features with fewer than two supported bins — constant
   * ones — come last whatever their score; ties by name) and the kept names.
   */
  public record Result(UpliftFilter method, List<FeatureScore> ranking, List<String> selected) {}

  private UpliftFeatureSelector(Dataset<Row> rows) {
    this.rows = rows;
  }

  public static UpliftFeatureSelector on(Dataset<Row> rows) {
    return new UpliftFeatureSelector(rows);
  }

  /**
   * @param names feature names
   * @param encodedColumns the numeric column of each name (same order)
   * @param categoricalNames names to bin by value
   */
  public UpliftFeatureSelector features(List<String> names, List<String> encodedColumns,
      Set<String> categoricalNames) {
    if (names.size() != encodedColumns.size()) {
      throw new IllegalArgumentException("features: " + names.size() + " names but " + encodedColumns.size()
          + " columns");
    }
    Set<String> present = Set.of(rows.columns());
    for (String c : encodedColumns) {
      if (!present.contains(c)) {
        throw new IllegalArgumentException("Can't find column " + c + " in " + List.of(rows.columns()));
      }
    }
    this.names = List.copyOf(names);
    this.columns = List.copyOf(encodedColumns);
    this.categorical = Set.copyOf(categoricalNames);
    return this;
  }

  public UpliftFeatureSelector treatmentCol(String c) {
    this.treatmentCol = c;
    return this;
  }

  public UpliftFeatureSelector outcomeCol(String c) {
    this.outcomeCol = c;
    return this;
  }

  /**
   * Row weights (null = unweighted). On observational data pass inverse-propensity weights: the filters then compare
   * treated and control rows of the re-weighted population and rank the drivers of the effect, not the drivers of the
   * logging policy (which, unweighted, shift the naive treated-minus-control contrast from bin to bin).
   */
  public UpliftFeatureSelector weightCol(String c) {
    this.weightCol = c;
    return this;
  }

  public UpliftFeatureSelector method(UpliftFilter m) {
    this.method = m;
    return this;
  }

  public UpliftFeatureSelector bins(int b) {
    if (b < 2) {
      throw new IllegalArgumentException("feature selection bins must be >= 2, got " + b);
    }
    this.bins = b;
    return this;
  }

  /**
   * Features kept: the {@code k} best ranked, or all of them when {@code k} is 0 (the ranking is still computed and
   * returned, best first, as a diagnostic).
   */
  public UpliftFeatureSelector topK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("feature selection top-k must be >= 0 (0 = keep all), got " + k);
    }
    this.topK = k;
    return this;
  }

  /** Divergence filters: bins where the treated or the control arm has fewer rows are left out. */
  public UpliftFeatureSelector minArmRows(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("feature selection min-arm-rows must be >= 1, got " + n);
    }
    this.minArmRows = n;
    return this;
  }

  public Result execute() {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("No features to select from");
    }
    double[] scores = new double[names.size()];
    boolean[] splits = new boolean[names.size()];
    Arrays.fill(splits, true);
    if (method.isDivergence()) {
      Set<String> categoricalColumns = new HashSet<>();
      for (int i = 0; i < names.size(); i++) {
        if (categorical.contains(names.get(i))) {
          categoricalColumns.add(columns.get(i));
        }
      }
      Map<String, List<BinCounts>> counts =
          DivergenceFilter.binCounts(rows, columns, categoricalColumns, treatmentCol, outcomeCol, weightCol, bins);
      for (int i = 0; i < names.size(); i++) {
        scores[i] = DivergenceFilter.score(method, counts.get(columns.get(i)), minArmRows);
        splits[i] = DivergenceFilter.supportedBins(counts.get(columns.get(i)), minArmRows) >= 2;
      }
    } else {
      scores = InteractionFilter.scores(method, rows, columns, treatmentCol, outcomeCol, weightCol);
    }
    // Features that split the rows into at least two supported bins first, then by score. A divergence score is a
    // gain over the pooled divergence and is NEGATIVE for a feature that drives both the logging policy and the
    // outcome (its within-bin contrasts are smaller than the confounded pooled one) even when it is the main effect
    // modifier, while a constant feature scores exactly 0 and carries nothing: it must not be kept in its place.
    List<FeatureScore> ranking = new ArrayList<>();
    Set<String> noSplit = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      ranking.add(new FeatureScore(names.get(i), scores[i]));
      if (!splits[i]) {
        noSplit.add(names.get(i));
      }
    }
    ranking.sort(Comparator.comparing((FeatureScore f) -> noSplit.contains(f.feature()))
        .thenComparing(Comparator.comparingDouble(FeatureScore::score).reversed())
        .thenComparing(FeatureScore::feature));
    List<String> selected = ranking.stream().limit(topK == 0 ? ranking.size() : topK).map(FeatureScore::feature)
        .toList();
    return new Result(method, List.copyOf(ranking), selected);
  }
}
