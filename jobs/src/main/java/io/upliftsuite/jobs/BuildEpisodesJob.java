package io.upliftsuite.jobs;

import io.upliftsuite.episodes.BuildEpisodes;
import io.upliftsuite.episodes.EpisodeColumns;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "build-episodes", mixinStandardHelpOptions = true,
    description = "Turn the raw interaction logs into daily decision-point episodes (table 'episodes', partitioned "
        + "by decision_day) and record exclusion counts by reason (table 'episode_exclusions'). Settings: config "
        + "section 'episodes' (see docs/episodes.md).")
public final class BuildEpisodesJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(BuildEpisodesJob.class);

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    try (JobRun run = job.start("build-episodes")) {
      BuildEpisodes.Result r = BuildEpisodes.on(run.spark())
          .logs(RawLogs.read(run.spark(), run.tables()))
          .options(EpisodeOptions.fromConfig(run.config().section("episodes")))
          .episodesTable(run.tables().location(EpisodeColumns.TABLE))
          .exclusionsTable(run.tables().location(EpisodeColumns.EXCLUSIONS_TABLE))
          .context(run.context())
          .execute();
      LOG.info("build-episodes: {} episodes from {} items in scope (data end {}); excluded {}; in {} s",
          r.episodes(), r.itemsInScope(), r.dataEnd(), r.exclusions(), String.format("%.1f", run.elapsedSeconds()));
    }
    return 0;
  }
}
