package io.upliftsuite.allocation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.upliftsuite.config.SuiteConfig;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code allocation} config section (conf/allocation.conf) into an {@link Allocator}. */
public final class AllocationSettings {
  private AllocationSettings() {}

  public static List<Treatment> treatments(SuiteConfig config) {
    List<Treatment> out = new ArrayList<>();
    for (Config t : config.section("allocation").getConfigList("treatments")) {
      out.add(new Treatment(t.getString("name"), t.getDouble("unit-cost")));
    }
    return out;
  }

  public static String policyId(SuiteConfig config) {
    return config.getString("allocation.policy-id");
  }

  public static Allocator.Method method(SuiteConfig config) {
    return Allocator.Method.parse(config.getString("allocation.method"), "allocation.method");
  }

  /** The allocator with every setting from config; the caller adds the scores (and may override the method). */
  public static Allocator configure(Allocator allocator, SuiteConfig config) {
    Config a = config.section("allocation");
    return allocator
        .treatments(treatments(config))
        .columns(columns(config))
        .constraints(constraints(a.getConfig("constraints")))
        .method(method(config))
        .maxIterations(a.getInt("lagrangian.max-iterations"))
        .tolerance(a.getDouble("lagrangian.tolerance"))
        .groups(a.getInt("grouped.groups"))
        .sampleSize(a.getInt("grouped.sample-size"))
        .coreSize(a.getInt("core-size"))
        .seed(config.seed())
        .baselines(a.getBoolean("baselines.enabled"))
        .propensityBaseline(a.getDouble("baselines.propensity-threshold"),
            a.getString("baselines.propensity-treatment"));
  }

  public static ScoreColumns columns(SuiteConfig config) {
    Config c = config.section("allocation.columns");
    return new ScoreColumns(c.getString("customer-id"), c.getString("weight"), c.getString("uplift-prefix"),
        c.getString("cost-prefix"), c.getString("sales-prefix"), c.getString("sales-control"),
        c.getString("propensity"));
  }

  static ConstraintSpec constraints(Config c) {
    List<ConstraintSpec.TreatmentCap> caps = new ArrayList<>();
    for (Config cap : c.getConfigList("treatment-caps")) {
      Double maxCount = optionalDouble(cap, "max-count");
      caps.add(new ConstraintSpec.TreatmentCap(cap.getString("treatment"),
          maxCount == null ? null : Math.round(maxCount), optionalDouble(cap, "max-share"),
          optionalDouble(cap, "max-budget")));
    }
    String reference = c.hasPath("sales-floor.reference-treatment")
        ? c.getString("sales-floor.reference-treatment") : "";
    return new ConstraintSpec(caps, optionalDouble(c, "total-budget"), optionalDouble(c, "sales-floor.max-drop"),
        reference.isBlank() ? null : reference);
  }

  /** A number, or null when the key is absent, null, "null" or "" (--set passes strings). */
  static Double optionalDouble(Config c, String key) {
    if (!c.hasPath(key)) {
      return null;
    }
    if (c.getValue(key).valueType() == ConfigValueType.STRING) {
      String s = c.getString(key).trim();
      if (s.isEmpty() || s.equalsIgnoreCase("null") || s.equalsIgnoreCase("none")) {
        return null;
      }
    }
    return c.getDouble(key);
  }
}
