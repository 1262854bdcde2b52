package io.upliftsuite.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Live runs are told from dead ones by a heartbeat file: missing, stale, or naming a gone process on this host. */
class RunHeartbeatTest {
  private final Path root = SparkTestSession.tempDir("heartbeat");
  private final RunFiles files = new RunFiles(root.toString(), SparkTestSession.get().sparkContext()
      .hadoopConfiguration());

  @Test
  void aRunningRunIsLiveUntilItsHeartbeatCloses() {
    WriteContext run = WriteContext.of("build-episodes", LocalDate.of(2026, 1, 31));
    RunHeartbeat beat = RunHeartbeat.start(files, run, 1);
    assertThat(RunHeartbeat.isLive(files, run.runId(), 30)).isTrue();
    beat.close();
    assertThat(RunHeartbeat.isLive(files, run.runId(), 30)).isFalse();
  }

  @Test
  void aProcessThatIsGoneOnThisHostIsDeadAtOnceAndAStaleHeartbeatAnywhere() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String host = RunHeartbeat.currentJvm().substring(RunHeartbeat.currentJvm().indexOf('@') + 1);
    assertThat(RunHeartbeat.goneOnThisHost(p.pid() + "@" + host)).isTrue();
    assertThat(RunHeartbeat.goneOnThisHost(RunHeartbeat.currentJvm())).isFalse();
    assertThat(RunHeartbeat.goneOnThisHost(p.pid() + "@another-host")).isFalse(); // cannot tell: the age decides

    Path live = Files.createDirectories(root.resolve("live"));
    Files.writeString(live.resolve("killed"), "{\"jvm\":\"" + p.pid() + "@" + host + "\"}");
    assertThat(RunHeartbeat.isLive(files, "killed", 30)).isFalse();
    Files.writeString(live.resolve("elsewhere"), "{\"jvm\":\"1@another-host\"}");
    assertThat(RunHeartbeat.isLive(files, "elsewhere", 30)).isTrue();
    Files.setLastModifiedTime(live.resolve("elsewhere"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 31_000));
    assertThat(RunHeartbeat.isLive(files, "elsewhere", 30)).isFalse();
  }
}
