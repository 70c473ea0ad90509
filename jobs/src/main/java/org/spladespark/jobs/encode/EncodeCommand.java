package org.spladespark.jobs.encode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.Precision;
import org.spladespark.jobs.spark.LocalSpark;
import org.spladespark.vector.Pruning;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splade encode}: the command line of {@link EncodeCorpusJob}. Parses into an immutable,
 * validated {@link EncodeCorpusOptions} ({@link #parse}); every invalid value is reported as a
 * {@link SpladeException} naming the option.
 *
 * <p>Run locally it starts {@code local[*]} (or {@code --master}) with Delta enabled and tables
 * under {@code --warehouse}; under spark-submit ({@code spark.master} set) it uses the cluster's
 * session.
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Encodes a corpus with an inference-free SPLADE model into the Delta tables doc_vectors,"
          + " postings and token_stats (and rejected_rows with --on-bad-rows=quarantine).",
      "A rerun for the same model replaces that model's rows in one transaction per table."
    })
public final class EncodeCommand implements Callable<Integer> {
  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "PATH|TABLE",
      description = "JSONL/CSV/Parquet file or folder, Delta path or catalog table, BEIR folder")
  String input;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto, jsonl, csv, parquet, delta, beir (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--id-col", defaultValue = "_id", description = "id column (default: _id)")
  String idCol;

  @Option(names = "--text-col", defaultValue = "text", description = "text column (default: text)")
  String textCol;

  @Option(
      names = "--title-col",
      defaultValue = "title",
      description =
          "title column, used when present: text = (title + ' ' + text).strip() as in BEIR;"
              + " '' to ignore titles (default: title)")
  String titleCol;

  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "DIR|HUB_ID",
      description = "SparseEncoder folder (or hub id)")
  String model;

  @Option(
      names = "--graph",
      paramLabel = "FILE",
      description = "pooled document graph (.onnx with a [batch, vocab] output)")
  Path graph;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default: cpu)")
  String device;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description =
          "Graph numerics: fp32 (default) or fp16 (for GPUs: half the memory; weights within"
              + " ~1e-2 of fp32, and a model id of its own).")
  String precision;

  @Option(
      names = "--max-batch-tokens",
      description = "token budget of one ONNX batch (default: 512 on cpu, 32768 on cuda)")
  Integer maxBatchTokens;

  @Option(
      names = "--max-batch-size",
      description = "documents in one ONNX batch (default: 8 on cpu, 128 on cuda)")
  Integer maxBatchSize;

  @Option(
      names = "--pruning",
      defaultValue = "none",
      description = "none or top_k=N,max_ratio=R,threshold=T (default: none)")
  String pruning;

  @Option(
      names = {"-o", "--output", "--index"},
      paramLabel = "DIR",
      description =
          "folder of the Delta tables, the index that search reads with --index (default: the"
              + " warehouse folder)")
  String output;

  @Option(
      names = "--warehouse",
      defaultValue = "./splade-warehouse",
      description = "local Spark warehouse folder (default: ${DEFAULT-VALUE})")
  String warehouse;

  @Option(
      names = "--master",
      description = "Spark master (default: local[*], or the cluster's under spark-submit)")
  String master;

  @Option(
      names = "--on-bad-rows",
      defaultValue = "fail",
      description = "fail (stop, naming the rows) or quarantine (write them to rejected_rows)")
  String onBadRows;

  @Option(
      names = "--max-doc-wordpieces",
      defaultValue = "0",
      description =
          "a longer document is a bad row (0 = 8 x max_seq_length); shorter ones above"
              + " max_seq_length are truncated like the reference")
  int maxDocWordpieces;

  @Option(names = "--chunk-size", defaultValue = "256", description = "documents per encode call")
  int chunkSize;

  @Option(names = "--partitions", defaultValue = "0", description = "encode tasks (0 = auto)")
  int partitions;

  @Option(
      names = "--postings-file-rows",
      defaultValue = "4000000",
      description = "postings per file of the postings table (default: ${DEFAULT-VALUE})")
  long postingsFileRows;

  @Option(
      names = "--progress-seconds",
      defaultValue = "5",
      description = "seconds between progress lines, 0 = none (default: ${DEFAULT-VALUE})")
  int progressSeconds;

  @Option(
      names = "--encoded-at",
      paramLabel = "INSTANT",
      description = "encoded_at of every row, e.g. 2025-01-31T12:00:00Z (default: run start)")
  String encodedAt;

  /** Parses and validates a command line (without the {@code encode} word). */
  public static EncodeCorpusOptions parse(String... args) {
    EncodeCommand c = new EncodeCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade encode", e.getMessage(), "see splade encode --help for the options");
    }
    return c.toOptions();
  }

  /** The validated options of the parsed fields. */
  public EncodeCorpusOptions toOptions() {
    InputFormat fmt = option("--format", () -> InputFormat.parse(format));
    CorpusInput in =
        option(
            "--input/--id-col/--text-col",
            () -> new CorpusInput(localInput(input), fmt, idCol, textCol, titleCol));
    EncoderOptions.Device dev =
        option(
            "--device",
            () ->
                switch (device.trim().toLowerCase(java.util.Locale.ROOT)) {
                  case "cpu" -> EncoderOptions.Device.CPU;
                  case "cuda", "gpu" -> EncoderOptions.Device.CUDA;
                  default ->
                      throw new IllegalArgumentException(
                          "unknown device '" + device + "' (expected cpu or cuda)");
                });
    Pruning p = option("--pruning", () -> Pruning.parse(pruning));
    EncoderSpec spec =
        option(
            "--model",
            () ->
                dev == EncoderOptions.Device.CUDA
                    ? EncoderSpec.cuda(model)
                    : EncoderSpec.cpu(model));
    EncoderSpec batched =
        option(
            "--max-batch-tokens/--max-batch-size",
            () ->
                spec.withBatching(
                    maxBatchTokens != null ? maxBatchTokens : spec.maxBatchTokens(),
                    maxBatchSize != null ? maxBatchSize : spec.maxBatchSize()));
    Precision numerics = option("--precision", () -> parsePrecision(precision));
    EncoderSpec full = batched.withPruning(p).withPooledGraph(graph).withPrecision(numerics);
    BadRowPolicy policy = option("--on-bad-rows", () -> BadRowPolicy.parse(onBadRows));
    Tuning tuning =
        option(
            "tuning", () -> new Tuning(chunkSize, partitions, postingsFileRows, progressSeconds));
    Instant at = encodedAt == null ? null : option("--encoded-at", () -> parseInstant(encodedAt));
    String tables = output != null ? output : localFolder(warehouse);
    return option(
        "--max-doc-wordpieces",
        () -> new EncodeCorpusOptions(in, full, tables, policy, maxDocWordpieces, tuning, at));
  }

  /** {@code fp32} or {@code fp16} (any case). */
  public static Precision parsePrecision(String name) {
    return switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "fp32", "float32" -> Precision.FP32;
      case "fp16", "float16" -> Precision.FP16;
      default ->
          throw new IllegalArgumentException(
              "unknown precision '" + name + "' (expected fp32 or fp16)");
    };
  }

  /** The {@code --master} option; null = local[*], or the cluster's under spark-submit. */
  public String master() {
    return master;
  }

  /** The {@code --warehouse} option, a local folder made absolute. */
  public String warehouse() {
    return localFolder(warehouse);
  }

  @Override
  public Integer call() {
    PrintStream err = System.err;
    EncodeCorpusOptions options;
    try {
      options = toOptions();
    } catch (SpladeException e) {
      err.println("splade encode: " + e.getMessage());
      return 2;
    }
    boolean underSubmit = master == null && System.getProperty("spark.master") != null;
    SparkSession spark =
        LocalSpark.getOrCreate(
            "splade encode",
            underSubmit ? null : (master != null ? master : "local[*]"),
            underSubmit ? null : localFolder(warehouse));
    if (!underSubmit) {
      spark.sparkContext().setLogLevel("WARN");
    }
    try {
      EncodeCorpusJob.run(spark, options, System.out);
      return 0;
    } catch (SpladeException e) {
      err.println("splade encode: " + e.getMessage());
      return 1;
    } finally {
      if (!underSubmit) {
        spark.stop();
      }
    }
  }

  private static Instant parseInstant(String s) {
    try {
      return Instant.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + s + "' is not an ISO-8601 instant such as 2025-01-31T12:00:00Z", e);
    }
  }

  /**
   * An existing local file or folder made absolute (it names the input in {@code rejected_rows});
   * table names and URIs are kept as they are.
   */
  private static String localInput(String location) {
    if (location == null || location.contains("://") || location.isBlank()) {
      return location;
    }
    try {
      Path p = Path.of(location);
      return java.nio.file.Files.exists(p) ? p.toAbsolutePath().normalize().toString() : location;
    } catch (java.nio.file.InvalidPathException e) {
      return location;
    }
  }

  /** A local folder made absolute; URIs of other file systems are kept as they are. */
  private static String localFolder(String folder) {
    if (folder.contains("://")) {
      return folder;
    }
    return Path.of(folder).toAbsolutePath().normalize().toString();
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
