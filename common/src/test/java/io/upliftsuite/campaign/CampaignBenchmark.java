package io.upliftsuite.campaign;

import io.upliftsuite.allocation.AllocatePolicies;
import io.upliftsuite.allocation.AllocationResult;
import io.upliftsuite.campaign.evaluation.CampaignEvaluation;
import io.upliftsuite.campaign.evaluation.CampaignPolicy;
import io.upliftsuite.campaign.evaluation.PolicyMeasure;
import io.upliftsuite.campaign.simulate.CampaignSimulator;
import io.upliftsuite.campaign.simulate.CampaignWorld;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark behind {@code scripts/bench/campaign} (not part of the build's tests): the whole campaign flow
 * (simulate-campaign, campaign-models, allocate, evaluate-campaign, as library calls in ONE session) for many seeds,
 * judged against the simulator's oracle:
 * <ul>
 *   <li>coverage of the OPE 95% intervals: the share of (seed, policy, outcome) whose interval covers the true value,
 *       per estimator and measure (values, relative lifts, e%iS, constraint slacks), and for the allocated policy
 *       alone;</li>
 *   <li>per seed, the allocated policy in truth: every constraint's true slack, its true objective outcome against
 *       every baseline that meets the constraints in truth.</li>
 * </ul>
 * Arguments: seeds (count, from 1), customers, work folder, then config overrides key=value.
 */
public final class CampaignBenchmark {
  private CampaignBenchmark() {}

  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    long customers = Long.parseLong(args[1]);
    Path work = Path.of(args[2]);
    List<String> overrides = new ArrayList<>(List.of(args).subList(3, args.length));
    SuiteConfig base = SuiteConfig.load("local", List.of(), overrides);
    SparkSession spark = SparkSessions.create(base, "bench-campaign");
    Map<String, int[]> coverage = new TreeMap<>(); // key -> {covered, total}
    List<String> perSeed = new ArrayList<>();
    int feasible = 0;
    int beats = 0;
    double worstSlack = Double.POSITIVE_INFINITY;
    LocalDate day = LocalDate.of(2026, 1, 1);
    try {
      for (int seed = 1; seed <= seeds; seed++) {
        long start = System.nanoTime();
        Path root = work.resolve("seed-" + seed);
        List<String> o = new ArrayList<>(overrides);
        o.add("warehouse.root=" + root);
        o.add("suite.seed=" + seed);
        o.add("campaign.simulate.customers=" + customers);
        SuiteConfig config = SuiteConfig.load("local", List.of(), o);
        Tables tables = new Tables(config);
        WriteContext context = WriteContext.of("bench-campaign", day);
        CampaignSettings settings = CampaignSettings.from(config);
        CampaignSimulator.on(spark).settings(settings)
            .world(CampaignWorld.from(config.section("campaign.simulate"))).execute(tables::location, context);
        CampaignModels.on(spark, config, tables).execute(context);
        AllocationResult allocation = AllocatePolicies.on(spark, config, tables).execute(context);
        CampaignEvaluation.Result r = CampaignEvaluation.on(spark, config, tables).execute(context);
        for (PolicyMeasure m : r.measures()) {
          if (Double.isNaN(m.truth()) || Double.isNaN(m.ciLow()) || m.estimator().equals("exact")) {
            continue;
          }
          count(coverage, m.estimator() + " " + m.measure() + " (all policies)", m.covers());
          if (m.policy().equals(CampaignPolicy.ALLOCATED)) {
            count(coverage, m.estimator() + " " + m.measure() + " (allocated policy)", m.covers());
          }
        }
        CampaignEvaluation.Verdict v = r.verdict();
        double slack = r.measures().stream().filter(m -> m.policy().equals(CampaignPolicy.ALLOCATED)
                && m.measure().equals(PolicyMeasure.CONSTRAINT_SLACK) && m.estimator().equals("dr"))
            .mapToDouble(PolicyMeasure::truth).min().orElse(Double.NaN);
        worstSlack = Math.min(worstSlack, slack);
        feasible += v.allocatedFeasible() ? 1 : 0;
        beats += v.allocatedFeasible() && v.beatsEveryFeasibleBaseline() ? 1 : 0;
        String best = v.feasibleBaselinesTruth().entrySet().stream().max(Map.Entry.comparingByValue())
            .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue())).orElse("none");
        String line = String.format(Locale.ROOT, "seed %2d: %s true %.4f (DR %.4f); worst true constraint slack "
                + "%+.4f; best baseline meeting the constraints in truth: %s; beats it: %s; %s, arms %s; %.0f s",
            seed, v.outcome(), v.allocatedTruth(), v.allocatedEstimate(), slack, best,
            v.beatsEveryFeasibleBaseline(), allocation.method(), allocation.armCounts(),
            (System.nanoTime() - start) / 1e9);
        System.out.println(line);
        perSeed.add(line);
        delete(root);
      }
      System.out.printf(Locale.ROOT, "%n%d seeds x %d customers (test split ~%d): coverage of the 95%% intervals "
          + "(share of intervals covering the true value):%n", seeds, customers,
          Math.round(customers * (1 - base.getDouble("campaign.train-share")
              - base.getDouble("campaign.guard-share"))));
      coverage.forEach((k, c) -> System.out.printf(Locale.ROOT, "  %-45s %5.1f%% (%d of %d)%n", k,
          100.0 * c[0] / c[1], c[0], c[1]));
      System.out.printf(Locale.ROOT, "allocated policy meets every constraint in truth within the tolerance in %d "
          + "of %d seeds (worst true slack %+.4f of the limit); meets them and beats every baseline that meets them "
          + "in truth in %d of %d seeds%n", feasible, seeds, worstSlack, beats, seeds);
    } finally {
      spark.stop();
    }
  }

  private static void count(Map<String, int[]> coverage, String key, boolean covered) {
    int[] c = coverage.computeIfAbsent(key, k -> new int[2]);
    c[0] += covered ? 1 : 0;
    c[1]++;
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
