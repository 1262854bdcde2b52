package io.upliftsuite.learners.benchmark;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.evaluation.CurvePoint;
import io.upliftsuite.evaluation.DecileRow;
import io.upliftsuite.evaluation.SleepingDogDiagnostic;
import io.upliftsuite.evaluation.UpliftMetrics;
import io.upliftsuite.evaluation.UpliftMetricsResult;
import io.upliftsuite.learners.meta.TwoStepUpliftEstimator;
import io.upliftsuite.learners.meta.TwoStepUpliftModel;
import io.upliftsuite.spark.Lineage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-validated comparison of uplift learners on one {@link BenchmarkData}, as a list of steps:
 * <ol>
 *   <li>split off a stratified (treatment x outcome) test share and deal the rest into k stratified folds
 *       ({@link StratifiedFolds}); the rows are cached once and every fit reads that copy;</li>
 *   <li>for every learner and fold, fit on the other folds and score the fold: UQC (unscaled Qini coefficient),
 *       normalised Qini, AUUC, uplift@k, the decile table, the Qini curve at fixed shares, and for the two-step
 *       learner its classifier's per-class and weighted F1 on the fold's treated rows; (learner, fold) fits run
 *       concurrently, each thread in its own FAIR scheduler pool;</li>
 *   <li>mean and sample sd over folds per learner, the averaged Qini curve and decile uplift;</li>
 *   <li>every learner fitted on all training rows and scored on the test rows;</li>
 *   <li>the sleeping-dog diagnostic on the verdict learner's decile table pooled over the folds.</li>
 * </ol>
 * Metrics are {@link UpliftMetrics}' (scikit-uplift's definitions). The driver holds only models and aggregates.
 */
public final class LearnerBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerBenchmark.class);
  public static final String SCORE = "__bench_score";
  private static final String LOST_CAUSE_P = "__bench_p_lost_cause";
  /** The two-step learner's stage 2 is the catalog's X-learner: one fit per fold serves both. */
  private static final String SHARED_STAGE_TWO = "x";

  private final BenchmarkData data;
  private List<String> learners = List.of("forest-kl", "s", "t", "x", "dr", "two-step");
  private int folds = 10;
  private double testShare = 0.2;
  private long seed = 42;
  private int parallelism = 2;
  private int deciles = 10;
  private double upliftAtK = 0.3;
  private int curveSteps = 20;
  private double sleepingDogMargin = 0.1;
  private String verdictLearner = "x";
  private LearnerCatalog.Settings settings;
  private final Map<String, CompletableFuture<Model<?>>> stageTwoModels = new ConcurrentHashMap<>();

  private LearnerBenchmark(BenchmarkData data) {
    this.data = data;
  }

  public static LearnerBenchmark on(BenchmarkData data) {
    return new LearnerBenchmark(data);
  }

  public LearnerBenchmark learners(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("benchmark learners: the list is empty (known: " + LearnerCatalog.NAMES + ")");
    }
    names.forEach(LearnerCatalog::check);
    this.learners = List.copyOf(names);
    return this;
  }

  public LearnerBenchmark folds(int k) {
    this.folds = k;
    return this;
  }

  public LearnerBenchmark testShare(double share) {
    this.testShare = share;
    return this;
  }

  public LearnerBenchmark seed(long seed) {
    this.seed = seed;
    return this;
  }

  public LearnerBenchmark parallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("benchmark parallelism must be >= 1, got " + threads);
    }
    this.parallelism = threads;
    return this;
  }

  public LearnerBenchmark deciles(int bins) {
    this.deciles = bins;
    return this;
  }

  public LearnerBenchmark upliftAtK(double k) {
    this.upliftAtK = k;
    return this;
  }

  /** The averaged Qini curve is reported at shares 0, 1/steps, ..., 1. */
  public LearnerBenchmark curveSteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("benchmark curve steps must be >= 1, got " + steps);
    }
    this.curveSteps = steps;
    return this;
  }

  public LearnerBenchmark sleepingDogMargin(double margin) {
    this.sleepingDogMargin = margin;
    return this;
  }

  /** The learner whose ranking the sleeping-dog verdict uses (default x, the two-step method's stage 2). */
  public LearnerBenchmark verdictLearner(String name) {
    LearnerCatalog.check(name);
    this.verdictLearner = name;
    return this;
  }

  public LearnerBenchmark settings(LearnerCatalog.Settings s) {
    this.settings = s;
    return this;
  }

  /** Mean and sample standard deviation over the folds of every scalar metric, and the averaged curves. */
  public record Summary(String learner, Map<String, double[]> meanSd, double[] meanQiniCurve,
      double[] meanDecileUplift) {
    public double mean(String metric) {
      return meanSd.getOrDefault(metric, new double[] {Double.NaN, Double.NaN})[0];
    }

    public double sd(String metric) {
      return meanSd.getOrDefault(metric, new double[] {Double.NaN, Double.NaN})[1];
    }
  }

  public record Result(String dataset, List<String> learners, int folds, long trainRows, long testRows,
      List<FoldResult> results, Map<String, Summary> summaries, String verdictLearner,
      SleepingDogDiagnostic.Result sleepingDogs, double referenceUqc, double[] curveShares, double seconds) {

    public List<FoldResult> of(String learner, String split) {
      return results.stream().filter(r -> r.learner().equals(learner) && r.split().equals(split)).toList();
    }
  }

  public Result execute() {
    if (settings == null) {
      throw new IllegalStateException("benchmark settings are not set");
    }
    long start = System.nanoTime();
    Dataset<Row> rows = StratifiedFolds.assign(data.rows(), BenchmarkData.TREATMENT, BenchmarkData.OUTCOME, folds,
        testShare, seed);
    // every fit of every fold reads these rows: cut the plan that read and validated them (Lineage)
    rows = Lineage.cut(rows);
    try {
      Row counts = rows.agg(sum(when(col(StratifiedFolds.TEST), 0L).otherwise(1L)),
          sum(when(col(StratifiedFolds.TEST), 1L).otherwise(0L))).first();
      long train = counts.getLong(0);
      long test = counts.getLong(1);
      LOG.info("benchmark {}: {} training rows in {} folds, {} test rows, learners {}", data.name(), train, folds,
          test, learners);
      double referenceUqc = data.hasReferenceScore() ? metrics(rows, BenchmarkData.REFERENCE_SCORE).unscaledQini()
          : Double.NaN;
      List<FoldResult> results = runAll(rows, test > 0);
      Map<String, Summary> summaries = new LinkedHashMap<>();
      for (String l : learners) {
        summaries.put(l, summarise(l, results.stream().filter(r -> r.learner().equals(l) && r.split().equals("cv"))
            .toList()));
      }
      String verdictBy = learners.contains(verdictLearner) ? verdictLearner : learners.get(0);
      SleepingDogDiagnostic.Result dogs = SleepingDogDiagnostic.of(pooledDeciles(results, verdictBy),
          sleepingDogMargin);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(data.name(), learners, folds, train, test, results, summaries, verdictBy, dogs, referenceUqc,
          curveShares(curveSteps), seconds);
    } finally {
      rows.unpersist(false);
    }
  }

  /** Every (learner, fold) fit and the final fits, concurrently; results in learner, split, fold order. */
  private List<FoldResult> runAll(Dataset<Row> rows, boolean hasTest) {
    record Task(String learner, String split, int fold) {}
    List<Task> tasks = new ArrayList<>();
    // the X-learner's tasks go first: the two-step tasks of the same fold wait for its model (tasks start in
    // submission order, so a waiting two-step task never blocks an X task that has not started)
    List<String> order = new ArrayList<>(learners);
    if (order.remove(SHARED_STAGE_TWO)) {
      order.add(0, SHARED_STAGE_TWO);
    }
    for (String l : order) {
      for (int k = 0; k < folds; k++) {
        tasks.add(new Task(l, "cv", k));
      }
      if (hasTest) {
        tasks.add(new Task(l, "test", -1));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<FoldResult>> futures = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        Task t = tasks.get(i);
        String schedulerPool = "benchmark-" + (i % parallelism);
        futures.add(pool.submit(() -> {
          rows.sparkSession().sparkContext().setLocalProperty("spark.scheduler.pool", schedulerPool);
          Dataset<Row> train = t.split().equals("test") ? rows.where(col(StratifiedFolds.TEST).unary_$bang())
              : rows.where(col(StratifiedFolds.TEST).unary_$bang().and(col(StratifiedFolds.FOLD).notEqual(t.fold())));
          Dataset<Row> held = t.split().equals("test") ? rows.where(col(StratifiedFolds.TEST))
              : rows.where(col(StratifiedFolds.FOLD).equalTo(t.fold()));
          return score(t.learner(), t.split(), t.fold(), train, held);
        }));
      }
      List<FoldResult> out = new ArrayList<>();
      for (Future<FoldResult> f : futures) {
        out.add(f.get());
      }
      out.sort(Comparator.comparingInt((FoldResult r) -> learners.indexOf(r.learner()))
          .thenComparing(r -> r.split().equals("test") ? 1 : 0).thenComparingInt(FoldResult::fold));
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fits one learner on {@code train} and scores {@code held}. */
  FoldResult score(String learner, String split, int fold, Dataset<Row> train, Dataset<Row> held) {
    Estimator<?> estimator = LearnerCatalog.create(learner, settings, data.maxCategories());
    String key = split + fold;
    long t0 = System.nanoTime();
    Model<?> model;
    try {
      if (estimator instanceof TwoStepUpliftEstimator twoStep && learners.contains(SHARED_STAGE_TWO)) {
        model = twoStep.fitWithStageTwo(train, stageTwo(key).join());
      } else {
        model = (Model<?>) estimator.fit(train);
      }
    } catch (RuntimeException e) {
      if (learner.equals(SHARED_STAGE_TWO)) {
        stageTwo(key).completeExceptionally(e);
      }
      throw e;
    }
    if (learner.equals(SHARED_STAGE_TWO)) {
      stageTwo(key).complete(model);
    }
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> scored = model.transform(held)
        .withColumn(SCORE, vector_to_array(col("uplift"), "float64").getItem(0));
    ClassifierScores lostCause = null;
    if (model instanceof TwoStepUpliftModel twoStep) {
      scored = twoStep.lostCauseProbability(scored, LOST_CAUSE_P);
    }
    scored = scored.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (model instanceof TwoStepUpliftModel twoStep) {
        lostCause = lostCauseScores(scored, twoStep.getLostCauseThreshold());
      }
      UpliftMetricsResult m = metrics(scored, SCORE);
      boolean constant = constantScore(scored);
      LOG.info("benchmark {} {} fold {}: UQC {} ({} rows, fit {} s)", learner, split, fold,
          String.format("%.4f", m.unscaledQini()), (long) m.n(), String.format("%.1f", fitSeconds));
      if (constant) {
        LOG.warn("benchmark {} {} fold {}: every row got the same score: the learner ranks nothing (UQC 1 is the "
            + "random line)", learner, split, fold);
      }
      return new FoldResult(learner, split, fold, (long) m.n(), m.unscaledQini(), m.qiniAuc(), m.upliftAuc(),
          m.upliftAtK(), m.deciles(), curveAt(m, curveSteps), lostCause, fitSeconds, constant);
    } finally {
      scored.unpersist(false);
    }
  }

  /** True when every row has the same (non-null) score. */
  static boolean constantScore(Dataset<Row> scored) {
    Row r = scored.agg(min(col(SCORE)), max(col(SCORE))).first();
    return !r.isNullAt(0) && r.getDouble(0) == r.getDouble(1);
  }

  /** The X-learner model of a fold, shared with the two-step learner's stage 2 (the catalog builds both alike). */
  private CompletableFuture<Model<?>> stageTwo(String key) {
    return stageTwoModels.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private UpliftMetricsResult metrics(Dataset<Row> scored, String scoreCol) {
    return UpliftMetrics.of(scored).scoreCol(scoreCol).armCol(BenchmarkData.TREATMENT).controlLabel("0")
        .outcomeCol(BenchmarkData.OUTCOME).bins(deciles).k(upliftAtK).curvePoints(400).execute();
  }

  /** The lost-cause classifier on the treated rows: actual = no response, predicted = P >= threshold. */
  private static ClassifierScores lostCauseScores(Dataset<Row> scored, double threshold) {
    var actual = col(BenchmarkData.OUTCOME).equalTo(0);
    var predicted = col(LOST_CAUSE_P).geq(threshold);
    Row c = scored.where(col(BenchmarkData.TREATMENT).equalTo(1)).agg(
        sum(when(actual.unary_$bang().and(predicted.unary_$bang()), 1.0).otherwise(0.0)),
        sum(when(actual.unary_$bang().and(predicted), 1.0).otherwise(0.0)),
        sum(when(actual.and(predicted.unary_$bang()), 1.0).otherwise(0.0)),
        sum(when(actual.and(predicted), 1.0).otherwise(0.0))).first();
    return ClassifierScores.of(nz(c, 0), nz(c, 1), nz(c, 2), nz(c, 3));
  }

  private static double nz(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getDouble(i);
  }

  static double[] curveShares(int steps) {
    double[] s = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      s[i] = (double) i / steps;
    }
    return s;
  }

  /** Q(x)/N at shares 0, 1/steps, ..., 1, linearly interpolated between the curve's exact points. */
  static double[] curveAt(UpliftMetricsResult m, int steps) {
    List<CurvePoint> pts = new ArrayList<>(m.qiniCurve());
    pts.sort(Comparator.comparingDouble(CurvePoint::x));
    double n = m.n();
    double[] out = new double[steps + 1];
    int j = 0;
    for (int i = 0; i <= steps; i++) {
      double x = n * i / steps;
      while (j < pts.size() - 2 && pts.get(j + 1).x() < x) {
        j++;
      }
      CurvePoint a = pts.get(j);
      CurvePoint b = pts.get(Math.min(j + 1, pts.size() - 1));
      double q = b.x() == a.x() ? b.qini() : a.qini() + (b.qini() - a.qini()) * (x - a.x()) / (b.x() - a.x());
      out[i] = q / n;
    }
    return out;
  }

  private static Summary summarise(String learner, List<FoldResult> cv) {
    Map<String, double[]> stats = new LinkedHashMap<>();
    stats.put("uqc", meanSd(cv.stream().mapToDouble(FoldResult::uqc).toArray()));
    stats.put("qini_auc", meanSd(cv.stream().mapToDouble(FoldResult::qiniAuc).toArray()));
    stats.put("auuc", meanSd(cv.stream().mapToDouble(FoldResult::auuc).toArray()));
    stats.put("uplift_at_k", meanSd(cv.stream().mapToDouble(FoldResult::upliftAtK).toArray()));
    stats.put("fit_seconds", meanSd(cv.stream().mapToDouble(FoldResult::fitSeconds).toArray()));
    stats.put("constant_score", meanSd(cv.stream().mapToDouble(r -> r.constantScore() ? 1 : 0).toArray()));
    if (!cv.isEmpty() && cv.get(0).lostCause() != null) {
      stats.put("lost_cause_f1_0", meanSd(cv.stream().mapToDouble(r -> r.lostCause().f1Class0()).toArray()));
      stats.put("lost_cause_f1_1", meanSd(cv.stream().mapToDouble(r -> r.lostCause().f1Class1()).toArray()));
      stats.put("lost_cause_f1_weighted", meanSd(cv.stream().mapToDouble(r -> r.lostCause().weightedF1())
          .toArray()));
    }
    int points = cv.isEmpty() ? 0 : cv.get(0).qiniCurve().length;
    double[] curve = new double[points];
    int bins = cv.isEmpty() ? 0 : cv.get(0).deciles().size();
    double[] decile = new double[bins];
    for (FoldResult r : cv) {
      for (int i = 0; i < points; i++) {
        curve[i] += r.qiniCurve()[i] / cv.size();
      }
      for (int b = 0; b < bins; b++) {
        decile[b] += r.deciles().get(b).uplift() / cv.size();
      }
    }
    return new Summary(learner, stats, curve, decile);
  }

  /** Mean and sample (n - 1) standard deviation; sd NaN for one value. */
  static double[] meanSd(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new double[] {mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN};
  }

  /** The decile tables of a learner's folds, summed bin by bin (each fold ranks its own rows). */
  static List<DecileRow> pooledDeciles(List<FoldResult> results, String learner) {
    List<FoldResult> cv = results.stream().filter(r -> r.learner().equals(learner) && r.split().equals("cv"))
        .toList();
    int bins = cv.get(0).deciles().size();
    List<DecileRow> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      double nT = 0;
      double nC = 0;
      double yT = 0;
      double yC = 0;
      for (FoldResult r : cv) {
        DecileRow d = r.deciles().get(b);
        nT += d.nTreated();
        nC += d.nControl();
        yT += d.yTreated();
        yC += d.yControl();
      }
      out.add(new DecileRow(b + 1, nT, nC, yT, yC));
    }
    return out;
  }
}
