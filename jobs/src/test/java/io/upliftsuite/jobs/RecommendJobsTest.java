package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Wiring of promote, recommend and experiment-report: bad configuration and missing inputs fail with exit code 1 and a
 * message that names the key or the table, and nothing is written. (The logic is tested in common: RecommendTest,
 * ClosedLoopTest; the whole chain runs in scripts/run-local.sh.)
 */
class RecommendJobsTest {
  private static final String SMALL_SHUFFLES = "spark.settings.\"spark.sql.shuffle.partitions\"=2";

  private static String run(String... args) {
    StringWriter err = new StringWriter();
    int code = Suite.run(new PrintWriter(err, true), args);
    assertThat(code).as("exit code of " + String.join(" ", args) + ": " + err).isEqualTo(1);
    return err.toString();
  }

  @Test
  void aBadExperimentConfigNamesItsKeyAndWritesNothing() {
    SparkTestSession.get();
    Path root = SparkTestSession.tempDir("recommend-bad-config");
    String bad = "recommend.experiments=[{id = a, start = \"2021-01-01\", end = \"2021-01-31\", treatment-share = 2}]";
    assertThat(run("recommend", "--run-date", "2021-01-04", "--set", "warehouse.root=" + root, "--set", bad,
        "--set", SMALL_SHUFFLES)).contains("recommend.experiments[0].treatment-share");
    assertThat(run("experiment-report", "--set", "warehouse.root=" + root, "--set", bad, "--set", SMALL_SHUFFLES))
        .contains("recommend.experiments[0].treatment-share");
    assertThat(run("experiment-report", "--set", "warehouse.root=" + root, "--set", SMALL_SHUFFLES,
        "--experiment-id", "nope")).contains("--experiment-id nope");
    assertThat(run("recommend", "--set", "warehouse.root=" + root, "--set", "recommend.daily-capacity=-3",
        "--set", SMALL_SHUFFLES)).contains("recommend.daily-capacity");
    assertThat(Files.exists(root.resolve("recommend"))).isFalse();
  }

  @Test
  void promoteWithoutModelsNamesTheTable() {
    SparkTestSession.get();
    Path root = SparkTestSession.tempDir("promote-none");
    assertThat(run("promote", "--set", "warehouse.root=" + root, "--set", SMALL_SHUFFLES)).contains("'models'");
  }
}
