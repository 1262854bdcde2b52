package io.upliftsuite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone master + worker on 127.0.0.1 (scripts/local-cluster.sh, jars from Maven), a job submitted
 * to it with scripts/submit.sh and the cluster jar, and checks that the Delta output is right and that the tasks ran
 * in executor JVMs other than the driver's. Nothing may outlive the test.
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
