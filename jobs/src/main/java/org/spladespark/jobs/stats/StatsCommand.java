package org.spladespark.jobs.stats;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.CorpusOptions;
import org.spladespark.jobs.cli.options.IndexSession;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splade stats}: the command line of {@link SparsityStatsJob}. Parses into an immutable,
 * validated {@link SparsityStatsOptions} ({@link #parse}).
 */
@Command(resourceBundle = "org.spladespark.jobs.stats.StatsCommandHelp", name = "stats")
public final class StatsCommand implements Callable<Integer>, OptionsCommand<SparsityStatsOptions> {
  @Mixin IndexSession session = new IndexSession();

  @Option(names = "--doc-vectors")
  String docVectors;

  @Mixin OutOption out = new OutOption();

  @Option(names = "--corpus", paramLabel = "PATH|TABLE")
  String corpus;

  @Mixin CorpusOptions corpusOptions = new CorpusOptions();

  @Option(names = "--group-by")
  String groupBy;

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--model-id")
  String modelId;

  @Option(names = "--compare-model-id")
  String compareModelId;

  @Option(names = "--compare-index")
  String compareIndex;

  @Option(names = "--top-tokens", defaultValue = "" + SparsityStatsOptions.DEFAULT_TOP_TOKENS)
  int topTokens;

  @Option(names = "--hist-width", defaultValue = "" + SparsityStatsOptions.DEFAULT_HIST_WIDTH)
  int histWidth;

  @Mixin PruningGridOptions grid = new PruningGridOptions();

  @Option(names = "--drift-top-k", defaultValue = "" + SparsityStatsOptions.DEFAULT_DRIFT_TOP_K)
  int driftTopK;

  /** The validated options of the parsed fields. */
  @Override
  public SparsityStatsOptions toOptions() {
    String m = model.orNull();
    return new SparsityStatsOptions(
        session.folder(),
        Locations.path(docVectors),
        out.location(),
        corpus == null ? null : corpusOptions.input("--corpus", corpus),
        groupBy,
        m == null ? null : Path.of(m),
        modelId,
        compareModelId,
        Locations.path(compareIndex),
        topTokens,
        histWidth,
        grid.grid(),
        driftTopK);
  }

  @Override
  public Integer call() {
    return session.run(
        "stats",
        this::toOptions,
        o -> {
          if (o.corpus() != null) {
            Preflight.input("--corpus", o.corpus());
          }
        },
        (spark, o, out) ->
            out.println("stats tables written under " + SparsityStatsJob.run(spark, o)));
  }
}
