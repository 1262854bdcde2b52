package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code suite <job> --help} is the reference a user reads: every job registered in {@link Suite} prints it, and
 * every option and positional parameter of every job has a description.
 */
class SuiteHelpTest {
  private static List<CommandLine> jobs() {
    CommandLine suite = new CommandLine(new Suite());
    return new ArrayList<>(suite.getSubcommands().values());
  }

  @Test
  void everyOptionAndParameterOfEveryJobHasADescription() {
    List<String> missing = new ArrayList<>();
    for (CommandLine job : jobs()) {
      CommandSpec spec = job.getCommandSpec();
      String name = spec.name();
      assertThat(String.join(" ", spec.usageMessage().description())).as("description of job " + name).isNotBlank();
      List<ArgSpec> args = new ArrayList<>(spec.options());
      args.addAll(spec.positionalParameters());
      for (ArgSpec arg : args) {
        String label = arg instanceof OptionSpec o ? o.longestName() : "<" + arg.paramLabel() + ">";
        if (String.join(" ", arg.description()).isBlank()) {
          missing.add(name + " " + label);
        }
      }
    }
    assertThat(missing).as("options/parameters without a description").isEmpty();
  }

  @Test
  void everyJobPrintsItsHelpListingEveryOption() {
    assertThat(jobs()).hasSizeGreaterThanOrEqualTo(9);
    for (CommandLine job : jobs()) {
      String name = job.getCommandName();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new Suite()).setCaseInsensitiveEnumValuesAllowed(true); // as Suite.run
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int exit = "help".equals(name) ? cl.execute("help", "--help") : cl.execute(name, "--help");
      assertThat(exit).as(name + " --help: " + err).isZero();
      for (OptionSpec o : job.getCommandSpec().options()) {
        if (!o.hidden()) {
          assertThat(out.toString()).as(name + " --help").contains(o.longestName());
        }
      }
    }
  }

  /** A '%' in a description is a format conversion to picocli; an unescaped one prints a warning above the help. */
  @Test
  void theJobListRendersWithoutPicocliWarnings() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      CommandLine cl = new CommandLine(new Suite()).setCaseInsensitiveEnumValuesAllowed(true);
      cl.setOut(new PrintWriter(out, true));
      assertThat(cl.execute("--help")).isZero();
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    assertThat(out.toString()).contains("95%").contains("e%iS");
  }
}
