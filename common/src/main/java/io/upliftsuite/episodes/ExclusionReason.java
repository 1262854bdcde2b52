package io.upliftsuite.episodes;

/**
 * Why a candidate did not become an episode. Item-level reasons (scope filters) drop an item with all its days and
 * are counted per item; day-level reasons drop one (item, day d) and are counted per item-day. In-scope items times
 * horizon-days = episodes + day-level exclusions.
 */
public enum ExclusionReason {
  FRAUD_FLAGGED(Level.ITEM),
  VALUE_BELOW_THRESHOLD(Level.ITEM),
  COMMERCIAL_LEAD(Level.ITEM),
  MULTI_ITEM_LEAD(Level.ITEM),
  ITEM_TYPE_NOT_IN_SCOPE(Level.ITEM),
  /** The item was delivered before the day's decision time: no decision left to take. */
  DELIVERED_BEFORE_DAY(Level.DAY),
  /** The item was abandoned before the day's decision time. */
  ABANDONED_BEFORE_DAY(Level.DAY),
  /** The day's action window ends after the end of the data, so the action is not known. */
  AFTER_DATA_END(Level.DAY),
  /** The first non-automatic communication of the day came from the lead: the AE did not decide. */
  LEAD_INITIATED_FIRST(Level.DAY),
  /** The first non-automatic communication of the day was prescheduled: decided before the decision time. */
  PRESCHEDULED_FIRST(Level.DAY);

  /** What one counted row stands for. */
  public enum Level { ITEM, DAY }

  private final Level level;

  ExclusionReason(Level level) {
    this.level = level;
  }

  public Level level() {
    return level;
  }

  /** The name written to {@code episode_exclusions.reason}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
