package io.upliftsuite.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates {@code recommend.experiments}: a list of experiments, each an object with the keys below. Every
 * error names the key, e.g. {@code recommend.experiments[0].treatment-share}. Windows of two experiments may not
 * overlap (an item's arm must be unambiguous).
 *
 * <pre>
 * recommend.experiments = [{
 *   id = "day1-ab"                 # required, unique
 *   start = "2020-12-01"           # required: first decision date (business zone)
 *   end = "2021-02-28"             # required: last decision date, inclusive
 *   share-of-eligible = 1.0        # (0, 1]: share of eligible items sampled into the experiment
 *   treatment-share = 0.5          # (0, 1): share of sampled items in the treatment arm
 *   salt = ""                      # hash salt of the assignment; "" = the id
 *   exclude-weekends = true        # decision dates on Saturday/Sunday are not eligible
 *   ae-roster-table = ""           # logical table (ae_id, date, present): absent AE = not eligible; "" = none
 *   exclude-lead-initiated-first = true   # analysis: leave out days whose first contact came from the lead
 *   exclude-prescheduled-first = true     # analysis: leave out days whose first contact was prescheduled
 * }]
 * </pre>
 */
public final class ExperimentConfig {
  static final String KEY = "recommend.experiments";
  static final Config ENTRY_DEFAULTS = ConfigFactory.parseString(
      "share-of-eligible = 1.0, treatment-share = 0.5, salt = \"\", exclude-weekends = true, ae-roster-table = \"\","
          + " exclude-lead-initiated-first = true, exclude-prescheduled-first = true");
  static final Set<String> REQUIRED = Set.of("id", "start", "end");

  private ExperimentConfig() {}

  /** The experiments of the {@code recommend} config section (an empty list when none is configured). */
  public static List<Experiment> parse(Config recommend) {
    List<? extends Config> entries;
    try {
      entries = recommend.getConfigList("experiments");
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + KEY + "': must be a list of objects (" + e.getMessage() + ")",
          e);
    }
    List<Experiment> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      out.add(parseOne(entries.get(i), KEY + "[" + i + "]"));
    }
    for (int i = 0; i < out.size(); i++) {
      for (int j = 0; j < i; j++) {
        Experiment a = out.get(j);
        Experiment b = out.get(i);
        if (a.id().equals(b.id())) {
          throw new SuiteConfigException("Config key '" + KEY + "[" + i + "].id' = " + b.id()
              + ": already used by " + KEY + "[" + j + "]");
        }
        if (!b.start().isAfter(a.end()) && !a.start().isAfter(b.end())) {
          throw new SuiteConfigException("Config key '" + KEY + "[" + i + "].start': the window " + b.start() + " .. "
              + b.end() + " overlaps experiment '" + a.id() + "' (" + a.start() + " .. " + a.end() + ")");
        }
      }
    }
    return List.copyOf(out);
  }

  /** The experiment whose window covers {@code date}, if any. */
  public static java.util.Optional<Experiment> covering(List<Experiment> experiments, LocalDate date) {
    return experiments.stream().filter(e -> e.covers(date)).findFirst();
  }

  private static Experiment parseOne(Config raw, String at) {
    Set<String> known = new TreeSet<>(ENTRY_DEFAULTS.root().keySet());
    known.addAll(REQUIRED);
    for (String k : raw.root().keySet()) {
      if (!known.contains(k)) {
        throw new SuiteConfigException("Unknown config key '" + at + "." + k + "'; known keys of an experiment: "
            + known);
      }
    }
    for (String k : REQUIRED) {
      if (!raw.hasPath(k)) {
        throw new SuiteConfigException("Missing config key '" + at + "." + k + "' (required: " + new TreeSet<>(REQUIRED)
            + ")");
      }
    }
    Config c = raw.withFallback(ENTRY_DEFAULTS);
    String id = string(c, at, "id");
    if (id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
      throw new SuiteConfigException("Config key '" + at + ".id' = '" + id
          + "': must be non-empty letters, digits, '.', '_' or '-'");
    }
    LocalDate start = date(c, at, "start");
    LocalDate end = date(c, at, "end");
    if (end.isBefore(start)) {
      throw new SuiteConfigException("Config key '" + at + ".end' = " + end + ": must not be before start " + start);
    }
    double share = number(c, at, "share-of-eligible");
    if (!(share > 0 && share <= 1)) {
      throw new SuiteConfigException("Config key '" + at + ".share-of-eligible' = " + share + ": must be in (0, 1]");
    }
    double treatment = number(c, at, "treatment-share");
    if (!(treatment > 0 && treatment < 1)) {
      throw new SuiteConfigException("Config key '" + at + ".treatment-share' = " + treatment
          + ": must be in (0, 1)");
    }
    String salt = string(c, at, "salt");
    return new Experiment(id, start, end, share, treatment, salt.isEmpty() ? id : salt,
        bool(c, at, "exclude-weekends"), string(c, at, "ae-roster-table").trim(),
        bool(c, at, "exclude-lead-initiated-first"), bool(c, at, "exclude-prescheduled-first"));
  }

  private static String string(Config c, String at, String key) {
    try {
      return c.getString(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + at + "." + key + "': " + e.getMessage(), e);
    }
  }

  private static double number(Config c, String at, String key) {
    try {
      return c.getDouble(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + at + "." + key + "': must be a number (" + e.getMessage() + ")",
          e);
    }
  }

  private static boolean bool(Config c, String at, String key) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + at + "." + key + "': must be true or false", e);
    }
  }

  private static LocalDate date(Config c, String at, String key) {
    String v = string(c, at, key);
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new SuiteConfigException("Config key '" + at + "." + key + "' = '" + v + "': not a date (YYYY-MM-DD)", e);
    }
  }
}
