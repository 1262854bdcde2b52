package io.upliftsuite.evaluation;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * Everything the ranking metrics need, accumulated over {@link ScoreGroup}s in ONE distributed pass and merged on the
 * way to the driver. Sizes are fixed by the totals known before the pass (rows, arm counts), so the driver only ever
 * holds O(curve points + bins) numbers.
 *
 * <ul>
 *   <li>{@code areaQini}, {@code areaUplift}: trapezoid rule over consecutive curve points (x in rows, (0,0) first),
 *       exactly {@code sklearn.metrics.auc} on scikit-uplift's curves;</li>
 *   <li>{@code points}: the first curve point at or after each target x = ceil(i·N/M), i = 1..M (exact points);</li>
 *   <li>{@code bins[j] = {n_t, n_c, y_t, y_c}} of row positions [b_j, b_{j+1}); a tie group straddling a boundary is
 *       split in proportion to its rows (the expected counts when tied rows are in random order);</li>
 *   <li>{@code atK}: the same four sums over the first floor(N·k) rows; {@code atKTreated}/{@code atKControl}: the
 *       first floor(N_T·k) treated and floor(N_C·k) control rows (scikit-uplift's "by_group").</li>
 * </ul>
 */
final class CurveAccumulator implements Serializable {
  private final double n;
  private final int curvePoints;
  private final double[] binBounds;
  private final double cut;
  private final double cutTreated;
  private final double cutControl;

  double areaQini;
  double areaUplift;
  double maxQini = 0.0;
  double maxQiniX = 0.0;
  final double[][] bins;
  final double[] atK = new double[4];
  final double[] atKTreated = new double[2];
  final double[] atKControl = new double[2];
  final TreeMap<Double, double[]> points = new TreeMap<>();

  CurveAccumulator(double n, double nTreated, double nControl, int curvePoints, int binCount, double k) {
    this.n = n;
    this.curvePoints = curvePoints;
    this.binBounds = arraySplitBounds((long) n, binCount);
    this.bins = new double[binCount][4];
    this.cut = Math.floor(n * k);
    this.cutTreated = Math.floor(nTreated * k);
    this.cutControl = Math.floor(nControl * k);
  }

  /** numpy.array_split boundaries: the first N mod bins bins get one extra row. */
  static double[] arraySplitBounds(long n, int binCount) {
    double[] b = new double[binCount + 1];
    long base = n / binCount;
    long extra = n % binCount;
    for (int j = 0; j < binCount; j++) {
      b[j + 1] = b[j] + base + (j < extra ? 1 : 0);
    }
    return b;
  }

  CurveAccumulator add(ScoreGroup g) {
    double x = g.cumN();
    double xPrev = g.prevN();
    double groupRows = g.nTreated() + g.nControl();
    double q = g.qini();
    double u = g.uplift();
    areaQini += (x - xPrev) * (q + g.prevQini()) / 2.0;
    areaUplift += (x - xPrev) * (u + g.prevUplift()) / 2.0;
    if (q > maxQini || (q == maxQini && x < maxQiniX)) {
      maxQini = q;
      maxQiniX = x;
    }
    // Curve point i (target ceil(i·N/M)) is this group's iff xPrev < target <= x, i.e. floor(x·M/N) > floor(xPrev·M/N).
    if (Math.floor(x * curvePoints / n) > Math.floor(xPrev * curvePoints / n)) {
      points.put(x, new double[] {q, u});
    }
    for (int j = 0; j < bins.length; j++) {
      double overlap = Math.min(x, binBounds[j + 1]) - Math.max(xPrev, binBounds[j]);
      if (overlap > 0) {
        addFraction(bins[j], g, overlap / groupRows);
      }
    }
    if (xPrev < cut) {
      addFraction(atK, g, Math.min(1.0, (cut - xPrev) / groupRows));
    }
    double prevT = g.cumNTreated() - g.nTreated();
    if (g.nTreated() > 0 && prevT < cutTreated) {
      double f = Math.min(1.0, (cutTreated - prevT) / g.nTreated());
      atKTreated[0] += f * g.nTreated();
      atKTreated[1] += f * g.yTreated();
    }
    double prevC = g.cumNControl() - g.nControl();
    if (g.nControl() > 0 && prevC < cutControl) {
      double f = Math.min(1.0, (cutControl - prevC) / g.nControl());
      atKControl[0] += f * g.nControl();
      atKControl[1] += f * g.yControl();
    }
    return this;
  }

  private static void addFraction(double[] into, ScoreGroup g, double f) {
    into[0] += f * g.nTreated();
    into[1] += f * g.nControl();
    into[2] += f * g.yTreated();
    into[3] += f * g.yControl();
  }

  CurveAccumulator merge(CurveAccumulator other) {
    if (other.bins.length != bins.length || other.n != n) {
      throw new IllegalStateException("merging accumulators of different shapes");
    }
    areaQini += other.areaQini;
    areaUplift += other.areaUplift;
    if (other.maxQini > maxQini || (other.maxQini == maxQini && other.maxQiniX < maxQiniX)) {
      maxQini = other.maxQini;
      maxQiniX = other.maxQiniX;
    }
    for (int j = 0; j < bins.length; j++) {
      for (int i = 0; i < 4; i++) {
        bins[j][i] += other.bins[j][i];
      }
    }
    for (int i = 0; i < 4; i++) {
      atK[i] += other.atK[i];
    }
    for (int i = 0; i < 2; i++) {
      atKTreated[i] += other.atKTreated[i];
      atKControl[i] += other.atKControl[i];
    }
    points.putAll(other.points);
    return this;
  }
}
