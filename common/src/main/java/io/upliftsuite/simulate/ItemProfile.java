package io.upliftsuite.simulate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Everything fixed about one item when it registers: the lead's and item's observable attributes (written to the
 * raw tables), and the hidden ones the simulator alone knows: the uplift segment, the latent intent and the derived
 * logit terms. Built by {@link Population}.
 */
public record ItemProfile(
    long leadIndex,
    int itemNumber,
    String leadId,
    String itemId,
    LocalDate registrationDate,
    int registrationSecondOfDay,
    String state,
    String ageBand,
    String acquisitionChannel,
    boolean commercial,
    String itemType,
    double valueEstimate,
    boolean fraudFlagged,
    Segment segment,
    double intent,
    double featureLogit,
    double effectLogit,
    double leadScore) {

  /** The four textbook uplift segments; the simulator draws one per item from its observable features. */
  public enum Segment { PERSUADABLE, SURE_THING, LOST_CAUSE, SLEEPING_DOG }

  /** Day of week of day {@code t} after registration. */
  public DayOfWeek dayOfWeek(int t) {
    return registrationDate.getDayOfWeek().plus(t);
  }

  public static String leadId(long leadIndex) {
    return String.format("L%08d", leadIndex);
  }

  public static String itemId(long leadIndex, int itemNumber) {
    return String.format("I%08d-%d", leadIndex, itemNumber);
  }

  /** The lead index encoded in an item id made by {@link #itemId}, or -1 if it is not one. */
  public static long leadIndexOf(String itemId) {
    if (itemId == null || itemId.length() < 11 || itemId.charAt(0) != 'I' || itemId.charAt(9) != '-') {
      return -1;
    }
    try {
      return Long.parseLong(itemId.substring(1, 9));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
