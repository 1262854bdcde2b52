package io.upliftsuite.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.ConfigException;
import io.upliftsuite.config.SettingException;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.forest.ScoreAction;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.MissingPathException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one line a failed job prints, for each kind of failure a user can cause. */
class FailureLineTest {
  private static final FailureLine.Hints NONE = FailureLine.Hints.none();

  @Test
  void theSuitesOwnErrorsAreTheirMessageEvenWhenWrappedBySpark() {
    InputValidationException bad = new InputValidationException("items", "item_type", "unknown values", 3);
    Throwable wrapped = new SparkException("Job aborted due to stage failure", new RuntimeException("task", bad));
    assertThat(FailureLine.of(wrapped, NONE))
        .isEqualTo("Invalid input in table 'items', column 'item_type': unknown values (3 offending rows)");
  }

  @Test
  void aSettingSetByAnOptionNamesTheOptionAndTheValueAsTyped() {
    SettingException e = new SettingException("training.days", "999", "no episodes for day 999; days present: 1–14");
    FailureLine.Hints hints = new FailureLine.Hints(Map.of("--days", "999"), Map.of("training.days", "--days"),
        null, Set.of());
    assertThat(FailureLine.of(e, hints)).isEqualTo("--days 999: no episodes for day 999; days present: 1–14");
    // set in config instead: the key is named
    assertThat(FailureLine.of(e, NONE))
        .isEqualTo("Config key 'training.days' = 999: no episodes for day 999; days present: 1–14");
  }

  @Test
  void aSparkParamThatRejectsAValueIsNamedByTheConfigKeyHoldingIt() {
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of("training.forest.max-depth=-1"));
    Throwable e = catchThrowable(() -> new UpliftRandomForestClassifier().setMaxDepth(-1));
    assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    FailureLine.Hints hints = new FailureLine.Hints(Map.of("--set", "training.forest.max-depth=-1"), Map.of(),
        config.config(), Set.of("training.forest.max-depth"));
    assertThat(FailureLine.of(e, hints)).startsWith("Config key 'training.forest.max-depth' = -1: invalid value")
        .contains("maxDepth").doesNotContain("\n");
  }

  @Test
  void aMissingPathUnderAnOptionsValueNamesTheOption() {
    Throwable e = catchThrowable(() -> SparkTestSession.get().read().parquet("/no/such/model/metadata"));
    FailureLine.Hints hints = new FailureLine.Hints(Map.of("--model", "/no/such/model", "--input", "/data/x"),
        Map.of(), null, Set.of());
    assertThat(FailureLine.of(e, hints)).isEqualTo("--model /no/such/model: no such file or folder");
    // the folder exists but is not a model folder
    java.nio.file.Path notAModel = SparkTestSession.tempDir("not-a-model");
    Throwable e2 = catchThrowable(() -> SparkTestSession.get().read().parquet(notAModel + "/metadata"));
    assertThat(FailureLine.of(e2, new FailureLine.Hints(Map.of("--model", notAModel.toString()), Map.of(), null,
        Set.of()))).isEqualTo("--model " + notAModel + ": not what this job expects (it has no metadata)");
    assertThat(FailureLine.of(e, NONE)).startsWith("Path does not exist: ").contains("/no/such/model/metadata");
  }

  @Test
  void scoreChecksTheModelFolderBeforeSparkReadsItAndTheLineNamesTheOption() throws Exception {
    // Spark's failed read of a missing model logs stack traces on the console; score must fail before that
    java.nio.file.Path dir = SparkTestSession.tempDir("score-model-folder");
    java.nio.file.Files.writeString(dir.resolve("in.csv"), "x1\n1\n");
    TableLocation in = new TableLocation("in.csv", dir.resolve("in.csv").toString(), TableFormat.CSV);
    String missing = dir.resolve("no-such-model").toString();
    Throwable e = catchThrowable(() -> ScoreAction.on(SparkTestSession.get()).model(missing).input(in)
        .output(dir.resolve("out.csv").toString()).execute());
    assertThat(e).isInstanceOf(MissingPathException.class);
    assertThat(FailureLine.of(e, new FailureLine.Hints(Map.of("--model", missing), Map.of(), null, Set.of())))
        .isEqualTo("--model " + missing + ": no such file or folder");
    // a folder that exists but is no model (given with a trailing slash)
    Throwable e2 = catchThrowable(() -> ScoreAction.on(SparkTestSession.get()).model(dir + "/").input(in)
        .output(dir.resolve("out.csv").toString()).execute());
    assertThat(e2).isInstanceOf(MissingPathException.class);
    assertThat(FailureLine.of(e2, new FailureLine.Hints(Map.of("--model", dir + "/"), Map.of(), null, Set.of())))
        .isEqualTo("--model " + dir + "/: not what this job expects (it has no metadata)");
    assertThat(FailureLine.of(new MissingPathException("/x/y"), NONE)).isEqualTo("Path does not exist: /x/y");
  }

  @Test
  void hoconErrorsAndOtherFailuresAreOneLine() {
    assertThat(FailureLine.of(new ConfigException.Missing("a.b"), NONE)).startsWith("Configuration: ")
        .contains("a.b");
    String internal = FailureLine.of(new IllegalStateException("boom\n  at somewhere"), NONE);
    assertThat(internal).startsWith("internal error: IllegalStateException: boom")
        .contains("stack trace is in the log").doesNotContain("\n");
    assertThat(FailureLine.of(new IllegalArgumentException("requirement failed: k must be > 0"), NONE))
        .isEqualTo("k must be > 0");
  }
}
