package io.upliftsuite.config;

/** A configuration problem: an unknown key, a bad value, an unreadable file. The message names the key or file. */
public class SuiteConfigException extends IllegalArgumentException {
  public SuiteConfigException(String message) {
    super(message);
  }

  public SuiteConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
