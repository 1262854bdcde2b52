package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ranking metrics of an uplift score: Qini and uplift curves, normalised Qini/AUUC as scikit-uplift 0.5.1 defines
 * them, the unscaled Qini coefficient, uplift@k and a decile table; for several arms, each arm against control.
 *
 * <p>Definitions (see docs/evaluation.md): rows are ordered by descending score and tied scores form one curve step;
 * Q(x) = Y_T(x) − Y_C(x)·N_T(x)/N_C(x); areas by the trapezoid rule with x in rows and (0,0) prepended; the random
 * line runs from (0,0) to (N, Q(N)); the perfect Qini curve ranks by y·t − y·(1−t) (negative effects allowed), the
 * perfect uplift curve by 2·[y=t] + (y if control responders outnumber treated non-responders else t).
 * Normalised score = (A_model − A_random)/(A_perfect − A_random); unscaled Qini coefficient = A_model / A_random.
 *
 * <p>Nothing is collected but aggregates: curves come from {@link ScoreGroups} (a distributed prefix sum over
 * distinct scores) and one {@link CurveAccumulator} pass.
 */
public final class UpliftMetrics {
  private final Dataset<Row> rows;
  private String scoreCol = "score";
  private String armCol = "treatment";
  private String controlLabel = "0";
  private String outcomeCol = "outcome";
  private int curvePoints = 100;
  private int bins = 10;
  private double k = 0.3;

  private UpliftMetrics(Dataset<Row> rows) {
    this.rows = rows;
  }

  public static UpliftMetrics of(Dataset<Row> rows) {
    return new UpliftMetrics(rows);
  }

  public UpliftMetrics scoreCol(String c) {
    this.scoreCol = c;
    return this;
  }

  /** The column of the arm each row received (any type; compared as a string). */
  public UpliftMetrics armCol(String c) {
    this.armCol = c;
    return this;
  }

  public UpliftMetrics controlLabel(String label) {
    this.controlLabel = Objects.requireNonNull(label);
    return this;
  }

  public UpliftMetrics outcomeCol(String c) {
    this.outcomeCol = c;
    return this;
  }

  /** At most this many points (plus the origin) of each curve are returned; areas always use every point. */
  public UpliftMetrics curvePoints(int m) {
    if (m < 1) {
      throw new IllegalArgumentException("curvePoints must be >= 1, got " + m);
    }
    this.curvePoints = m;
    return this;
  }

  public UpliftMetrics bins(int b) {
    if (b < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + b);
    }
    this.bins = b;
    return this;
  }

  /** The share for uplift@k, in (0, 1]. */
  public UpliftMetrics k(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("k must be in (0, 1], got " + share);
    }
    this.k = share;
    return this;
  }

  /** Metrics of every non-control arm against control, in sorted arm order. */
  public Map<String, UpliftMetricsResult> executePerArm() {
    List<String> arms = rows.select(col(armCol).cast("string")).distinct().as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().filter(Objects::nonNull).sorted().toList();
    if (!arms.contains(controlLabel)) {
      throw new IllegalArgumentException("No control rows: column " + armCol + " has no value '" + controlLabel
          + "' (values: " + arms + ")");
    }
    Map<String, UpliftMetricsResult> out = new LinkedHashMap<>();
    for (String arm : arms) {
      if (!arm.equals(controlLabel)) {
        Dataset<Row> pair = rows.where(col(armCol).cast("string").isin(arm, controlLabel))
            .withColumn("__t", when(col(armCol).cast("string").equalTo(arm), 1).otherwise(0));
        out.put(arm, compute(arm, pair));
      }
    }
    return out;
  }

  /** Metrics for a binary treatment: rows whose arm is not control are treated. */
  public UpliftMetricsResult execute() {
    Dataset<Row> binary = rows.withColumn("__t",
        when(col(armCol).cast("string").equalTo(controlLabel), 0).otherwise(1));
    return compute("treated", binary);
  }

  private UpliftMetricsResult compute(String arm, Dataset<Row> withT) {
    Dataset<Row> r = withT.select(col(scoreCol).cast("double").as("__s"), col("__t"),
        col(outcomeCol).cast("double").as("__y"));
    try (ScoreGroups model = ScoreGroups.of(r, "__s", "__t", "__y")) {
      double n = model.n();
      if (model.nTreated() == 0 || model.nControl() == 0) {
        throw new IllegalArgumentException("Arm '" + arm + "' needs treated and control rows (treated "
            + (long) model.nTreated() + ", control " + (long) model.nControl() + ")");
      }
      CurveAccumulator zero = new CurveAccumulator(n, model.nTreated(), model.nControl(), curvePoints, bins, k);
      CurveAccumulator acc = model.groups().aggregate(zero, CurveAccumulator::add, CurveAccumulator::merge);
      double qN = ScoreGroup.qini(model.yTreated(), model.yControl(), model.nTreated(), model.nControl());
      double uN = ScoreGroup.upliftCurve(model.yTreated(), model.yControl(), model.nTreated(), model.nControl());

      boolean controlRespondersDominate = model.yControl() > model.nTreated() - model.yTreated();
      double[] perfect = perfectAreas(r, n, model, controlRespondersDominate);
      double perfectQini = perfect[0];
      double perfectUplift = perfect[1];

      List<CurvePoint> curve = new ArrayList<>();
      curve.add(new CurvePoint(0, 0, 0));
      acc.points.forEach((x, qu) -> curve.add(new CurvePoint(x, qu[0], qu[1])));
      List<DecileRow> deciles = new ArrayList<>();
      for (int j = 0; j < acc.bins.length; j++) {
        double[] b = acc.bins[j];
        deciles.add(new DecileRow(j + 1, b[0], b[1], b[2], b[3]));
      }
      double randomQini = n * qN / 2.0;
      double randomUplift = n * uN / 2.0;
      double upliftAtK = rate(acc.atK[2], acc.atK[0]) - rate(acc.atK[3], acc.atK[1]);
      double upliftAtKByGroup = rate(acc.atKTreated[1], acc.atKTreated[0]) - rate(acc.atKControl[1], acc.atKControl[0]);
      return new UpliftMetricsResult(arm, n, model.nTreated(), model.nControl(), model.yTreated(), model.yControl(),
          (acc.areaQini - randomQini) / (perfectQini - randomQini),
          (acc.areaUplift - randomUplift) / (perfectUplift - randomUplift),
          acc.areaQini / randomQini, k, upliftAtK, upliftAtKByGroup,
          acc.areaQini, perfectQini, randomQini, acc.areaUplift, perfectUplift, randomUplift,
          qN, acc.maxQini, acc.maxQiniX / n, curve, deciles);
    }
  }

  /**
   * Areas under the perfect Qini and perfect uplift curves. Both perfect scores depend only on (t, y), so the rows
   * are first aggregated by (t, y): for a binary outcome that is four groups, ranked on the driver. An outcome with
   * very many distinct values falls back to the distributed {@link ScoreGroups} pass.
   */
  private double[] perfectAreas(Dataset<Row> r, double n, ScoreGroups model, boolean controlRespondersDominate) {
    Column y = col("__y");
    Column t = col("__t");
    Column qiniScore = y.multiply(t).minus(y.multiply(lit(1).minus(t)));
    Column upliftScore = when(y.equalTo(t.cast("double")), 2.0).otherwise(0.0)
        .plus(controlRespondersDominate ? y : t.cast("double"));
    List<Row> byTy = r.groupBy("__t", "__y").count().limit(MAX_DRIVER_OUTCOME_GROUPS + 1).collectAsList();
    if (byTy.size() > MAX_DRIVER_OUTCOME_GROUPS) {
      return new double[] {distributedArea(r.withColumn("__p", qiniScore), n, model).areaQini,
          distributedArea(r.withColumn("__p", upliftScore), n, model).areaUplift};
    }
    return new double[] {localArea(byTy, n, model, true, controlRespondersDominate).areaQini,
        localArea(byTy, n, model, false, controlRespondersDominate).areaUplift};
  }

  private static final int MAX_DRIVER_OUTCOME_GROUPS = 10_000;

  private CurveAccumulator localArea(List<Row> byTy, double n, ScoreGroups model, boolean qini,
      boolean controlRespondersDominate) {
    java.util.TreeMap<Double, double[]> groups = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    for (Row row : byTy) {
      int t = row.getInt(0);
      double y = row.getDouble(1);
      double count = row.getLong(2);
      double score = qini ? y * t - y * (1 - t)
          : (y == t ? 2.0 : 0.0) + (controlRespondersDominate ? y : t);
      double[] g = groups.computeIfAbsent(score, k -> new double[4]);
      g[t == 1 ? 0 : 1] += count;
      g[t == 1 ? 2 : 3] += count * y;
    }
    CurveAccumulator acc = new CurveAccumulator(n, model.nTreated(), model.nControl(), 1, 1, 1.0);
    double[] c = new double[4];
    for (java.util.Map.Entry<Double, double[]> e : groups.entrySet()) {
      double[] g = e.getValue();
      for (int i = 0; i < 4; i++) {
        c[i] += g[i];
      }
      acc.add(new ScoreGroup(e.getKey(), g[0], g[1], g[2], g[3], c[0], c[1], c[2], c[3]));
    }
    return acc;
  }

  private CurveAccumulator distributedArea(Dataset<Row> withPerfectScore, double n, ScoreGroups model) {
    try (ScoreGroups perfect = ScoreGroups.of(withPerfectScore, "__p", "__t", "__y")) {
      CurveAccumulator zero = new CurveAccumulator(n, model.nTreated(), model.nControl(), 1, 1, 1.0);
      return perfect.groups().aggregate(zero, CurveAccumulator::add, CurveAccumulator::merge);
    }
  }

  static double rate(double y, double count) {
    return count == 0 ? 0.0 : y / count;
  }
}
