package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.spark.InputValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The rows of one fit, read once. The input is projected to the columns the forest uses (features, treatment label
 * as text, outcome, weight and an optional group key) and cached, unless the input itself is already cached (then
 * the projection of the cache is as stable and costs nothing to keep). ONE pass over that copy validates every row,
 * collects the treatment labels and counts the rows of each partition; the counts give every row its global
 * position, which seeds its bag counts and its membership of the binning sample, so neither depends on how the rows
 * are partitioned (only on their order). The sample and the tree points are then read from the same copy.
 */
final class TrainingRows {
  /** Name used for the training data in validation messages. */
  static final String TABLE = "training data";
  /**
   * The binning sample does not depend on the forest's seed: forests of different seeds on the same rows share their
   * bins, which is what lets an ensemble be grown in one fit with the trees its members' separate fits grow.
   */
  static final long BINNING_SAMPLE_SEED = 0x6A09E667F3BCC909L;

  private final Dataset<Row> slim;
  private final boolean cachedHere;
  private final long[] offsets;
  final long rows;
  final String[] arms;
  final int numFeatures;

  private TrainingRows(Dataset<Row> slim, boolean cachedHere, long[] offsets, long rows, String[] arms,
      int numFeatures) {
    this.slim = slim;
    this.cachedHere = cachedHere;
    this.offsets = offsets;
    this.rows = rows;
    this.arms = arms;
    this.numFeatures = numFeatures;
  }

  /**
   * Projects, caches and validates the rows in one pass; throws {@link InputValidationException} naming the column
   * and the count of offending rows for the first broken rule.
   *
   * @param attributeSize the features' size from the column's ML attributes, or -1 when they don't say
   * @param groupCol a column whose text value keys each row, or null
   */
  static TrainingRows prepare(UpliftForestParams p, boolean regression, Dataset<Row> data, int attributeSize,
      String groupCol) {
    Column weight = p.getWeightCol().isEmpty() ? lit(1.0) : col(p.getWeightCol()).cast(DataTypes.DoubleType);
    List<Column> columns = new ArrayList<>(List.of(col(p.getFeaturesCol()),
        col(p.getTreatmentCol()).cast(DataTypes.StringType), col(p.getLabelCol()).cast(DataTypes.DoubleType), weight));
    if (groupCol != null) {
      columns.add(col(groupCol).cast(DataTypes.StringType));
    }
    Dataset<Row> slim = data.select(columns.toArray(Column[]::new));
    boolean cacheHere = !stable(data);
    if (cacheHere) {
      slim = slim.persist(StorageLevel.MEMORY_AND_DISK());
    }
    try {
      List<InputSummary> parts = slim.javaRDD().mapPartitionsWithIndex((i, it) -> {
        InputSummary s = new InputSummary();
        while (it.hasNext()) {
          Row r = it.next();
          s.add(r.isNullAt(1) ? null : r.getString(1), r.isNullAt(2) ? null : r.getDouble(2),
              r.isNullAt(3) ? null : r.getDouble(3), r.isNullAt(0) ? null : (Vector) r.get(0), regression);
        }
        return List.of(s).iterator();
      }, true).collect();
      long[] offsets = new long[parts.size()];
      InputSummary all = new InputSummary();
      for (int i = 0; i < parts.size(); i++) {
        offsets[i] = all.rows;
        all.merge(parts.get(i));
      }
      int numFeatures = attributeSize >= 0 ? attributeSize : Math.max(all.firstSize, 0);
      report(p, regression, all, numFeatures);
      boolean numericTreatment = data.schema().apply(p.getTreatmentCol()).dataType() instanceof NumericType;
      String[] arms = arms(p, new ArrayList<>(all.labels), numericTreatment);
      return new TrainingRows(slim, cacheHere, offsets, all.rows, arms, numFeatures);
    } catch (RuntimeException e) {
      if (cacheHere) {
        slim.unpersist(false);
      }
      throw e;
    }
  }

  /**
   * True when the rows are already cached and come out the same, in the same order, on every read: the input is
   * cached, or it only projects and filters (deterministically) rows of cached tables (e.g. a VectorAssembler over
   * a cached table). Then the fit reads through it instead of caching a second copy.
   */
  static boolean stable(Dataset<Row> data) {
    return !data.storageLevel().equals(StorageLevel.NONE())
        || narrowOverCache(data.queryExecution().withCachedData());
  }

  private static boolean narrowOverCache(org.apache.spark.sql.catalyst.plans.logical.LogicalPlan plan) {
    if (plan instanceof org.apache.spark.sql.execution.columnar.InMemoryRelation) {
      return true;
    }
    boolean narrow = plan instanceof org.apache.spark.sql.catalyst.plans.logical.Project
        || plan instanceof org.apache.spark.sql.catalyst.plans.logical.Filter
        || plan instanceof org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
    return narrow && plan.deterministic() && narrowOverCache(plan.children().head());
  }

  /** The first broken rule, in the order nulls, non-finite features, outcome, weight, vector size; or no rows. */
  private static void report(UpliftForestParams p, boolean regression, InputSummary s, int numFeatures) {
    check(p.getTreatmentCol(), "null values are not allowed", s.nullTreatment);
    check(p.getLabelCol(), "null values are not allowed", s.nullLabel);
    check(p.getFeaturesCol(), "null values are not allowed", s.nullFeatures);
    check(p.getFeaturesCol(), "features that are NaN or infinite", s.nonFiniteFeatures);
    check(p.getLabelCol(), regression ? "outcome that is NaN or infinite" : "outcome must be 0 or 1 for the classifier",
        s.badLabel);
    if (!p.getWeightCol().isEmpty()) {
      check(p.getWeightCol(), "weight must be a finite number >= 0", s.badWeight);
    }
    long wrong = s.wrongSize(numFeatures);
    check(p.getFeaturesCol(), "feature vectors of size " + s.otherSize(numFeatures) + " where " + numFeatures
        + " are expected", wrong);
    if (s.rows == 0) {
      throw new InputValidationException(TABLE, "*", "no rows to train on", 0);
    }
    if (s.tooManyLabels) {
      throw new InputValidationException(TABLE, p.getTreatmentCol(), "more than " + InputSummary.MAX_ARMS
          + " distinct treatment labels: not an arm column", 0);
    }
  }

  private static void check(String column, String rule, long bad) {
    if (bad > 0) {
      throw new InputValidationException(TABLE, column, rule, bad);
    }
  }

  /**
   * The arm labels, control first, then the others sorted: numerically when the treatment column is numeric or every
   * label is a distinct number (e.g. a CSV column read as text), else as text. The control label matches a numeric
   * label of the same value ("0" names the arm "0.0").
   */
  static String[] arms(UpliftForestParams p, List<String> labels, boolean numericColumn) {
    boolean numeric = numericColumn || allDistinctNumbers(labels);
    String control = p.getControlLabel();
    if (numeric && !labels.contains(control)) {
      for (String l : labels) {
        if (Double.parseDouble(l) == parseOrNaN(control)) {
          control = l;
        }
      }
    }
    if (!labels.contains(control)) {
      throw new InputValidationException(TABLE, p.getTreatmentCol(), "no rows with the control label '"
          + p.getControlLabel() + "' (labels present: " + labels + ")", 0);
    }
    if (labels.size() < 2) {
      throw new InputValidationException(TABLE, p.getTreatmentCol(), "only one arm (" + labels
          + "); uplift needs control and at least one treatment", 0);
    }
    String c = control;
    labels.remove(c);
    labels.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
    labels.add(0, c);
    return labels.toArray(String[]::new);
  }

  private static boolean allDistinctNumbers(List<String> labels) {
    java.util.Set<Double> values = new java.util.HashSet<>();
    for (String l : labels) {
      double v = parseOrNaN(l);
      if (!Double.isFinite(v) || !values.add(v)) {
        return false;
      }
    }
    return true;
  }

  private static double parseOrNaN(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The binning sample: about {@code wanted} feature vectors (all of them for small inputs), a row being in it when a
   * hash of its global position falls below wanted/rows. Only the sample reaches the driver.
   */
  List<Vector> binningSample(double wanted) {
    double fraction = Math.min(1.0, wanted / rows);
    long[] starts = offsets;
    List<Vector> sample = rowsWithPosition().mapPartitions(it -> {
      List<Vector> out = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<Long, Row> t = it.next();
        if (fraction >= 1.0 || TreePoint.uniform(BINNING_SAMPLE_SEED, t._1(), 0, 0) < fraction) {
          out.add((Vector) t._2().get(0));
        }
      }
      return out.iterator();
    }).collect();
    return sample;
  }

  /** Binned, bagged rows (bag counts from the row's global position and each tree's forest seed). */
  JavaRDD<TreePoint> treePoints(FeatureBinning binning, TrainingSettings s) {
    Map<String, Integer> armIndex = armIndex();
    return rowsWithPosition().map(t -> treePoint(t._2(), t._1(), armIndex, binning, s));
  }

  /** Tree points keyed by the group column's text value. */
  JavaPairRDD<String, TreePoint> keyedTreePoints(FeatureBinning binning, TrainingSettings s) {
    Map<String, Integer> armIndex = armIndex();
    return rowsWithPosition().mapToPair(t -> new Tuple2<>(String.valueOf(t._2().get(4)),
        treePoint(t._2(), t._1(), armIndex, binning, s)));
  }

  private Map<String, Integer> armIndex() {
    Map<String, Integer> index = new HashMap<>();
    for (int a = 0; a < arms.length; a++) {
      index.put(arms[a], a);
    }
    return index;
  }

  private static TreePoint treePoint(Row r, long position, Map<String, Integer> armIndex, FeatureBinning binning,
      TrainingSettings s) {
    return new TreePoint(binning.bins((Vector) r.get(0)), armIndex.get(r.getString(1)), r.getDouble(2),
        r.getDouble(3), TreePoint.bagCounts(s, position));
  }

  /** Each row with its global position: the partition's offset from the validation pass plus its index in it. */
  private JavaRDD<Tuple2<Long, Row>> rowsWithPosition() {
    long[] starts = offsets;
    return slim.javaRDD().mapPartitionsWithIndex((i, it) -> {
      if (i >= starts.length) {
        throw new IllegalStateException("the cached training rows changed partitioning between passes");
      }
      return positioned(starts[i], it);
    }, true);
  }

  private static Iterator<Tuple2<Long, Row>> positioned(long first, Iterator<Row> rows) {
    return new Iterator<>() {
      long next = first;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Tuple2<Long, Row> next() {
        return new Tuple2<>(next++, rows.next());
      }
    };
  }

  /** Drops the cached copy (if this fit made it). */
  void release() {
    if (cachedHere) {
      slim.unpersist(false);
    }
  }
}
