package io.upliftsuite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.jobs.Suite;
import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline on the simulator's tiny profile, small enough for a test: simulate, build-episodes, train-daily-models
 * (day 1, an ensemble of 2 forests of 3 trees, forest forced to distributed mode) and evaluate. The same arguments run
 * in-process on local Spark (once per test JVM: the reference the cluster run is compared with, and the tables the
 * export test reads) and through scripts/submit.sh on the loopback standalone cluster.
 */
final class TinyPipeline {
  static final String RUN_DATE = "2024-05-01";

  /** The tables the pipeline's steps write (simulate .. evaluate). */
  static final List<String> PIPELINE_TABLES = List.of("leads", "items", "stage_events", "communications",
      "deliveries", "oracle_episodes", "episodes", "episode_exclusions", "models", "predictions", "evaluations",
      "curves");

  private static Path localWarehouse;

  private TinyPipeline() {}

  /** Each step's arguments (job name first), writing under {@code warehouse}. */
  static List<List<String>> steps(Path warehouse) {
    List<List<String>> steps = new ArrayList<>();
    steps.add(job(warehouse, "simulate", "--profile", "tiny"));
    steps.add(job(warehouse, "build-episodes"));
    steps.add(job(warehouse, "train-daily-models", "--days", "1",
        // tiny spans 5 months and 90-day outcomes censor the last 3: one month of holdout leaves one to train on
        "--set", "training.holdout-months=1",
        "--set", "training.parallelism=1",
        // the forest learner: this pipeline checks the distributed forest training and its hand-over
        "--set", "training.learner=ipw-forest",
        "--set", "training.propensity.max-iter=20",
        "--set", "training.forest.ensemble-size=2",
        "--set", "training.forest.num-trees=3",
        "--set", "training.forest.max-depth=4",
        "--set", "training.forest.min-instances-per-node=40",
        "--set", "training.forest.training-mode=distributed",
        "--set", "training.baseline.max-iter=3"));
    steps.add(job(warehouse, "evaluate",
        "--set", "evaluation.bootstrap-replicates=20",
        "--set", "evaluation.share-steps=10"));
    return steps;
  }

  private static List<String> job(Path warehouse, String name, String... extra) {
    List<String> args = new ArrayList<>(List.of(name, "--run-date", RUN_DATE,
        "--set", "warehouse.root=" + warehouse,
        // the same layout of the data on both sides: the simulator's partitions and the shuffles
        "--set", "simulate.partitions=4",
        "--set", "spark.settings.\"spark.sql.shuffle.partitions\"=4"));
    args.addAll(List.of(extra));
    return args;
  }

  /** The warehouse of the in-process local run, run on first use. */
  static synchronized Path localWarehouse() {
    if (localWarehouse == null) {
      SparkTestSession.get(); // the jobs borrow the test JVM's local session
      Path warehouse = SparkTestSession.tempDir("pipeline-local").resolve("warehouse");
      for (List<String> step : steps(warehouse)) {
        long start = System.nanoTime();
        runLocally(step);
        reportTime("local " + step.get(0), start);
      }
      localWarehouse = warehouse;
    }
    return localWarehouse;
  }

  /** Wall time of a step, in the test output (the whole test should stay within minutes on 2 idle cores). */
  static void reportTime(String what, long startNanos) {
    System.out.printf(java.util.Locale.ROOT, "e2e: %s took %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }

  /** Runs one job in this JVM and fails the test with its error output if it fails. */
  static void runLocally(List<String> args) {
    StringWriter err = new StringWriter();
    int exit = Suite.run(new PrintWriter(err, true), args.toArray(String[]::new));
    assertThat(exit).as("local " + args.get(0) + ": " + err).isZero();
  }
}
