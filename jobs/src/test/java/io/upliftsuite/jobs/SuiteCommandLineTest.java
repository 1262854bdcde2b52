package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's contract with spark-submit and Airflow: exit codes and messages that name what is wrong. */
class SuiteCommandLineTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    SparkTestSession.get(); // jobs borrow the shared test session instead of starting their own
    return Suite.run(new PrintWriter(err, true), args);
  }

  @Test
  void doctorWritesItsDeltaTableAndExportReadsItBackAsOneCsv() throws Exception {
    Path wh = SparkTestSession.tempDir("wh");
    assertThat(run("doctor", "--set", "warehouse.root=" + wh, "--run-date", "2024-03-01", "--tasks", "3"))
        .as(err.toString()).isZero();
    Path out = wh.resolve("doctor.csv");
    assertThat(run("export", "--set", "warehouse.root=" + wh, "--table", "doctor", "--format", "csv",
        "--output", out.toString(), "--where", "task >= 1")).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("run_date,task,executor_id,jvm,rows");
    assertThat(lines).hasSize(3);
    // re-running the same date replaces its rows
    assertThat(run("doctor", "--set", "warehouse.root=" + wh, "--run-date", "2024-03-01", "--tasks", "3")).isZero();
    assertThat(SparkTestSession.get().read().format("delta").load(wh.resolve("ops/doctor").toString()).count())
        .isEqualTo(3);
  }

  @Test
  void badSetKeyFailsNonZeroNamingTheKey() {
    assertThat(run("doctor", "--set", "warehouse.rooot=/tmp/x")).isEqualTo(1);
    assertThat(err.toString()).contains("Unknown config key 'warehouse.rooot'");
  }

  @Test
  void unreadableConfigFileFailsNonZeroNamingTheFile() {
    assertThat(run("export", "--conf", "/no/such/file.conf", "--table", "doctor", "--output", "/tmp/x.csv"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("Cannot read config file").contains("/no/such/file.conf");
  }

  @Test
  void unknownJobAndMissingOptionsAreUsageErrors() {
    assertThat(run("no-such-job")).isEqualTo(2);
    assertThat(run("export", "--table", "doctor")).isEqualTo(2); // --output is required
    assertThat(err.toString()).contains("--output");
  }
}
