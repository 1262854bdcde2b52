package io.upliftsuite.episodes;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfigException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * How decision points, labels and scope are defined (config section {@code episodes}). Immutable; {@code withX}
 * methods return a changed copy.
 *
 * @param dataEnd end of the observed data; empty = the latest timestamp in the raw tables
 */
public record EpisodeOptions(int horizonDays, LocalTime decisionTime, ZoneId timeZone, int outcomeWindowDays,
    int shortOutcomeWindowDays, Optional<Instant> dataEnd, Scope scope) {

  /** Item-level scope filters. An empty {@code itemTypes} list keeps every type. */
  public record Scope(boolean excludeFraudFlagged, double minValueEstimate, boolean privateLeadsOnly,
      boolean singleItemLeadsOnly, List<String> itemTypes) {
    public Scope {
      itemTypes = List.copyOf(itemTypes);
    }
  }

  public EpisodeOptions {
    require(horizonDays >= 1, "episodes.horizon-days", horizonDays, ">= 1");
    require(outcomeWindowDays >= 1, "episodes.outcome-window-days", outcomeWindowDays, ">= 1");
    require(shortOutcomeWindowDays >= 1, "episodes.short-outcome-window-days", shortOutcomeWindowDays, ">= 1");
  }

  /** Reads the {@code episodes} section, e.g. {@code config.section("episodes")}. */
  public static EpisodeOptions fromConfig(Config section) {
    String key = "";
    try {
      key = "decision-time";
      LocalTime decisionTime = LocalTime.parse(section.getString(key));
      key = "time-zone";
      ZoneId zone = ZoneId.of(section.getString(key));
      key = "data-end";
      String end = section.getString(key).trim();
      Optional<Instant> dataEnd = end.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(end));
      key = "scope";
      Config s = section.getConfig("scope");
      Scope scope = new Scope(s.getBoolean("exclude-fraud-flagged"), s.getDouble("min-value-estimate"),
          s.getBoolean("private-leads-only"), s.getBoolean("single-item-leads-only"), s.getStringList("item-types"));
      return new EpisodeOptions(section.getInt("horizon-days"), decisionTime, zone,
          section.getInt("outcome-window-days"), section.getInt("short-outcome-window-days"), dataEnd, scope);
    } catch (DateTimeException e) {
      throw new SuiteConfigException("Config key 'episodes." + key + "': " + e.getMessage(), e);
    } catch (com.typesafe.config.ConfigException e) {
      throw new SuiteConfigException("Config section 'episodes': " + e.getMessage(), e);
    }
  }

  public EpisodeOptions withDataEnd(Instant end) {
    return new EpisodeOptions(horizonDays, decisionTime, timeZone, outcomeWindowDays, shortOutcomeWindowDays,
        Optional.of(end), scope);
  }

  public EpisodeOptions withScope(Scope newScope) {
    return new EpisodeOptions(horizonDays, decisionTime, timeZone, outcomeWindowDays, shortOutcomeWindowDays,
        dataEnd, newScope);
  }

  private static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new SuiteConfigException("Config key '" + key + "' = " + value + ": must be " + rule);
    }
  }
}
