package io.upliftsuite.forest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * THE one mapping between the forest's config keys and the estimator's params, used by fit-forest, training and the
 * benchmarks. A config key is its param's name in kebab case ({@code num-trees} = numTrees, {@code n-reg} = nReg;
 * one exception, {@code max-memory-mb} = maxMemoryInMB). Every param of the estimator is a setting except the
 * wiring (the column names, which the caller knows, and the seed, which comes from {@code suite.seed}).
 *
 * <p>A settings object holds a value for EVERY setting: the estimator's default, replaced by the config section's
 * value, replaced by explicit overrides (command-line options); so {@link #asMap()} is what a fit actually used. Keys
 * are validated by the param's own rule and reported with the config path, the value and the rule.
 */
public final class ForestSettings implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Params that are not settings: the caller wires columns; the seed is suite.seed (or the ensemble's seeds). */
  static final Set<String> WIRING = Set.of("featuresCol", "treatmentCol", "labelCol", "weightCol", "seed");
  /** Config keys whose name is not the kebab-case of their param's name. */
  private static final Map<String, String> PARAM_OF_KEY = Map.of("max-memory-mb", "maxMemoryInMB");

  private final String path;
  private final Map<String, Object> values;

  private ForestSettings(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /** The estimator's defaults (classifier), as settings. */
  public static ForestSettings defaults() {
    UpliftRandomForestClassifier prototype = new UpliftRandomForestClassifier();
    Map<String, Object> values = new LinkedHashMap<>();
    for (Param<?> param : settingParams(prototype)) {
      values.put(key(param.name()), prototype.getOrDefault(param));
    }
    return new ForestSettings("forest", values);
  }

  /**
   * The settings of a config section (e.g. {@code forest} or {@code training.forest}): its keys over the
   * estimator's defaults. Keys in {@code otherKeys} belong to the caller (e.g. ensemble-size) and are skipped; any
   * other key that is not a setting fails, naming it.
   *
   * @param path the section's config path, for messages
   */
  public static ForestSettings fromConfig(Config section, String path, Set<String> otherKeys) {
    ForestSettings s = defaults();
    Map<String, Object> values = new LinkedHashMap<>(s.values);
    for (String key : section.root().keySet()) {
      if (otherKeys.contains(key)) {
        continue;
      }
      Param<?> param = param(key, path);
      values.put(key, read(section, key, param, path));
    }
    return new ForestSettings(path, validated(values, path));
  }

  /** A copy with {@code key} set to {@code value} (a command-line option); null leaves the setting as it is. */
  public ForestSettings with(String key, Object value) {
    if (value == null) {
      return this;
    }
    Param<?> param = param(key, path);
    Map<String, Object> values = new LinkedHashMap<>(this.values);
    values.put(key, coerce(value, param, path + "." + key));
    return new ForestSettings(path, validated(values, path));
  }

  /** Sets every setting on the estimator (the regressor keeps its one criterion, CausalMSE). */
  public <E extends UpliftForestEstimator<E>> E applyTo(E estimator) {
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = paramName(e.getKey());
      if (name.equals("criterion") && estimator.isRegression()) {
        continue;
      }
      estimator.set(estimator.getParam(name), e.getValue());
    }
    return estimator;
  }

  /** The settings an estimator (or fitted model) has, by config key. */
  public static Map<String, Object> of(UpliftForestParams estimator) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Param<?> param : settingParams(estimator)) {
      values.put(key(param.name()), estimator.getOrDefault(param));
    }
    return values;
  }

  /** Every setting's value by config key, in the params' order. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public Object get(String key) {
    param(key, path);
    return values.get(key);
  }

  public int getInt(String key) {
    return ((Number) get(key)).intValue();
  }

  /** Every config key of a setting, in the params' order. */
  public static List<String> keys() {
    return List.copyOf(defaults().values.keySet());
  }

  /** The config key of a param name: kebab case, except the few in {@link #PARAM_OF_KEY}. */
  static String key(String paramName) {
    for (Map.Entry<String, String> e : PARAM_OF_KEY.entrySet()) {
      if (e.getValue().equals(paramName)) {
        return e.getKey();
      }
    }
    return paramName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  private static String paramName(String key) {
    String special = PARAM_OF_KEY.get(key);
    if (special != null) {
      return special;
    }
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  private static List<Param<?>> settingParams(UpliftForestParams owner) {
    return java.util.Arrays.stream(owner.params()).filter(p -> !WIRING.contains(p.name()))
        .<Param<?>>map(p -> p).toList();
  }

  private static Param<?> param(String key, String path) {
    UpliftRandomForestClassifier prototype = new UpliftRandomForestClassifier();
    String name = paramName(key);
    if (!WIRING.contains(name) && prototype.hasParam(name) && key(name).equals(key)) {
      return prototype.getParam(name);
    }
    throw new IllegalArgumentException("Config key '" + path + "." + key + "' is not a forest setting (settings: "
        + String.join(", ", keys()) + ")");
  }

  private static Object read(Config section, String key, Param<?> param, String path) {
    try {
      if (param instanceof IntParam) {
        return section.getInt(key);
      } else if (param instanceof LongParam) {
        return section.getLong(key);
      } else if (param instanceof DoubleParam) {
        return section.getDouble(key);
      } else if (param instanceof BooleanParam) {
        return section.getBoolean(key);
      }
      return section.getString(key);
    } catch (ConfigException.WrongType e) {
      throw new IllegalArgumentException("Config key '" + path + "." + key + "' = "
          + section.getValue(key).render() + ": must be " + typeName(param), e);
    }
  }

  /** Converts an option's value (a number, boolean or text) to the param's type. */
  private static Object coerce(Object value, Param<?> param, String where) {
    try {
      String text = String.valueOf(value).trim();
      if (param instanceof IntParam) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(text);
      } else if (param instanceof LongParam) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(text);
      } else if (param instanceof DoubleParam) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
      } else if (param instanceof BooleanParam) {
        if (value instanceof Boolean b) {
          return b;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new NumberFormatException(text);
        }
        return Boolean.parseBoolean(text);
      }
      return text;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + where + "' = " + value + ": must be " + typeName(param), e);
    }
  }

  private static String typeName(Param<?> param) {
    if (param instanceof IntParam || param instanceof LongParam) {
      return "an integer";
    } else if (param instanceof DoubleParam) {
      return "a number";
    } else if (param instanceof BooleanParam) {
      return "true or false";
    }
    return "a string";
  }

  /** Each value must pass its param's validator; the message gives the key, the value and the param's doc. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Object> validated(Map<String, Object> values, String path) {
    UpliftRandomForestClassifier prototype = new UpliftRandomForestClassifier();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Param param = prototype.getParam(paramName(e.getKey()));
      boolean ok;
      if (param.name().equals("criterion")) {
        // the classifier's criteria, or the regressor's one
        ok = SplitCriterion.isKnown(String.valueOf(e.getValue()));
      } else {
        ok = (Boolean) param.isValid().apply(e.getValue());
      }
      if (!ok) {
        throw new IllegalArgumentException("Config key '" + path + "." + e.getKey() + "' = " + e.getValue()
            + ": must be " + param.doc());
      }
    }
    return values;
  }

  @Override
  public String toString() {
    return path + " " + values;
  }
}
