package io.upliftsuite.runs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.upliftsuite.config.SettingException;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.spark.ConcurrentRunException;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.MissingPathException;
import io.upliftsuite.spark.TableReadException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;

/**
 * The one line a failed job prints: what is wrong, in the user's terms (the table, path and format; the config key or
 * the command-line option and its value; the table, column and count of offending rows). This is the suite's one
 * error-translation layer; the job boundary ({@code Suite}) calls it for every failure and logs the stack trace at
 * debug level.
 *
 * <p>Rules, first match wins, each looking through the whole cause chain: (1) the suite's own errors, whose messages
 * already say it ({@link SettingException} is re-worded to name the option when one set the key); (2) HOCON errors;
 * (3) a Spark ML param that rejected a value: named by the config key that holds it; (4) a missing path (Spark's
 * PATH_NOT_FOUND, or the suite's {@link MissingPathException} from a check made before Spark reads): named by the
 * option whose value it is under; (5) any other {@link IllegalArgumentException} or Spark analysis error: its first
 * line; (6) anything else is an internal error: its type and first line.
 */
public final class FailureLine {
  /** Spark ML's {@code Params.set} check: "{uid} parameter {name} given invalid value {value}." */
  private static final Pattern SPARK_PARAM =
      Pattern.compile("(\\S+) parameter (\\w+) given invalid value (.*?)\\.?$", Pattern.MULTILINE);

  /**
   * What the boundary knows about the command that failed.
   *
   * @param options every option given on the command line with its value as typed ({@code --model} → {@code /x})
   * @param keyToOption config keys that an option of this job sets ({@code training.days} → {@code --days})
   * @param config the loaded configuration, or null if loading it failed
   * @param overriddenKeys keys set by {@code --set} or a {@code --conf} file (preferred when naming a key)
   */
  public record Hints(Map<String, String> options, Map<String, String> keyToOption, Config config,
      Set<String> overriddenKeys) {
    public static Hints none() {
      return new Hints(Map.of(), Map.of(), null, Set.of());
    }
  }

  private FailureLine() {}

  public static String of(Throwable failure, Hints hints) {
    List<Throwable> chain = chain(failure);
    for (Throwable t : chain) {
      if (t instanceof SettingException s) {
        String option = hints.keyToOption().get(s.key());
        if (option != null && hints.options().containsKey(option)) {
          return option + " " + hints.options().get(option) + ": " + s.reason();
        }
        return firstLine(s);
      }
      if (t instanceof SuiteConfigException || t instanceof InputValidationException
          || t instanceof TableReadException || t instanceof ConcurrentRunException) {
        return firstLine(t);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ConfigException c) {
        return "Configuration: " + firstLine(c);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IllegalArgumentException && t.getMessage() != null) {
        Matcher m = SPARK_PARAM.matcher(t.getMessage());
        if (m.find()) {
          return sparkParam(m.group(1), m.group(2), m.group(3).trim(), hints);
        }
      }
    }
    for (Throwable t : chain) {
      if (t instanceof AnalysisException a && "PATH_NOT_FOUND".equals(a.getCondition())) {
        return missingPath(a.getMessageParameters().getOrDefault("path", firstLine(a)), hints);
      }
      if (t instanceof MissingPathException m) {
        return missingPath(m.path(), hints);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IllegalArgumentException || t instanceof AnalysisException) {
        return stripRequirement(firstLine(t));
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    return "internal error: " + failure.getClass().getSimpleName() + ": " + firstLine(failure)
        + (root == failure ? "" : " (caused by " + root.getClass().getSimpleName() + ": " + firstLine(root) + ")")
        + " — the stack trace is in the log at debug level";
  }

  /** A Spark ML param rejected a value: name the config key that holds it (the user set it, not the param). */
  static String sparkParam(String owner, String param, String value, Hints hints) {
    String kebab = param.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    String what = "rejected by " + owner.replaceAll("_[0-9a-f]{6,}$", "") + " (its param " + param + ")";
    if (hints.config() != null) {
      List<String> keys = new ArrayList<>();
      for (Map.Entry<String, ConfigValue> e : hints.config().entrySet()) {
        String key = e.getKey();
        if (key.equals(kebab) || key.endsWith("." + kebab)) {
          ConfigValue v = e.getValue();
          String shown = v.valueType() == ConfigValueType.STRING ? String.valueOf(v.unwrapped()) : v.render();
          if (sameNumber(shown, value)) {
            keys.add(key);
          }
        }
      }
      keys.sort((a, b) -> Boolean.compare(!hints.overriddenKeys().contains(a), !hints.overriddenKeys().contains(b)));
      if (!keys.isEmpty()) {
        String option = hints.keyToOption().get(keys.get(0));
        String head = option != null && hints.options().containsKey(option) ? option + " " + value
            : "Config key '" + keys.get(0) + "' = " + value;
        return head + ": invalid value, " + what;
      }
    }
    return "Invalid value " + value + " for parameter " + param + ": " + what;
  }

  /** A path Spark did not find: if it is under an option's value, name the option (e.g. a --model folder). */
  static String missingPath(String path, Hints hints) {
    String bare = path.replaceFirst("^file:", "");
    for (Map.Entry<String, String> o : hints.options().entrySet()) {
      String v = o.getValue().replaceFirst("^file:", "");
      String dir = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
      if (!dir.isEmpty() && (bare.equals(dir) || bare.startsWith(dir + "/"))) {
        boolean local = !dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
        if (bare.equals(dir) || (local && !java.nio.file.Files.exists(java.nio.file.Path.of(dir)))) {
          return o.getKey() + " " + o.getValue() + ": no such file or folder";
        }
        return o.getKey() + " " + o.getValue() + ": not what this job expects (it has no "
            + bare.substring(dir.length() + 1) + ")";
      }
    }
    return "Path does not exist: " + path;
  }

  private static boolean sameNumber(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Double.parseDouble(a) == Double.parseDouble(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String stripRequirement(String line) {
    return line.startsWith("requirement failed: ") ? line.substring("requirement failed: ".length()) : line;
  }

  static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
