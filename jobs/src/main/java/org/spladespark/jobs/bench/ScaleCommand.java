package org.spladespark.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splade bench scale}: the whole pipeline on generated corpora of growing size. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Generates deterministic corpora of the given sizes from real text and runs, per size,"
          + " encode -> index -> stats -> search (all queries, top 100) -> verify in process.",
      "Writes OUT/scale.json (seconds, docs/s, driver heap, tasks per phase; rows, bytes and files"
          + " per table) and OUT/scale.png (seconds per phase against N, log-log)."
    })
public final class ScaleCommand implements Callable<Integer> {
  @Option(
      names = "--docs",
      split = ",",
      defaultValue = "10000,100000,1000000",
      description = "Corpus sizes, ascending (default: ${DEFAULT-VALUE}).")
  List<Long> docs;

  @Option(
      names = "--queries",
      defaultValue = "10000",
      description = "Generated queries searched at every size (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--model", required = true, description = "Model folder or hub id.")
  String model;

  @Option(
      names = "--out",
      required = true,
      description = "The benchmark's folder: corpora, indexes n<size>/, scale.json, scale.png.")
  Path out;

  @Option(
      names = "--source",
      defaultValue = "fixtures/sample/sample_docs.jsonl",
      description =
          "Text collection whose sentences the passages are built from: JSONL (_id, title, text)"
              + " or a BEIR folder (default: ${DEFAULT-VALUE}).")
  Path source;

  @Option(
      names = "--seed",
      defaultValue = "" + ScaleOptions.DEFAULT_SEED,
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-corpus", description = "Keep the generated corpus-<size>.jsonl files.")
  boolean keepCorpus;

  @Option(
      names = "--master",
      description = "Spark master (default: local[*], or the cluster's under spark-submit)")
  String master;

  /** The validated options. */
  public ScaleOptions options() {
    String line =
        String.format(
            Locale.ROOT,
            "bin/splade bench scale --docs %s --queries %d --model %s --out %s --source %s"
                + " --seed %d",
            String.join(",", docs.stream().map(String::valueOf).toList()),
            queries,
            model,
            out,
            source,
            seed);
    return new ScaleOptions(docs, queries, model, out, source, seed, keepCorpus, line);
  }

  @Override
  public Integer call() {
    ScaleOptions o = options();
    try (CommandSession session = CommandSession.start("splade bench scale", master, null)) {
      ScaleBench.run(session.spark(), o, System.out);
    }
    return 0;
  }
}
