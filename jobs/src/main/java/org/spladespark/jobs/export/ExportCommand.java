package org.spladespark.jobs.export;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splade export}: the command line of {@link ExportIndexJob}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the index's document vectors for a search engine:",
      "anserini (JsonVectorCollection JSONL), opensearch (bulk NDJSON, rank_features) or",
      "elasticsearch (bulk NDJSON, sparse_vector), one file per partition, then _SUCCESS."
    })
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, description = "Index folder.")
  String index;

  @Option(
      names = "--format",
      required = true,
      description = "anserini, opensearch or elasticsearch.")
  String format;

  @Option(names = "--out", required = true, description = "Output folder (must not exist).")
  String out;

  @Option(
      names = "--model-id",
      description = "Model whose vectors to export (default: the active or only model).")
  String modelId;

  @Option(
      names = "--quantize",
      paramLabel = "N",
      defaultValue = "0",
      description = "Integer weights round(w * N) (Anserini impact indexes: 100); default floats.")
  int quantize;

  @Option(names = "--include-text", description = "Write each document's text (needs --corpus).")
  boolean includeText;

  @Option(names = "--corpus", description = "The corpus the index was encoded from.")
  String corpus;

  @Option(names = "--id-col", defaultValue = "_id", description = "Corpus id column (_id).")
  String idCol;

  @Option(names = "--text-col", defaultValue = "text", description = "Corpus text column (text).")
  String textCol;

  @Option(
      names = "--title-col",
      defaultValue = "title",
      description = "Corpus title column, joined to the text as encode does ('' = none).")
  String titleCol;

  @Option(names = "--gzip", description = "Gzip the data files (.gz).")
  boolean gzip;

  @Option(
      names = "--files",
      defaultValue = "0",
      description = "Number of data files (default: one per 200,000 documents).")
  int files;

  @Option(
      names = "--model",
      description = "Model folder: spells the tokens (default: the index's token_stats).")
  String model;

  @Option(
      names = "--queries",
      description = "Also write these queries (JSONL/TSV) as the engine's queries (needs --model).")
  String queries;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  /** Parses and validates a command line (without the {@code export} word). */
  public static ExportOptions parse(String... args) {
    ExportCommand c = new ExportCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade export", e.getMessage(), "see splade export --help for the options");
    }
    return c.toOptions();
  }

  /** The validated options of the parsed fields. */
  public ExportOptions toOptions() {
    if (includeText != (corpus != null)) {
      throw SpladeException.of(
          includeText ? "--include-text" : "--corpus",
          includeText ? "needs the corpus" : "is only read with --include-text",
          "pass --include-text and --corpus CORPUS together");
    }
    CorpusInput text =
        includeText ? new CorpusInput(corpus, InputFormat.AUTO, idCol, textCol, titleCol) : null;
    return new ExportOptions(
        index,
        ExportFormat.parse(format),
        out,
        modelId,
        quantize,
        text,
        gzip,
        files,
        new ExportOptions.QuerySide(model, queries == null ? null : QuerySource.file(queries)));
  }

  @Override
  public Integer call() {
    ExportOptions o = toOptions();
    try (CommandSession session = CommandSession.start("splade export", master, null)) {
      ExportReport r = ExportIndexJob.run(session.spark(), o, System.out);
      System.out.println(r.summary());
    }
    return 0;
  }
}
