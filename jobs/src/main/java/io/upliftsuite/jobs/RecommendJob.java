package io.upliftsuite.jobs;

import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.experiment.ExperimentAssignment;
import io.upliftsuite.recommend.Recommend;
import io.upliftsuite.recommend.RecommendOptions;
import io.upliftsuite.recommend.Recommendations;
import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.spark.TableIO;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = "Daily recommendations: the decision points that open at 9 AM (business time zone) of the run date "
        + "for the approved decision day(s), scored by the approved model, the policy applied (CATE above "
        + "recommend.threshold, optional recommend.daily-capacity), experiment arms assigned "
        + "(recommend.experiments). Replaces the run date's rows of table 'recommendations'.")
public final class RecommendJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RecommendJob.class);

  @Mixin JobOptions job;

  @Option(names = "--until", paramLabel = "YYYY-MM-DD",
      description = "Also every later run date up to this one (a backfill, e.g. an experiment window on past data); "
          + "each date's rows are what a run on that date alone writes.")
  LocalDate until;

  @Override
  public Integer call() {
    try (JobRun run = job.start("recommend")) {
      LocalDate from = run.context().runDate();
      // config first: a bad experiment fails before anything is read
      RecommendOptions options = RecommendOptions.fromConfig(run.config().section("recommend"));
      EpisodeOptions episodes = EpisodeOptions.fromConfig(run.config().section("episodes"));
      Recommend.Result r = Recommend.on(run.spark())
          .logs(RawLogs.read(run.spark(), run.tables()))
          .episodeOptions(episodes)
          .registry(ModelRegistry.at(run.spark(), run.tables().location(ModelRegistry.TABLE)))
          .options(options)
          .rosters(name -> TableIO.read(run.spark(), run.tables().location(name), ExperimentAssignment.ROSTER_SCHEMA))
          .dates(from, until != null ? until : from)
          .table(run.tables().location(Recommendations.TABLE))
          .evaluations(run.tables().location("evaluations"))
          .context(run.context())
          .execute();
      LOG.info("recommend: {} .. {}: {} decision points ({} contact, {} delivered) with models {}; experiments {}; "
              + "{} s", r.from(), r.to(), r.rows(), r.contact(), r.delivered(), r.approvedByDay(), r.byArm(),
          String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
    }
    return 0;
  }
}
