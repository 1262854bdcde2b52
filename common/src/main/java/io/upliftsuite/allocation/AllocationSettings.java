package io.upliftsuite.allocation;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code allocation} config section (conf/allocation.conf) into an {@link Allocator}. */
public final class AllocationSettings {
  private AllocationSettings() {}

  public static String policyId(SuiteConfig config) {
    return config.getString("allocation.policy-id");
  }

  public static String scoresTable(SuiteConfig config) {
    return config.getString("allocation.scores-table");
  }

  public static Allocator.Method method(SuiteConfig config) {
    return Allocator.Method.parse(config.getString("allocation.method"), "allocation.method");
  }

  /** The allocator with every setting from config; the caller adds the scores (and may override the method). */
  public static Allocator configure(Allocator allocator, SuiteConfig config) {
    Config a = config.section("allocation");
    Config threshold = a.getConfig("baselines.score-threshold");
    return allocator
        .layout(layout(config))
        .constraints(constraints(config))
        .method(method(config))
        .maxIterations(a.getInt("lagrangian.max-iterations"))
        .tolerance(a.getDouble("lagrangian.tolerance"))
        .groups(a.getInt("grouped.groups"))
        .sampleSize(a.getInt("sample-size"))
        .coreSize(a.getInt("core-size"))
        .seed(config.seed())
        .baselines(a.getBoolean("baselines.enabled"))
        .scoreThreshold(threshold.getDouble("value"), threshold.getString("treatment"),
            threshold.getBoolean("below"));
  }

  public static ScoreLayout layout(SuiteConfig config) {
    Config a = config.section("allocation");
    Config c = a.getConfig("columns");
    List<Metric> metrics = new ArrayList<>();
    for (Config m : a.getConfigList("metrics")) {
      metrics.add(new Metric(m.getString("name"), m.getString("column"),
          m.hasPath("control-column") ? m.getString("control-column") : null,
          m.hasPath("uplift") && m.getBoolean("uplift")));
    }
    return new ScoreLayout(c.getString("customer-id"), a.getStringList("treatments"), a.getString("control"),
        c.getString("objective"), c.getString("weight"), c.getString("score"), metrics);
  }

  public static List<ConstraintSpec> constraints(SuiteConfig config) {
    List<ConstraintSpec> out = new ArrayList<>();
    for (Config c : config.section("allocation").getConfigList("constraints")) {
      String name = c.hasPath("name") ? c.getString("name") : "";
      ConstraintSpec.Bound bound = null;
      for (ConstraintSpec.Bound b : ConstraintSpec.Bound.values()) {
        if (c.hasPath(b.key())) {
          if (bound != null) {
            throw new SuiteConfigException("allocation.constraints '" + name + "': give one bound, not both "
                + bound.key() + " and " + b.key());
          }
          bound = b;
        }
      }
      if (bound == null) {
        throw new SuiteConfigException("allocation.constraints '" + name + "': a bound is needed (one of max, min, "
            + "max-share, min-share, max-ratio, min-ratio)");
      }
      if (!c.hasPath("metric")) {
        throw new SuiteConfigException("allocation.constraints '" + name + "': metric is needed (count or a name "
            + "from allocation.metrics)");
      }
      out.add(new ConstraintSpec(name, c.getString("metric"),
          c.hasPath("arms") ? c.getStringList("arms") : List.of(), bound, c.getDouble(bound.key()),
          c.hasPath("relative-to") ? c.getString("relative-to") : null));
    }
    return out;
  }
}
