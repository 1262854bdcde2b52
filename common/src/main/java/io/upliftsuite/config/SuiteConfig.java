package io.upliftsuite.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typed view of the suite's HOCON configuration.
 *
 * <p>Layers, lowest first: {@code application.conf} on the classpath (copied from {@code conf/}), the environment
 * profile {@code <env>.conf}, each {@code --conf FILE} in order, then {@code --set key=value}. Every overriding key
 * must already exist in the defaults, so a typo fails at start-up with the key's name instead of being silently
 * ignored; the only open maps are {@link #OPEN_PREFIXES}.
 */
public final class SuiteConfig {

  /** Sub-trees where users may add keys the defaults do not declare. */
  static final List<String> OPEN_PREFIXES = List.of("spark.settings");

  /** Tables may be added by name, but each table accepts only these fields. */
  static final Set<String> TABLE_FIELDS = Set.of("path", "format");

  private final Config config;

  private SuiteConfig(Config config) {
    this.config = config;
  }

  /** Wraps an already-resolved config (tests build one from a string). */
  public static SuiteConfig of(Config resolved) {
    return new SuiteConfig(resolved);
  }

  /** The defaults plus the local profile: what a test or a plain local run sees. */
  public static SuiteConfig defaults() {
    return load("local", List.of(), List.of());
  }

  /**
   * Loads and validates the layered configuration.
   *
   * @param env the profile layered over the defaults ({@code local} or {@code cluster}); null means none
   * @param files user config files, applied in order
   * @param overrides {@code key=value} strings, applied last
   */
  public static SuiteConfig load(String env, List<Path> files, List<String> overrides) {
    Config defaults = ConfigFactory.parseResources(
        SuiteConfig.class.getClassLoader(), "application.conf",
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config merged = defaults;
    // keys inherited through a substitution (training.forest = ${forest} {...}) exist only once resolved
    Config known = defaults.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    if (env != null && !env.isBlank()) {
      Config profile = ConfigFactory.parseResources(
          SuiteConfig.class.getClassLoader(), env + ".conf", ConfigParseOptions.defaults().setAllowMissing(true));
      if (profile.isEmpty() && !"local".equals(env)) {
        throw new SuiteConfigException("Unknown environment profile '" + env + "': no " + env
            + ".conf on the classpath (known: local, cluster)");
      }
      checkKnownKeys(profile, known, env + ".conf");
      checkTypes(profile, known, env + ".conf");
      merged = profile.withFallback(merged);
    }
    for (Path file : files) {
      Config fileConfig = parseFile(file);
      checkKnownKeys(fileConfig, known, "config file '" + file + "'");
      checkTypes(fileConfig, known, "config file '" + file + "'");
      merged = fileConfig.withFallback(merged);
    }
    for (String override : overrides) {
      Config one = parseOverride(override);
      checkKnownKeys(one, known, "--set " + override);
      checkTypes(one, known, "--set " + override);
      merged = one.withFallback(merged);
    }
    try {
      return new SuiteConfig(merged.resolve());
    } catch (ConfigException e) {
      throw new SuiteConfigException("Configuration cannot be resolved: " + e.getMessage(), e);
    }
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SuiteConfigException("Cannot read config file '" + file.toAbsolutePath()
          + "': " + (Files.exists(file) ? "not a readable file" : "no such file"));
    }
    try {
      return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new SuiteConfigException("Cannot parse config file '" + file.toAbsolutePath() + "': " + e.getMessage(), e);
    }
  }

  /** Parses {@code key=value}; a value starting with [ or { is HOCON (a list or object), anything else a string. */
  static Config parseOverride(String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new SuiteConfigException("Bad --set '" + override + "': expected key=value");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    try {
      if (value.startsWith("[") || value.startsWith("{")) {
        return ConfigFactory.parseString(key + " = " + value);
      }
      return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    } catch (ConfigException e) {
      throw new SuiteConfigException("Bad --set '" + override + "': " + e.getMessage(), e);
    }
  }

  private static void checkKnownKeys(Config overriding, Config defaults, String source) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : overriding.entrySet()) {
      String key = entry.getKey();
      if (isOpen(key) || defaults.hasPathOrNull(key)) {
        continue;
      }
      if (key.startsWith("tables.")) {
        String field = key.substring(key.lastIndexOf('.') + 1);
        if (TABLE_FIELDS.contains(field) && key.split("\\.").length == 3) {
          continue;
        }
      }
      unknown.add(key);
    }
    if (!unknown.isEmpty()) {
      String key = unknown.get(0);
      throw new SuiteConfigException("Unknown config key '" + key + "' in " + source
          + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more: " + unknown.subList(1, unknown.size()) + ")" : "")
          + suggestion(key, defaults));
    }
  }

  /**
   * Every overriding value must have the type of its default (a number where the default is a number — whole or not:
   * HOCON does not keep that apart —, a boolean, a list, a section), so a wrong type fails at start-up naming the key under any
   * section, not later inside whichever capability reads it.
   */
  private static void checkTypes(Config overriding, Config defaults, String source) {
    Config resolved;
    try {
      resolved = defaults.resolve();
    } catch (ConfigException e) {
      return; // the defaults themselves cannot resolve: reported when the merged config resolves
    }
    for (Map.Entry<String, ConfigValue> entry : overriding.entrySet()) {
      String key = entry.getKey();
      if (!resolved.hasPathOrNull(key) || resolved.getIsNull(key)) {
        continue;
      }
      String problem = ConfigTypes.mismatch(resolved.getValue(key), entry.getValue());
      if (problem != null) {
        throw new SettingException(key, ConfigTypes.render(entry.getValue()), problem + " (in " + source + ")");
      }
    }
  }

  private static boolean isOpen(String key) {
    for (String prefix : OPEN_PREFIXES) {
      if (key.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Lists the keys that do exist next to an unknown one, which is usually enough to spot the typo. */
  private static String suggestion(String key, Config defaults) {
    int dot = key.lastIndexOf('.');
    String parent = dot < 0 ? "" : key.substring(0, dot);
    Set<String> siblings = new TreeSet<>();
    if (parent.isEmpty()) {
      siblings.addAll(defaults.root().keySet());
    } else if (defaults.hasPath(parent)) {
      try {
        siblings.addAll(defaults.getConfig(parent).root().keySet());
      } catch (ConfigException.WrongType e) {
        return "";
      }
    }
    return siblings.isEmpty() ? "" : "; known keys under '" + (parent.isEmpty() ? "<root>" : parent) + "': " + siblings;
  }

  /** The raw resolved config, for sections a capability reads itself (e.g. {@code config().getConfig("simulate")}). */
  public Config config() {
    return config;
  }

  /** A required section, with an error naming it when absent. */
  public Config section(String path) {
    if (!config.hasPath(path)) {
      throw new SuiteConfigException("Missing config section '" + path + "'");
    }
    return config.getConfig(path);
  }

  public long seed() {
    return getLong("suite.seed");
  }

  public String warehouseRoot() {
    return config.getString("warehouse.root");
  }

  public String sparkMaster() {
    return config.hasPath("spark.master") ? config.getString("spark.master") : "";
  }

  public String appNamePrefix() {
    return config.getString("spark.app-name-prefix");
  }

  /** The Spark settings map (keys are full Spark property names). */
  public Map<String, String> sparkSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    if (config.hasPath("spark.settings")) {
      config.getConfig("spark.settings").root().forEach((k, v) -> out.put(k, String.valueOf(v.unwrapped())));
    }
    return out;
  }

  public long getLong(String key) {
    try {
      return config.getLong(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + key + "': " + e.getMessage(), e);
    }
  }

  public int getInt(String key) {
    try {
      return config.getInt(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + key + "': " + e.getMessage(), e);
    }
  }

  public double getDouble(String key) {
    try {
      return config.getDouble(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + key + "': " + e.getMessage(), e);
    }
  }

  public String getString(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + key + "': " + e.getMessage(), e);
    }
  }

  public boolean getBoolean(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key '" + key + "': " + e.getMessage(), e);
    }
  }
}
