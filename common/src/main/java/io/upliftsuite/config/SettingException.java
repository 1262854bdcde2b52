package io.upliftsuite.config;

/**
 * A setting whose value is unusable: wrong type, out of range, or asking for something the data does not have. The
 * message names the config key and the value; when the value came from a command-line option that maps to the key
 * (e.g. {@code --days} for {@code training.days}), the job boundary names the option instead.
 */
public class SettingException extends SuiteConfigException {
  private final String key;
  private final String value;
  private final String reason;

  /**
   * @param key the full config key, e.g. {@code training.forest.num-trees}
   * @param value the offending value as the user wrote it
   * @param reason what is wrong, e.g. "no episodes for day 999; days present: 1–14"
   */
  public SettingException(String key, String value, String reason) {
    super("Config key '" + key + "' = " + value + ": " + reason);
    this.key = key;
    this.value = value;
    this.reason = reason;
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }

  public String reason() {
    return reason;
  }
}
