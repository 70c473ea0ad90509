package org.spladespark.jobs.encode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.Precision;
import org.spladespark.jobs.cli.options.BatchOptions;
import org.spladespark.jobs.cli.options.CorpusOptions;
import org.spladespark.jobs.cli.options.DeviceOption;
import org.spladespark.jobs.cli.options.GraphOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.PrecisionOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.OptionsCommand;
import org.spladespark.vector.Pruning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade encode}: the command line of {@link EncodeCorpusJob}. Parses into an immutable,
 * validated {@link EncodeCorpusOptions} ({@link #parse}); every invalid value is reported as a
 * {@link SpladeException} naming the option. Before the job reads the corpus, {@link #preflight}
 * checks the device, the input and the output folder on the driver.
 *
 * <p>Run locally it starts {@code local[*]} (or {@code --master}) with Delta enabled and tables
 * under {@code --warehouse}; under spark-submit ({@code spark.master} set) it uses the cluster's
 * session.
 */
@Command(
    resourceBundle = "org.spladespark.jobs.encode.EncodeCommandHelp",
    name = "encode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Encodes a corpus with an inference-free SPLADE model into the Delta tables doc_vectors,"
          + " postings and token_stats (and rejected_rows with --on-bad-rows=quarantine).",
      "A rerun for the same model replaces that model's rows in one transaction per table."
    })
public final class EncodeCommand implements Callable<Integer>, OptionsCommand<EncodeCorpusOptions> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "PATH|TABLE")
  String input;

  @Mixin CorpusOptions corpus = new CorpusOptions();

  @Mixin ModelOption model = new ModelOption();

  @Mixin GraphOption graph = new GraphOption();

  @Mixin DeviceOption device = new DeviceOption();

  @Mixin PrecisionOption precision = new PrecisionOption();

  @Mixin BatchOptions batch = new BatchOptions();

  @Option(names = "--pruning", defaultValue = "none")
  String pruning;

  @Option(
      names = {"-o", "--output", "--index"},
      paramLabel = "DIR")
  String output;

  @Option(names = "--warehouse", defaultValue = "./splade-warehouse")
  String warehouse;

  @Mixin MasterOption master = new MasterOption();

  @Option(names = "--on-bad-rows", defaultValue = "fail")
  String onBadRows;

  @Option(names = "--max-doc-wordpieces", defaultValue = "0")
  int maxDocWordpieces;

  @Option(names = "--chunk-size", defaultValue = "256")
  int chunkSize;

  @Option(names = "--partitions", defaultValue = "0")
  int partitions;

  @Option(names = "--postings-file-rows", defaultValue = "4000000")
  long postingsFileRows;

  @Option(names = "--progress-seconds", defaultValue = "5")
  int progressSeconds;

  @Option(names = "--encoded-at", paramLabel = "INSTANT")
  String encodedAt;

  /** The validated options of the parsed fields. */
  @Override
  public EncodeCorpusOptions toOptions() {
    CorpusInput in = corpus.input("--input", input);
    EncoderOptions.Device dev = device.device();
    Pruning p = option("--pruning", () -> Pruning.parse(pruning));
    String m = model.required();
    EncoderSpec spec =
        option(
            "--model",
            () -> dev == EncoderOptions.Device.CUDA ? EncoderSpec.cuda(m) : EncoderSpec.cpu(m));
    EncoderSpec batched =
        option(
            "--max-batch-tokens/--max-batch-size",
            () ->
                spec.withBatching(
                    batch.tokens(spec.maxBatchTokens()), batch.size(spec.maxBatchSize())));
    Precision numerics = precision.precision();
    EncoderSpec full =
        batched.withPruning(p).withPooledGraph(graph.orNull()).withPrecision(numerics);
    BadRowPolicy policy =
        option("--on-bad-rows", () -> EnumNames.parse(BadRowPolicy.class, "policy", onBadRows));
    Tuning tuning =
        option(
            "tuning", () -> new Tuning(chunkSize, partitions, postingsFileRows, progressSeconds));
    Instant at = encodedAt == null ? null : option("--encoded-at", () -> parseInstant(encodedAt));
    String tables = Locations.path(output != null ? output : warehouse);
    return option(
        "--max-doc-wordpieces",
        () -> new EncodeCorpusOptions(in, full, tables, policy, maxDocWordpieces, tuning, at));
  }

  /**
   * The checks made on the driver before the corpus is read: the device can run here, a local input
   * exists, the tables folder is writable and not inside the input ({@link Preflight}).
   */
  public void preflight(EncodeCorpusOptions o) {
    device.checked(master.master());
    Preflight.input("--input", o.input());
    Preflight.output("--output", o.tables(), o.input().location());
  }

  /** The Spark session of a run: {@code --master}, tables under {@code --warehouse}. */
  public CommandSession session(String appName) {
    return master.session(appName, Locations.path(warehouse));
  }

  @Override
  public Integer call() {
    EncodeCorpusOptions options = Commands.validated(spec, this::toOptions, this::preflight);
    try (CommandSession session = session("splade encode")) {
      EncodeCorpusJob.run(session.spark(), options, System.out);
    }
    return 0;
  }

  private static Instant parseInstant(String s) {
    try {
      return Instant.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + s + "' is not an ISO-8601 instant such as 2025-01-31T12:00:00Z", e);
    }
  }

  private interface Check<T> {
    T get();
  }

  private static <T> T option(String name, Check<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          name, e.getMessage(), "correct the option; see splade encode --help", e);
    }
  }
}
