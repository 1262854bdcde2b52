package io.upliftsuite.simulate;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfigException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Every parameter of the simulated business, read once from the {@code simulate} config section (see
 * conf/simulator.conf for the meaning of each key). Serializable: executors receive it inside the task closure.
 */
public record SimulationSettings(
    long seed,
    String profile,
    int items,
    LocalDate registrationStart,
    LocalDate registrationEnd,
    int partitions,
    String timeZone,
    int oracleFirstDay,
    int oracleLastDay,
    int horizonDays,
    int shortHorizonDays,
    int maxDays,
    Registrations registrations,
    Delivery delivery,
    Effect effect,
    Policy policy,
    Confounding confounding,
    Experiment experiment) implements Serializable {

  public record Registrations(double multiItemLeadShare, double weekendFactor, double yearlyAmplitude,
      int yearlyPeakDay, double endToStartRatio) implements Serializable {}

  public record Delivery(double registeredIntercept, double labelSentIntercept, double decay, double saturdayShift,
      double sundayShift, double abandonProbability, double leadContactLift) implements Serializable {}

  public record Effect(double scale, double halfLifeDays, double day0Share, double unconnectedShare,
      double annoyance)
      implements Serializable {}

  public record Policy(double day1ContactRate, double day0CallRate, double scoreWeight, double labelSentShift,
      double decay, double weekendCapacity, double callShare, double callConnectRate, double emailOpenRate,
      double leadFirstRate, double prescheduledRate, double systemMessageRate) implements Serializable {}

  public record Confounding(boolean enabled, double hazardWeight, double policyWeight, double leadContactWeight)
      implements Serializable {}

  /** Experiment (closed-loop) mode: how often the AE follows a delivered recommendation. */
  public record Experiment(double complianceRate) implements Serializable {}

  /** Reads the {@code simulate} section; {@code profile} (null = the configured one) picks size and span. */
  public static SimulationSettings from(Config simulate, long seed, String profile) {
    String chosen = profile != null ? profile : simulate.getString("profile");
    String profileKey = "profiles." + chosen;
    if (!simulate.hasPath(profileKey)) {
      throw new SuiteConfigException("Unknown simulator profile '" + chosen + "': no config key 'simulate."
          + profileKey + "'; known profiles: " + simulate.getConfig("profiles").root().keySet());
    }
    Config p = simulate.getConfig(profileKey);
    Config r = simulate.getConfig("registrations");
    Config d = simulate.getConfig("delivery");
    Config e = simulate.getConfig("effect");
    Config pol = simulate.getConfig("policy");
    Config c = simulate.getConfig("confounding");
    Config x = simulate.getConfig("experiment");
    SimulationSettings s = new SimulationSettings(
        seed, chosen, p.getInt("items"),
        date(p, "registration-start", profileKey), date(p, "registration-end", profileKey),
        simulate.getInt("partitions"), simulate.getString("time-zone"),
        simulate.getInt("oracle-first-day"), simulate.getInt("oracle-last-day"),
        simulate.getInt("horizon-days"), simulate.getInt("short-horizon-days"), simulate.getInt("max-days"),
        new Registrations(r.getDouble("multi-item-lead-share"), r.getDouble("weekend-factor"),
            r.getDouble("yearly-amplitude"), r.getInt("yearly-peak-day"), r.getDouble("end-to-start-ratio")),
        new Delivery(d.getDouble("registered-intercept"), d.getDouble("label-sent-intercept"), d.getDouble("decay"),
            d.getDouble("saturday-shift"), d.getDouble("sunday-shift"), d.getDouble("abandon-probability"),
            d.getDouble("lead-contact-lift")),
        new Effect(e.getDouble("scale"), e.getDouble("half-life-days"), e.getDouble("day0-share"),
            e.getDouble("unconnected-share"), e.getDouble("annoyance")),
        new Policy(pol.getDouble("day1-contact-rate"), pol.getDouble("day0-call-rate"), pol.getDouble("score-weight"),
            pol.getDouble("label-sent-shift"), pol.getDouble("decay"), pol.getDouble("weekend-capacity"),
            pol.getDouble("call-share"), pol.getDouble("call-connect-rate"), pol.getDouble("email-open-rate"),
            pol.getDouble("lead-first-rate"), pol.getDouble("prescheduled-rate"), pol.getDouble("system-message-rate")),
        new Confounding(c.getBoolean("enabled"), c.getDouble("hazard-weight"), c.getDouble("policy-weight"),
            c.getDouble("lead-contact-weight")),
        new Experiment(x.getDouble("compliance-rate")));
    s.validate();
    return s;
  }

  private static LocalDate date(Config c, String key, String where) {
    String v = c.getString(key);
    try {
      return LocalDate.parse(v);
    } catch (RuntimeException ex) {
      throw new SuiteConfigException("Config key 'simulate." + where + "." + key + "': '" + v
          + "' is not a date (YYYY-MM-DD)");
    }
  }

  /** Checks ranges so that a bad override fails with the key's name instead of producing odd data. */
  void validate() {
    require(items > 0, "profiles." + profile + ".items", items, "> 0");
    require(!registrationEnd.isBefore(registrationStart), "profiles." + profile + ".registration-end",
        registrationEnd, ">= registration-start " + registrationStart);
    require(oracleFirstDay >= 1 && oracleLastDay >= oracleFirstDay, "oracle-last-day", oracleLastDay,
        ">= oracle-first-day >= 1");
    require(shortHorizonDays >= 1 && horizonDays >= shortHorizonDays, "horizon-days", horizonDays,
        ">= short-horizon-days >= 1");
    require(maxDays > horizonDays, "max-days", maxDays, "> horizon-days " + horizonDays);
    require(partitions >= 0, "partitions", partitions, ">= 0");
    double pre = policy.leadFirstRate() + policy.prescheduledRate();
    require(pre >= 0 && pre < 1, "policy.lead-first-rate", policy.leadFirstRate(), "with prescheduled-rate in [0, 1)");
    java.util.Map<String, Double> rates = new java.util.LinkedHashMap<>();
    rates.put("policy.day1-contact-rate", policy.day1ContactRate());
    rates.put("policy.day0-call-rate", policy.day0CallRate());
    rates.put("policy.call-share", policy.callShare());
    rates.put("policy.call-connect-rate", policy.callConnectRate());
    rates.put("policy.email-open-rate", policy.emailOpenRate());
    rates.put("policy.weekend-capacity", policy.weekendCapacity());
    rates.put("experiment.compliance-rate", experiment.complianceRate());
    rates.put("delivery.abandon-probability", delivery.abandonProbability());
    rates.put("effect.unconnected-share", effect.unconnectedShare());
    rates.put("registrations.multi-item-lead-share", registrations.multiItemLeadShare());
    require(policy.systemMessageRate() >= 0, "policy.system-message-rate", policy.systemMessageRate(), ">= 0");
    rates.forEach((key, rate) -> require(rate >= 0 && rate <= 1, key, rate, "in [0, 1]"));
    require(policy.day1ContactRate() > 0 && policy.day1ContactRate() < 1, "policy.day1-contact-rate",
        policy.day1ContactRate(), "in (0, 1)");
    require(effect.halfLifeDays() > 0, "effect.half-life-days", effect.halfLifeDays(), "> 0");
    try {
      ZoneId.of(timeZone);
    } catch (RuntimeException ex) {
      throw new SuiteConfigException("Config key 'simulate.time-zone': unknown time zone '" + timeZone + "'");
    }
  }

  private static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new SuiteConfigException("Config key 'simulate." + key + "' = " + value + ": must be " + rule);
    }
  }

  public SimulationSettings withProfileSize(int newItems, LocalDate start, LocalDate end) {
    return new SimulationSettings(seed, profile, newItems, start, end, partitions, timeZone, oracleFirstDay,
        oracleLastDay, horizonDays, shortHorizonDays, maxDays, registrations, delivery, effect, policy, confounding,
        experiment);
  }

  public SimulationSettings withSeed(long newSeed) {
    return new SimulationSettings(newSeed, profile, items, registrationStart, registrationEnd, partitions, timeZone,
        oracleFirstDay, oracleLastDay, horizonDays, shortHorizonDays, maxDays, registrations, delivery, effect, policy,
        confounding, experiment);
  }

  public SimulationSettings withPartitions(int n) {
    return new SimulationSettings(seed, profile, items, registrationStart, registrationEnd, n, timeZone,
        oracleFirstDay, oracleLastDay, horizonDays, shortHorizonDays, maxDays, registrations, delivery, effect, policy,
        confounding, experiment);
  }

  public SimulationSettings withConfounding(boolean enabled) {
    return new SimulationSettings(seed, profile, items, registrationStart, registrationEnd, partitions, timeZone,
        oracleFirstDay, oracleLastDay, horizonDays, shortHorizonDays, maxDays, registrations, delivery, effect, policy,
        new Confounding(enabled, confounding.hazardWeight(), confounding.policyWeight(),
            confounding.leadContactWeight()), experiment);
  }
}
