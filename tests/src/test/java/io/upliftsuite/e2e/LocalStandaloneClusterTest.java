package io.upliftsuite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.upliftsuite.testing.SparkTestSession;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone master + worker on 127.0.0.1 (scripts/local-cluster.sh, jars from Maven), jobs submitted
 * to it with scripts/submit.sh and the cluster jar: doctor, then the tiny pipeline ({@link TinyPipeline}: simulate,
 * build-episodes, train-daily-models with the forest in distributed mode, evaluate). Checks that the Delta output is
 * right — the pipeline's tables equal those of the same commands run on local Spark — and, from each application's
 * Spark event log, that every task ran in an executor JVM, not in the driver. Nothing may outlive the test.
 */
class LocalStandaloneClusterTest {
  private static final Path REPO = Path.of(System.getProperty("suite.repo.root", "..")).toAbsolutePath().normalize();
  private static Path clusterDir;
  private static Map<String, String> env;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterDir = SparkTestSession.tempDir("cluster");
    int port = freePort();
    env = Map.of(
        "SUITE_CLUSTER_DIR", clusterDir.toString(),
        "SPARK_HOME", System.getProperty("suite.spark.home", REPO.resolve("tests/target/spark-home").toString()),
        "SUITE_CLUSTER_PORT", Integer.toString(port),
        "SUITE_CLUSTER_UI_PORT", Integer.toString(freePort()),
        "SUITE_MASTER", "spark://127.0.0.1:" + port,
        "SUITE_WORKER_MEMORY", "2g",
        "SUITE_SKIP_BUILD", "1", // the reactor has just built the cluster jar
        "SUITE_SUBMIT_ARGS", "--executor-memory 1g --total-executor-cores 2");
    Result start = sh(180, "scripts/local-cluster.sh", "start");
    assertThat(start.exit).as(start.output).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Result stop = sh(60, "scripts/local-cluster.sh", "stop");
    assertThat(stop.exit).as(stop.output).isZero();
    Result status = sh(30, "scripts/local-cluster.sh", "status");
    assertThat(status.output).contains("stopped");
    List<String> leftovers = ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .map(p -> p.info().commandLine().orElse(""))
        .filter(cmd -> cmd.contains("org.apache.spark.deploy.master.Master")
            || cmd.contains("org.apache.spark.deploy.worker.Worker") || cmd.contains("CoarseGrainedExecutorBackend"))
        .filter(cmd -> cmd.contains(env.get("SPARK_HOME")) || cmd.contains(clusterDir.toString()))
        .toList();
    assertThat(leftovers).as("processes left behind").isEmpty();
  }

  @Test
  void doctorSubmittedToTheClusterWritesDeltaFromExecutorJvms() throws Exception {
    Path warehouse = clusterDir.resolve("warehouse");
    Result submit = sh(300, "scripts/submit.sh", "doctor", "--set", "warehouse.root=" + warehouse,
        "--run-date", "2024-05-01", "--tasks", "6");
    assertThat(submit.exit).as(submit.output).isZero();

    List<Row> rows = SparkTestSession.get().read().format("delta")
        .load(warehouse.resolve("ops/doctor").toString()).collectAsList();
    assertThat(rows).hasSize(6);
    assertThat(rows).allMatch(r -> r.getString(r.fieldIndex("run_date")).equals("2024-05-01"));
    assertThat(rows.stream().mapToLong(r -> r.getLong(r.fieldIndex("rows"))).sum()).isEqualTo(6);

    // The driver logs its own JVM; every task must have run in another JVM (an executor), not in the driver.
    String driverJvm = submit.output.replaceAll("(?s).*driver JVM (\\S+);.*", "$1");
    assertThat(driverJvm).matches("\\d+@.*");
    assertThat(rows).allMatch(r -> !r.getString(r.fieldIndex("jvm")).equals(driverJvm)
        && !r.getString(r.fieldIndex("executor_id")).equals("driver"));
  }

  @Test
  void pipelineOnTheClusterRunsInExecutorsAndWritesTheSameTablesAsALocalRun() throws Exception {
    Path local = TinyPipeline.localWarehouse();
    Path warehouse = clusterDir.resolve("pipeline-warehouse");
    Map<String, AppEvents> events = new java.util.LinkedHashMap<>();
    for (List<String> step : TinyPipeline.steps(warehouse)) {
      String job = step.get(0);
      Path eventDir = Files.createDirectories(clusterDir.resolve("events").resolve(job));
      Map<String, String> withEventLog = new java.util.HashMap<>(env);
      withEventLog.put("SUITE_SUBMIT_ARGS", env.get("SUITE_SUBMIT_ARGS") + " --conf spark.eventLog.enabled=true"
          + " --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false"
          + " --conf spark.eventLog.dir=file:" + eventDir);
      List<String> cmd = new java.util.ArrayList<>(List.of(REPO.resolve("scripts/submit.sh").toString()));
      cmd.addAll(step);
      long start = System.nanoTime();
      Result submit = run(900, cmd, withEventLog);
      assertThat(submit.exit).as(job + ": " + submit.output).isZero();
      TinyPipeline.reportTime("cluster " + job, start);
      if (job.equals("train-daily-models")) {
        // the forest took the distributed path (per-node statistics aggregated across executors)
        // ("local mode (" is the forest's own line; Spark's checkpoint-directory warning also says "local mode")
        assertThat(submit.output).as(submit.output).contains("distributed mode").doesNotContain("local mode (");
      }
      events.put(job, AppEvents.read(eventDir));
    }

    // Every task of every job ran in an executor JVM (the standalone worker's), none in the driver.
    events.forEach((job, e) -> {
      assertThat(e.tasks()).as(job + " tasks").isPositive();
      assertThat(e.executorsAdded()).as(job + " executors").isNotEmpty().doesNotContain("driver");
      assertThat(e.taskExecutors()).as(job + " executors that ran tasks").isNotEmpty()
          .isSubsetOf(e.executorsAdded());
    });
    assertThat(events.get("train-daily-models").forestTasks()).as("tasks of the forest's own stages").isPositive();

    // The same commands give the same rows on the cluster as on local Spark.
    SparkSession spark = SparkTestSession.get();
    for (String table : TinyPipeline.PIPELINE_TABLES) {
      String path = io.upliftsuite.config.SuiteConfig.defaults().getString("tables." + table + ".path");
      Dataset<Row> expected = spark.read().format("delta").load(local.resolve(path).toString());
      Dataset<Row> actual = spark.read().format("delta").load(warehouse.resolve(path).toString());
      TableComparison.assertSameRows(table, expected, actual, RUN_SPECIFIC.getOrDefault(table, Set.of()));
    }
  }

  /** Columns that say where or when a run happened, not what it computed. */
  private static final Map<String, Set<String>> RUN_SPECIFIC = Map.of("models", Set.of("trained_at", "path", "status_changed_at"));

  /** What one application's Spark event log says about where its tasks ran. */
  record AppEvents(int tasks, Set<String> taskExecutors, Set<String> executorsAdded, int forestTasks) {
    static AppEvents read(Path eventDir) throws IOException {
      List<Path> logs;
      try (var files = Files.walk(eventDir)) { // one file, or one folder of parts if rolling logs were on
        logs = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("appstatus"))
            .sorted().toList();
      }
      assertThat(logs).as("event log of one application in " + eventDir).isNotEmpty();
      ObjectMapper json = new ObjectMapper();
      Set<Integer> forestStages = new HashSet<>();
      List<JsonNode> taskEnds = new java.util.ArrayList<>();
      Set<String> added = new TreeSet<>();
      List<String> lines = new java.util.ArrayList<>();
      for (Path log : logs) {
        lines.addAll(Files.readAllLines(log));
      }
      for (String line : lines) {
        JsonNode e = json.readTree(line);
        switch (e.path("Event").asText()) {
          case "SparkListenerTaskEnd" -> taskEnds.add(e);
          case "SparkListenerExecutorAdded" -> added.add(e.path("Executor ID").asText());
          case "SparkListenerStageSubmitted" -> {
            JsonNode info = e.path("Stage Info");
            if (info.path("Details").asText().contains("io.upliftsuite.forest.")) {
              forestStages.add(info.path("Stage ID").asInt());
            }
          }
          default -> { }
        }
      }
      Set<String> ran = new TreeSet<>();
      int forest = 0;
      for (JsonNode t : taskEnds) {
        ran.add(t.path("Task Info").path("Executor ID").asText());
        forest += forestStages.contains(t.path("Stage ID").asInt()) ? 1 : 0;
      }
      return new AppEvents(taskEnds.size(), ran, added, forest);
    }
  }

  record Result(int exit, String output) {}

  private static Result sh(int timeoutSeconds, String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(REPO.resolve(command[0]).toString());
    cmd.addAll(List.of(command).subList(1, command.length));
    return run(timeoutSeconds, cmd, env);
  }

  private static Result run(int timeoutSeconds, List<String> cmd, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    Path log = Files.createTempFile("uplift-e2e", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + "s: " + cmd + "\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
