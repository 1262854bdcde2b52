package io.upliftsuite.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Locale;
import java.util.Set;

/** Whether an overriding config value can be read with the type of its default (the type checks of SuiteConfig). */
final class ConfigTypes {
  private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off");

  private ConfigTypes() {}

  /** Null when {@code override} reads as the type of {@code def}; else what was expected, e.g. "must be a number". */
  static String mismatch(ConfigValue def, ConfigValue override) {
    return switch (def.valueType()) {
      case NUMBER -> numberMismatch(def, override);
      case BOOLEAN -> isBoolean(override) ? null : "must be true or false";
      case LIST -> listMismatch((ConfigList) def, override);
      case OBJECT -> override.valueType() == ConfigValueType.OBJECT ? null
          : "is a section of keys in the defaults, not a single value";
      default -> null; // a string (or null) default accepts any scalar: HOCON reads numbers as strings
    };
  }

  /** The value as a user would have written it (strings unquoted). */
  static String render(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING ? String.valueOf(v.unwrapped()) : v.render();
  }

  private static String numberMismatch(ConfigValue def, ConfigValue override) {
    // Whole versus fractional cannot be told from the default: HOCON stores a default written 0.0 or 1.0 as an int
    // (so 1.0 would refuse 0.8). Any number is accepted; the reading capability rejects what it cannot use.
    boolean whole = false;
    String expected = whole ? "must be a whole number" : "must be a number";
    String text = switch (override.valueType()) {
      case NUMBER -> String.valueOf(override.unwrapped());
      case STRING -> ((String) override.unwrapped()).trim();
      default -> null;
    };
    if (text == null) {
      return expected;
    }
    try {
      if (whole) {
        Long.parseLong(text);
      } else {
        Double.parseDouble(text);
      }
      return null;
    } catch (NumberFormatException e) {
      return expected + " (default " + def.render() + ")";
    }
  }

  private static boolean isBoolean(ConfigValue v) {
    return v.valueType() == ConfigValueType.BOOLEAN || (v.valueType() == ConfigValueType.STRING
        && BOOLEAN_WORDS.contains(((String) v.unwrapped()).trim().toLowerCase(Locale.ROOT)));
  }

  private static String listMismatch(ConfigList def, ConfigValue override) {
    if (override.valueType() != ConfigValueType.LIST) {
      return "must be a list, e.g. " + def.render() + " (HOCON: --set 'key=[a, b]')";
    }
    if (def.isEmpty()) {
      return null;
    }
    ConfigValue element = def.get(0);
    for (ConfigValue v : (ConfigList) override) {
      String problem = mismatch(element, v);
      if (problem != null) {
        return "every element " + problem + "; got " + override.render();
      }
    }
    return null;
  }
}
