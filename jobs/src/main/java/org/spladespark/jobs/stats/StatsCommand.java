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

  @Option(names = "--top-tokens", defaultValue = "50")
  int topTokens;

  @Option(names = "--hist-width", defaultValue = "16")
  int histWidth;

  @Mixin PruningGridOptions grid = new PruningGridOptions();

  @Option(names = "--drift-top-k", defaultValue = "10")
  int driftTopK;

  /** The validated options of the parsed fields. */
  @Override
  public SparsityStatsOptions toOptions() {
    String m = model.orNull();
    return SparsityStatsOptions.builder()
        .index(session.folder())
        .docVectors(Locations.path(docVectors))
        .out(out.location())
        .corpus(corpus == null ? null : corpusOptions.input("--corpus", corpus))
        .groupBy(groupBy)
        .model(m == null ? null : Path.of(m))
        .modelId(modelId)
        .compareModelId(compareModelId)
        .compareIndex(Locations.path(compareIndex))
        .topTokens(topTokens)
        .histWidth(histWidth)
        .grid(grid.grid())
        .driftTopK(driftTopK)
        .build();
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
