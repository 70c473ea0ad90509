package org.spladespark.jobs.reencode;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.spladespark.jobs.encode.EncodeCommand;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade reencode}: the command line of {@link ReencodeJob}. Takes every option of {@code
 * splade encode} (input, model, tables folder, bad rows, tuning) plus its own; parses into an
 * immutable, validated {@link ReencodeOptions} ({@link #parse}).
 */
@Command(
    resourceBundle = "org.spladespark.jobs.encode.EncodeCommandHelp",
    name = "reencode",
    sortOptions = false,
    description = {
      "Brings an index up to date with its corpus and model: encodes only new and changed"
          + " documents, deletes vectors of documents gone from the corpus, updates postings and"
          + " token_stats incrementally, and makes the model the active one.",
      "Run with another model to switch models: its vectors are written beside the current ones"
          + " and the active model flips in one commit (splade models rollback undoes it).",
      "Options of splade encode apply; in addition:"
    })
public final class ReencodeCommand implements Callable<Integer>, OptionsCommand<ReencodeOptions> {
  @Spec CommandSpec spec;

  @Mixin EncodeCommand encode = new EncodeCommand();

  @Option(
      names = "--delete-missing",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true")
  boolean deleteMissing;

  @Option(
      names = "--max-delete-fraction",
      defaultValue = "" + ReencodeOptions.DEFAULT_MAX_DELETE_FRACTION)
  double maxDeleteFraction;

  @Option(names = "--activate", negatable = true, fallbackValue = "true")
  Boolean activate;

  @Option(
      names = "--conflict-retries",
      defaultValue = "" + ReencodeOptions.DEFAULT_CONFLICT_RETRIES)
  int conflictRetries;

  @Option(names = "--retry-backoff-ms", defaultValue = "2000")
  long retryBackoffMs;

  /** The validated options of the parsed fields. */
  @Override
  public ReencodeOptions toOptions() {
    return new ReencodeOptions(
        encode.toOptions(),
        deleteMissing,
        maxDeleteFraction,
        activate,
        conflictRetries,
        Duration.ofMillis(retryBackoffMs));
  }

  @Override
  public Integer call() {
    ReencodeOptions options =
        Commands.validated(spec, this::toOptions, o -> encode.preflight(o.encode()));
    try (CommandSession session = encode.session("splade reencode")) {
      ReencodeJob.run(session.spark(), options, System.out);
    }
    return 0;
  }
}
