package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Airflow DAGs in scripts/airflow, checked without Airflow: every task's command must be a real job of the suite
 * with options that job accepts (parsed by the suite's own command line, the run-date templates replaced by a date),
 * the run date must come from the end of the data interval, and the schedules and dependencies must be the intended
 * ones.
 *
 * <p>With a {@code python3} on the PATH the DAG files are executed against a stub of the Airflow modules they import
 * (test resources {@code airflow-stub/}, bytecode writing off) and every DAG, task and dependency is read back as
 * JSON. Without one, the {@code suite_task(...)} calls are read from the source, so the commands are still checked
 * ({@code -DairflowDagsTest.python=none} forces that path).
 */
class AirflowDagsTest {
  static final String SAMPLE_DATE = "2024-01-02";
  static Path airflow;
  static List<Dag> dags;
  static boolean executed;

  record Task(String taskId, List<String> args, List<String> upstream) {}

  record Dag(String dagId, String schedule, String startTz, Boolean catchup, List<Task> tasks) {
    Task task(String id) {
      return tasks.stream().filter(t -> t.taskId().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError("DAG " + dagId + " has no task " + id));
    }
  }

  @BeforeAll
  static void readDags() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("scripts/airflow"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository's scripts/airflow folder").isNotNull();
    airflow = dir.resolve("scripts/airflow");
    List<Path> files;
    try (Stream<Path> s = Files.list(airflow)) {
      files = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
    }
    dags = python().isPresent() ? execute(python().get(), files) : parse(files);
    executed = python().isPresent();
  }

  @Test
  void everyTaskRunsARealJobWithOptionsItAccepts() {
    assertThat(dags).extracting(Dag::dagId).contains("uplift_suite_recommend", "uplift_suite_retrain");
    CommandLine suite = new CommandLine(new Suite());
    for (Dag dag : dags) {
      assertThat(dag.tasks()).as(dag.dagId()).isNotEmpty();
      for (Task t : dag.tasks()) {
        String where = dag.dagId() + "." + t.taskId();
        String job = t.args().get(0);
        assertThat(suite.getSubcommands()).as(where + ": job '" + job + "'").containsKey(job);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < t.args().size(); i++) {
          String a = t.args().get(i);
          if (a.contains("{{")) {
            assertThat(a).as(where + ": the run date comes from the end of the data interval")
                .contains("data_interval_end").doesNotContain("ds }}");
            assertThat(t.args().get(i - 1)).as(where).endsWith("-date");
            a = SAMPLE_DATE;
          }
          args.add(a);
        }
        try {
          CommandLine.ParseResult parsed = new CommandLine(new Suite()).parseArgs(args.toArray(String[]::new));
          assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(job);
          assertThat(parsed.subcommand().unmatched()).as(where).isEmpty();
        } catch (CommandLine.ParameterException e) {
          fail(where + ": the job does not accept " + args + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void theDailyRunIsAtNineInTheBusinessTimeZoneAndRetrainingRunsItsStepsInOrder() {
    Dag daily = dag("uplift_suite_recommend");
    assertThat(daily.schedule()).isEqualTo("0 9 * * *");
    assertThat(daily.task("recommend").args()).startsWith("recommend");
    Dag retrain = dag("uplift_suite_retrain");
    if (executed) {
      // the business time zone of the suite's default config (episodes.time-zone)
      assertThat(daily.startTz()).isEqualTo("UTC");
      assertThat(daily.catchup()).isFalse();
      assertThat(retrain.task("train_daily_models").upstream()).containsExactly("build_episodes");
      assertThat(retrain.task("evaluate").upstream()).containsExactly("train_daily_models");
      assertThat(retrain.task("promote").upstream()).containsExactly("evaluate");
      assertThat(retrain.task("experiment_report").upstream()).containsExactly("build_episodes");
    }
    assertThat(retrain.task("evaluate").args()).contains("--training-run-date");
    assertThat(retrain.task("promote").args()).contains("--training-run-date");
  }

  @Test
  void noBytecodeIsLeftInTheDagFolder() throws IOException {
    try (Stream<Path> s = Files.walk(airflow)) {
      assertThat(s.filter(p -> p.getFileName().toString().equals("__pycache__")
          || p.toString().endsWith(".pyc"))).isEmpty();
    }
  }

  private static Dag dag(String id) {
    return dags.stream().filter(d -> d.dagId().equals(id)).findFirst().orElseThrow();
  }

  /** The interpreters tried, in order (system property {@code airflowDagsTest.python}, comma-separated). */
  private static java.util.Optional<String> python() {
    for (String candidate : System.getProperty("airflowDagsTest.python", "python3,python").split(",")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import sys; assert sys.version_info >= (3, 9)")
            .redirectErrorStream(true).start();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return java.util.Optional.of(candidate);
        }
      } catch (IOException e) {
        // not installed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return java.util.Optional.empty();
  }

  private static List<Dag> execute(String python, List<Path> files) throws Exception {
    Path inspector = Path.of(AirflowDagsTest.class.getResource("/airflow-stub/inspect_dags.py").toURI());
    List<String> cmd = new ArrayList<>(List.of(python, "-B", inspector.toString()));
    files.forEach(f -> cmd.add(f.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python3 on the DAG files: " + err).isZero();
    List<Dag> out2 = new ArrayList<>();
    for (JsonNode d : new ObjectMapper().readTree(out)) {
      List<Task> tasks = new ArrayList<>();
      for (JsonNode t : d.get("tasks")) {
        List<String> args = new ArrayList<>();
        t.get("application_args").forEach(a -> args.add(a.asText()));
        List<String> upstream = new ArrayList<>();
        t.get("upstream").forEach(a -> upstream.add(a.asText()));
        tasks.add(new Task(t.get("task_id").asText(), args, upstream));
      }
      out2.add(new Dag(d.get("dag_id").asText(), d.get("schedule").asText(null), d.get("start_date_tz").asText(null),
          d.get("catchup").isNull() ? null : d.get("catchup").asBoolean(), tasks));
    }
    return out2;
  }

  /** Without python: the DAG_ID, schedule and suite_task(...) calls of each DAG file, read from its source. */
  private static List<Dag> parse(List<Path> files) throws IOException {
    Pattern dagId = Pattern.compile("DAG_ID\\s*=\\s*\"([^\"]+)\"");
    Pattern schedule = Pattern.compile("schedule\\s*=\\s*\"([^\"]+)\"");
    Pattern call = Pattern.compile("suite_task\\(([^)]*)\\)");
    Pattern token = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|([A-Za-z_][A-Za-z0-9_]*)");
    List<Dag> out = new ArrayList<>();
    for (Path f : files) {
      String src = Files.readString(f);
      Matcher id = dagId.matcher(src);
      if (!id.find()) {
        continue; // not a DAG file (e.g. the shared helpers)
      }
      Matcher sched = schedule.matcher(src);
      List<Task> tasks = new ArrayList<>();
      Matcher c = call.matcher(src);
      while (c.find()) {
        List<String> values = new ArrayList<>();
        Matcher t = token.matcher(c.group(1));
        while (t.find()) {
          // a name is a module constant; the DAGs use names only for run-date templates
          values.add(t.group(1) != null ? t.group(1) : "{{ data_interval_end " + t.group(2) + " }}");
        }
        if (values.size() >= 2 && !values.get(0).startsWith("{{")) {
          List<String> args = new ArrayList<>(List.of(values.get(1), "--env", "cluster", "--conf", "/etc/suite.conf"));
          args.addAll(values.subList(2, values.size()));
          tasks.add(new Task(values.get(0), args, List.of()));
        }
      }
      out.add(new Dag(id.group(1), sched.find() ? sched.group(1) : null, null, null, tasks));
    }
    Map<String, Dag> unique = new HashMap<>();
    out.forEach(d -> unique.put(d.dagId(), d));
    return new ArrayList<>(unique.values());
  }
}
