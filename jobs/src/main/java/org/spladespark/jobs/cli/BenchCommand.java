package org.spladespark.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.GraphSource;
import org.spladespark.graph.Precision;
import org.spladespark.graph.SyntheticModel;
import org.spladespark.jobs.bench.ScaleCommand;
import org.spladespark.jobs.cli.options.BatchOptions;
import org.spladespark.jobs.cli.options.DeviceOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.PrecisionOption;
import org.spladespark.jobs.eval.BeirDataset;
import org.spladespark.jobs.search.SearchBenchCommand;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.model.ModelBundle;
import org.spladespark.vector.SparseVector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade bench encode}: document-encoding throughput of the pipeline's encoder against the
 * engine's limit on this machine. Both run the same compiled graph on the same length-sorted
 * batches; the engine figure counts only {@code OrtSession.run} (inputs prepared beforehand, output
 * left in ORT), the pipeline figure everything a Spark task does per document: tokenization,
 * batching, padding, the session, and turning the dense [batch, vocab] output into sparse vectors.
 * Prints figures; asserts nothing.
 */
@Command(
    resourceBundle = "org.spladespark.jobs.cli.BenchCommandHelp",
    name = "bench",
    subcommands = {SearchBenchCommand.class, ScaleCommand.class})
public final class BenchCommand implements Callable<Integer> {

  /** What to benchmark. */
  enum Target {
    encode,
    query
  }

  @picocli.CommandLine.Parameters(
      index = "0",
      arity = "0..1",
      description = "What to benchmark: encode, query (search and scale are subcommands).")
  Target target;

  @Spec CommandSpec spec;

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--synthetic-base")
  boolean syntheticBase;

  @Option(names = "--tokenizer-from", defaultValue = "fixtures/oracle/tiny-inference-free-splade")
  Path tokenizerFrom;

  @Option(names = "--corpus")
  Path corpus;

  @Option(names = "--queries", defaultValue = "fixtures/sample/sample_queries.jsonl")
  Path queries;

  /** query: the folder for bench-query.json. */
  @Mixin OutOption out = new OutOption();

  @Option(names = "--limit", defaultValue = "200")
  int limit;

  @Mixin DeviceOption device = new DeviceOption();

  /** encode: the graph numerics. */
  @Mixin PrecisionOption precision = new PrecisionOption();

  @Option(names = "--threads", defaultValue = "0")
  int threads;

  @Mixin BatchOptions batch = new BatchOptions();

  @Override
  public Integer call() throws Exception {
    if (target == null) {
      throw SpladeException.of(
          "bench", "needs a target: encode, query, search or scale", "see bin/splade bench --help");
    }
    if (target == Target.query) {
      return benchQuery();
    }
    List<String> texts =
        Commands.validated(
            spec,
            () -> {
              if (corpus == null) {
                throw SpladeException.of(
                    "bench encode", "needs --corpus", "pass a BEIR folder or JSONL");
              }
              if (limit < 1) {
                throw SpladeException.of(
                    "--limit", "is " + limit, "pass a positive number of documents");
              }
              if (syntheticBase == (model.orNull() != null)) {
                throw SpladeException.of(
                    "bench encode",
                    "needs exactly one of --model and --synthetic-base",
                    "pass one");
              }
              device.checked(null);
              return readTexts();
            });
    ModelBundle bundle = loadModel();
    EncoderOptions opts = device.encoderOptions().withThreads(threads);
    opts = opts.withBatching(batch.tokens(opts.maxBatchTokens()), batch.size(opts.maxBatchSize()));
    Precision numerics = precision.precision();
    try (DocumentEncoder enc = DocumentEncoder.create(bundle, opts, GraphSource.AUTO, numerics)) {
      enc.encode(texts.subList(0, Math.min(4, texts.size()))); // warm-up: allocations, kernels

      long t0 = System.nanoTime();
      long[][] ids = enc.tokenizer().ids(texts);
      double tokenizeSecs = (System.nanoTime() - t0) / 1e9;
      long tokens = 0;
      for (long[] row : ids) {
        tokens += row.length;
      }
      double engineSecs = EngineTiming.sessionSeconds(enc, ids);

      t0 = System.nanoTime();
      List<SparseVector> vectors = enc.encode(texts);
      double pipelineSecs = (System.nanoTime() - t0) / 1e9;
      double activeDims = vectors.stream().mapToInt(SparseVector::size).average().orElse(0);

      int n = texts.size();
      System.out.printf(
          Locale.ROOT,
          "bench encode: model=%s device=%s precision=%s threads=%s batch<=%d tokens/%d docs%n",
          syntheticBase ? "synthetic distilbert-base" : model.orNull(),
          opts.device(),
          numerics,
          threads == 0 ? "all" : threads,
          opts.maxBatchTokens(),
          opts.maxBatchSize());
      System.out.printf(
          Locale.ROOT,
          "  corpus: %d docs, %d tokens (%.1f per doc), mean active dims %.1f%n",
          n,
          tokens,
          tokens / (double) n,
          activeDims);
      System.out.printf(
          Locale.ROOT,
          "  engine  (OrtSession.run only): %8.2f docs/s %10.1f tokens/s (%.2f s)%n",
          n / engineSecs,
          tokens / engineSecs,
          engineSecs);
      System.out.printf(
          Locale.ROOT,
          "  pipeline (tokenize..sparse)  : %8.2f docs/s %10.1f tokens/s (%.2f s; tokenize"
              + " %.2f s)%n",
          n / pipelineSecs,
          tokens / pipelineSecs,
          pipelineSecs,
          tokenizeSecs);
      System.out.printf(
          Locale.ROOT, "  pipeline / engine throughput: %.3f%n", engineSecs / pipelineSecs);
    }
    return 0;
  }

  private int benchQuery() throws Exception {
    String m = Commands.validated(spec, model::required);
    List<String> texts =
        Commands.validated(spec, () -> new ArrayList<>(BeirDataset.readQueries(queries).values()));
    Map<String, Object> json =
        QueryBench.run(Models.resolve(m), m, texts, Math.max(1, threads), System.out);
    Path dir = out.orNull();
    if (dir != null) {
      QueryBench.write(json, dir);
      System.out.println("  wrote " + dir.resolve("bench-query.json"));
    }
    return 0;
  }

  private List<String> readTexts() {
    List<String> all = new ArrayList<>(BeirDataset.readCorpus(corpus).values());
    return all.subList(0, Math.min(limit, all.size()));
  }

  private ModelBundle loadModel() throws Exception {
    if (!syntheticBase) {
      return Models.resolve(model.orNull());
    }
    Path dir = Files.createTempDirectory("splade-synthetic-base");
    SyntheticModel.write(dir, tokenizerFrom, SyntheticModel.Shape.DISTILBERT_BASE, 42L);
    return ModelBundle.load(dir);
  }
}
