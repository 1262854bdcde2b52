package io.upliftsuite.learners.benchmark;

import io.upliftsuite.evaluation.DecileRow;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code learner_benchmarks} table, one row per number (long format):
 * {@code benchmark_id, dataset, learner, split, fold, metric, x, value}. Splits: {@code cv} (per fold),
 * {@code cv_mean} and {@code cv_sd} (over folds), {@code test} (final fit scored on the held-out test rows),
 * {@code all} (the reference score and the sleeping-dog verdict, on all rows or pooled folds). {@code x} is the decile
 * of {@code decile_uplift} and the share of {@code qini_curve} (Q(x)/N), null otherwise. A re-run of the same
 * benchmark id replaces its rows (Delta replaceWhere), never duplicates.
 */
public final class BenchmarkTable {
  public static final String NAME = "learner_benchmarks";
  public static final StructType SCHEMA = new StructType()
      .add("benchmark_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("learner", DataTypes.StringType, false)
      .add("split", DataTypes.StringType, false)
      .add("fold", DataTypes.IntegerType, true)
      .add("metric", DataTypes.StringType, false)
      .add("x", DataTypes.DoubleType, true)
      .add("value", DataTypes.DoubleType, true);

  private BenchmarkTable() {}

  public static List<Row> rows(String benchmarkId, LearnerBenchmark.Result r) {
    List<Row> out = new ArrayList<>();
    for (FoldResult f : r.results()) {
      Integer fold = f.split().equals("cv") ? f.fold() : null;
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "rows", null, f.rows());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "uqc", null, f.uqc());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "qini_auc", null, f.qiniAuc());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "auuc", null, f.auuc());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "uplift_at_k", null, f.upliftAtK());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "fit_seconds", null, f.fitSeconds());
      add(out, benchmarkId, r, f.learner(), f.split(), fold, "constant_score", null, f.constantScore() ? 1 : 0);
      for (DecileRow d : f.deciles()) {
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "decile_uplift", (double) d.bin(), d.uplift());
      }
      for (int i = 0; i < f.qiniCurve().length; i++) {
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "qini_curve", r.curveShares()[i], f.qiniCurve()[i]);
      }
      ClassifierScores c = f.lostCause();
      if (c != null) {
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_precision_0", null, c.precision0());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_recall_0", null, c.recall0());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_f1_0", null, c.f1Class0());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_precision_1", null, c.precision1());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_recall_1", null, c.recall1());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_f1_1", null, c.f1Class1());
        add(out, benchmarkId, r, f.learner(), f.split(), fold, "lost_cause_f1_weighted", null, c.weightedF1());
      }
    }
    for (LearnerBenchmark.Summary s : r.summaries().values()) {
      for (Map.Entry<String, double[]> e : s.meanSd().entrySet()) {
        add(out, benchmarkId, r, s.learner(), "cv_mean", null, e.getKey(), null, e.getValue()[0]);
        add(out, benchmarkId, r, s.learner(), "cv_sd", null, e.getKey(), null, e.getValue()[1]);
      }
      for (int i = 0; i < s.meanQiniCurve().length; i++) {
        add(out, benchmarkId, r, s.learner(), "cv_mean", null, "qini_curve", r.curveShares()[i],
            s.meanQiniCurve()[i]);
      }
      for (int b = 0; b < s.meanDecileUplift().length; b++) {
        add(out, benchmarkId, r, s.learner(), "cv_mean", null, "decile_uplift", b + 1.0, s.meanDecileUplift()[b]);
      }
    }
    if (!Double.isNaN(r.referenceUqc())) {
      add(out, benchmarkId, r, "reference_score", "all", null, "uqc", null, r.referenceUqc());
    }
    add(out, benchmarkId, r, r.verdictLearner(), "all", null, "sleeping_dogs", null,
        r.sleepingDogs().sleepingDogs() ? 1.0 : 0.0);
    add(out, benchmarkId, r, r.verdictLearner(), "all", null, "two_step_applies", null,
        r.sleepingDogs().twoStepApplies() ? 1.0 : 0.0);
    add(out, benchmarkId, r, r.verdictLearner(), "all", null, "sleeping_dog_fall_share", null,
        r.sleepingDogs().fallShare());
    return out;
  }

  private static void add(List<Row> out, String id, LearnerBenchmark.Result r, String learner, String split,
      Integer fold, String metric, Double x, double value) {
    out.add(RowFactory.create(id, r.dataset(), learner, split, fold, metric, x,
        Double.isNaN(value) || Double.isInfinite(value) ? null : value));
  }

  /** Replaces the rows of {@code benchmarkId} (one atomic Delta commit). */
  public static long write(SparkSession spark, String benchmarkId, LearnerBenchmark.Result r, TableLocation table,
      WriteContext context) {
    List<Row> rows = rows(benchmarkId, r);
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    DeltaTables.replaceWhere(df, table, "benchmark_id = '" + benchmarkId.replace("'", "''") + "'", List.of(),
        context);
    return rows.size();
  }
}
