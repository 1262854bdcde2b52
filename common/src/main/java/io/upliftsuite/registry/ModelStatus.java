package io.upliftsuite.registry;

import java.util.Locale;

/**
 * Where a day model stands in the registry ({@code models.status}). A trained model is a {@code candidate};
 * {@code promote} approves the chosen day's model when its evidence clears the margin, and retires the models it
 * supersedes. Only approved models score new rows.
 */
public enum ModelStatus {
  CANDIDATE, APPROVED, RETIRED;

  /** The value stored in {@code models.status}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a stored value; null (a row written before the registry existed) is a candidate. */
  public static ModelStatus parse(String s) {
    if (s == null) {
      return CANDIDATE;
    }
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown model status '" + s + "' (known: candidate, approved, retired)", e);
    }
  }
}
