package org.spladespark.jobs.stats;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splade stats}: the command line of {@link SparsityStatsJob}. Parses into an immutable,
 * validated {@link SparsityStatsOptions} ({@link #parse}).
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Sparsity analytics of an index (active dims, tokens, pruning, expansion, drift).")
public final class StatsCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, description = "Index folder holding doc_vectors.")
  String index;

  @Option(
      names = "--doc-vectors",
      description = "doc_vectors Delta path (default <index>/doc_vectors).")
  String docVectors;

  @Option(
      names = "--out",
      description = "Output folder of the stats tables (default <index>/stats).")
  String out;

  @Option(
      names = "--corpus",
      description = "Corpus table joined by doc id (for --group-by, expansion).")
  String corpus;

  @Option(
      names = "--corpus-format",
      defaultValue = "delta",
      description = "delta, parquet or json.")
  String corpusFormat;

  @Option(
      names = "--corpus-id-column",
      defaultValue = "doc_id",
      description = "Id column of the corpus.")
  String corpusIdColumn;

  @Option(
      names = "--group-by",
      description = "Corpus column whose values are slices (e.g. source).")
  String groupBy;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      description = "Text column of the corpus.")
  String textColumn;

  @Option(
      names = "--model",
      description = "Model folder: token strings and tokenizer for expansion.")
  Path model;

  @Option(names = "--model-id", description = "Only this model's vectors (default: every model).")
  String modelId;

  @Option(names = "--compare-model-id", description = "Drift: compare --model-id against this one.")
  String compareModelId;

  @Option(names = "--compare-index", description = "Drift: the other model's index folder.")
  String compareIndex;

  @Option(names = "--top-tokens", defaultValue = "50", description = "Rows of top_tokens per list.")
  int topTokens;

  @Option(
      names = "--hist-width",
      defaultValue = "16",
      description = "Active-dims histogram bucket width.")
  int histWidth;

  @Option(
      names = "--top-k-grid",
      defaultValue = "8,16,32,64,128,256",
      description = "Pruning curve top-k values.")
  String topKGrid;

  @Option(
      names = "--max-ratio-grid",
      defaultValue = "0.01,0.05,0.1,0.2,0.3,0.5",
      description = "Pruning curve max_ratio values.")
  String maxRatioGrid;

  @Option(
      names = "--drift-top-k",
      defaultValue = "10",
      description = "k of the per-document top-k overlap.")
  int driftTopK;

  @Option(names = "--master", description = "Spark master for a local run, e.g. local[*].")
  String master;

  /** Parses and validates a command line (without the {@code stats} word). */
  public static SparsityStatsOptions parse(String... args) {
    StatsCommand c = new StatsCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade stats", e.getMessage(), "see splade stats --help for the options");
    }
    return c.toOptions();
  }

  /** The validated options of the parsed fields. */
  public SparsityStatsOptions toOptions() {
    PruningGrid grid;
    try {
      grid = PruningGrid.parse(topKGrid, maxRatioGrid);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw SpladeException.of(
          "--top-k-grid/--max-ratio-grid",
          "'" + topKGrid + "'/'" + maxRatioGrid + "' is not a grid: " + e.getMessage(),
          "pass comma-separated positive numbers, e.g. 8,16,32 and 0.1,0.2",
          e);
    }
    return SparsityStatsOptions.builder()
        .index(index)
        .docVectors(docVectors)
        .out(out)
        .corpus(corpus)
        .corpusFormat(corpusFormat)
        .corpusIdColumn(corpusIdColumn)
        .groupBy(groupBy)
        .textColumn(textColumn)
        .model(model)
        .modelId(modelId)
        .compareModelId(compareModelId)
        .compareIndex(compareIndex)
        .topTokens(topTokens)
        .histWidth(histWidth)
        .grid(grid)
        .driftTopK(driftTopK)
        .build();
  }

  @Override
  public Integer call() {
    return Commands.run(
        "stats",
        System.err,
        () -> {
          SparsityStatsOptions o = toOptions();
          try (CommandSession session = CommandSession.start("splade stats", master, null)) {
            String dir = SparsityStatsJob.run(session.spark(), o);
            System.out.println("stats tables written under " + dir);
          }
          return 0;
        });
  }
}
