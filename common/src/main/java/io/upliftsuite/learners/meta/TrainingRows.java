package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * The training rows of one meta-learner fit, validated and prepared once: the arms (control first, then the others
 * sorted, numerically for a numeric column, as the forest orders them), whether the outcome is binary, and three
 * internal columns — the arm index ({@link #ARM}, 0 = control), the outcome as a double ({@link #Y}) and, for a
 * cross-fitted learner, the fold ({@link #FOLD}). The prepared rows are cached until {@link #close()}.
 */
final class TrainingRows implements AutoCloseable {
  /** Name used for the training data in validation messages (as the forest does). */
  static final String TABLE = "training data";
  static final String ARM = "__meta_arm";
  static final String Y = "__meta_y";
  static final String FOLD = "__meta_fold";

  private final Dataset<Row> rows;
  private final String[] arms;
  private final boolean binaryOutcome;
  private final long count;

  private TrainingRows(Dataset<Row> rows, String[] arms, boolean binaryOutcome, long count) {
    this.rows = rows;
    this.arms = arms;
    this.binaryOutcome = binaryOutcome;
    this.count = count;
  }

  Dataset<Row> rows() {
    return rows;
  }

  String[] arms() {
    return arms;
  }

  int numArms() {
    return arms.length;
  }

  boolean binaryOutcome() {
    return binaryOutcome;
  }

  long count() {
    return count;
  }

  /** Rows of one arm. */
  Dataset<Row> arm(int a) {
    return rows.where(col(ARM).equalTo(a));
  }

  /** Rows of control and arm {@code a} (the one-vs-control pair). */
  Dataset<Row> pair(int a) {
    return rows.where(col(ARM).isin(0, a));
  }

  @Override
  public void close() {
    rows.unpersist(false);
  }

  /**
   * Validates the rows (one pass), finds the arms and the outcome type (one aggregation), adds the internal columns
   * and caches the result. {@code numFolds} 0 means no folds.
   */
  static TrainingRows prepare(MetaLearnerParams p, Dataset<Row> input, int numFolds, String foldCol) {
    validate(p, input);
    List<Row> perArm = input.groupBy(col(p.getTreatmentCol()).cast(DataTypes.StringType).as("arm"))
        .agg(functions.count(lit(1)).as("n"), sum(when(nonBinary(p), 1L).otherwise(0L)).as("non_binary"))
        .collectAsList();
    String[] arms = arms(p, input, perArm);
    long nonBinary = 0;
    long total = 0;
    for (Row r : perArm) {
      nonBinary += r.getLong(2);
      total += r.getLong(1);
    }
    boolean binary = switch (p.getOutcomeType()) {
      case "binary" -> true;
      case "continuous" -> false;
      default -> nonBinary == 0;
    };
    if (binary && nonBinary > 0) {
      throw new InputValidationException(TABLE, p.getLabelCol(), "outcome must be 0 or 1 with outcomeType binary",
          nonBinary);
    }
    Column armIndex = lit(-1);
    Column treatment = col(p.getTreatmentCol()).cast(DataTypes.StringType);
    for (int a = arms.length - 1; a >= 0; a--) {
      armIndex = when(treatment.equalTo(arms[a]), a).otherwise(armIndex);
    }
    Dataset<Row> prepared = input.toDF()
        .withColumn(ARM, armIndex)
        .withColumn(Y, col(p.getLabelCol()).cast(DataTypes.DoubleType));
    if (numFolds > 0) {
      prepared = prepared.withColumn(FOLD, foldOf(p, foldCol, numFolds));
    }
    prepared = prepared.persist(StorageLevel.MEMORY_AND_DISK());
    if (numFolds > 0) {
      checkFolds(prepared, arms, numFolds);
    }
    return new TrainingRows(prepared, arms, binary, total);
  }

  /**
   * The fold of a row: a seeded 64-bit hash of the row id column (or, without one, of the features, treatment, label
   * and weight) modulo {@code numFolds}. It depends only on the row's values, never on partitioning or row order.
   */
  static Column foldOf(MetaLearnerParams p, String foldCol, int numFolds) {
    List<Column> keys = new ArrayList<>();
    keys.add(lit(p.getSeed()));
    if (foldCol.isEmpty()) {
      keys.add(org.apache.spark.ml.functions.vector_to_array(col(p.getFeaturesCol()), "float64"));
      keys.add(col(p.getTreatmentCol()));
      keys.add(col(p.getLabelCol()));
      if (!p.getWeightCol().isEmpty()) {
        keys.add(col(p.getWeightCol()));
      }
    } else {
      keys.add(col(foldCol));
    }
    return pmod(xxhash64(keys.toArray(Column[]::new)), lit((long) numFolds)).cast(DataTypes.IntegerType);
  }

  /** Every arm needs rows outside each fold, else a nuisance model of that fold has nothing to learn from. */
  private static void checkFolds(Dataset<Row> prepared, String[] arms, int numFolds) {
    TreeMap<Integer, Integer> foldsPerArm = new TreeMap<>();
    for (Row r : prepared.groupBy(ARM, FOLD).count().collectAsList()) {
      foldsPerArm.merge(r.getInt(0), 1, Integer::sum);
    }
    for (int a = 0; a < arms.length; a++) {
      if (foldsPerArm.getOrDefault(a, 0) < 2) {
        throw new InputValidationException(TABLE, "*", "arm '" + arms[a] + "' has rows in "
            + foldsPerArm.getOrDefault(a, 0) + " of " + numFolds + " folds; cross-fitting needs its rows outside "
            + "every fold (more rows of the arm, or fewer folds)", 0);
      }
    }
  }

  private static Column nonBinary(MetaLearnerParams p) {
    Column y = col(p.getLabelCol()).cast(DataTypes.DoubleType);
    return y.notEqual(0).and(y.notEqual(1));
  }

  /** One pass: nulls, NaN/infinite features and outcomes, bad weights and propensities. */
  private static void validate(MetaLearnerParams p, Dataset<Row> input) {
    for (String c : new String[] {p.getFeaturesCol(), p.getTreatmentCol(), p.getLabelCol()}) {
      TableChecks.of(TABLE, input).hasColumns(c);
    }
    UDF1<Vector, Boolean> nonFinite = v -> {
      if (v == null) {
        return false;
      }
      for (int i = 0; i < v.size(); i++) {
        if (!Double.isFinite(v.apply(i))) {
          return true;
        }
      }
      return false;
    };
    Column y = col(p.getLabelCol()).cast(DataTypes.DoubleType);
    TableChecks checks = TableChecks.of(TABLE, input)
        .notNull(p.getTreatmentCol(), p.getLabelCol(), p.getFeaturesCol())
        .rule(p.getFeaturesCol(), "features that are NaN or infinite",
            functions.udf(nonFinite, DataTypes.BooleanType).apply(col(p.getFeaturesCol())))
        .rule(p.getLabelCol(), "outcome that is NaN or infinite",
            isnan(y).or(y.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
    if (!p.getWeightCol().isEmpty()) {
      Column w = col(p.getWeightCol()).cast(DataTypes.DoubleType);
      checks.rule(p.getWeightCol(), "weight must be a finite number >= 0",
          w.isNull().or(isnan(w)).or(w.lt(0)).or(w.equalTo(Double.POSITIVE_INFINITY)));
    }
    if (p instanceof EffectStageParams e && !e.getPropensityCol().isEmpty()) {
      String pc = e.getPropensityCol();
      if (input.schema().apply(pc).dataType().sameType(SQLDataTypes.VectorType())) {
        UDF1<Vector, Boolean> bad = v -> {
          if (v == null) {
            return true;
          }
          for (int i = 0; i < v.size(); i++) {
            if (!(v.apply(i) >= 0 && v.apply(i) <= 1)) {
              return true;
            }
          }
          return false;
        };
        checks.rule(pc, "propensity vectors must be non-null with every element in [0, 1]",
            functions.udf(bad, DataTypes.BooleanType).apply(col(pc)));
      } else {
        Column e1 = col(pc).cast(DataTypes.DoubleType);
        checks.rule(pc, "propensity must be a number in [0, 1]", e1.isNull().or(isnan(e1)).or(e1.lt(0)).or(e1.gt(1)));
      }
    }
    if (checks.check() == 0) {
      throw new InputValidationException(TABLE, "*", "no rows to train on", 0);
    }
  }

  /** The arm labels, control first, then the others sorted (numerically for a numeric treatment column). */
  private static String[] arms(MetaLearnerParams p, Dataset<Row> input, List<Row> perArm) {
    boolean numeric = input.schema().apply(p.getTreatmentCol()).dataType() instanceof NumericType;
    List<String> labels = new ArrayList<>();
    for (Row r : perArm) {
      labels.add(r.getString(0));
    }
    String control = p.getControlLabel();
    if (numeric) {
      // "0" and "0.0" name the same arm when the column is numeric
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

  private static double parseOrNaN(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
