package org.spladespark.jobs.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code splade bench scale}: the whole pipeline on generated corpora of growing size. */
@Command(resourceBundle = "org.spladespark.jobs.bench.ScaleCommandHelp", name = "scale")
public final class ScaleCommand implements Callable<Integer> {
  /** The bundled sample, relative to the installation ({@code bin/splade} sets splade.home). */
  static final String SAMPLE = "fixtures/sample/sample_docs.jsonl";

  @Spec CommandSpec spec;

  @Option(names = "--docs", split = ",", defaultValue = "10000,100000,1000000")
  List<Long> docs;

  @Option(names = "--queries", defaultValue = "10000")
  int queries;

  @Mixin ModelOption model = new ModelOption();

  /** The benchmark's folder: corpora, indexes n<size>/, scale.json, scale.png. */
  @Mixin OutOption out = new OutOption();

  @Option(
      names = "--source",
      description =
          "Text collection whose sentences the passages are built from: JSONL (_id, title, text)"
              + " or a BEIR folder (default: the bundled sample, "
              + SAMPLE
              + " of the installation).")
  Path source;

  @Option(names = "--seed", defaultValue = "" + ScaleOptions.DEFAULT_SEED)
  long seed;

  @Option(names = "--keep-corpus")
  boolean keepCorpus;

  @Mixin MasterOption master = new MasterOption();

  /** The validated options. */
  public ScaleOptions options() {
    String model = this.model.required();
    Path out = this.out.required();
    Path source =
        this.source != null
            ? Locations.path(this.source)
            : Path.of(System.getProperty("splade.home", ".")).resolve(SAMPLE).toAbsolutePath();
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
    ScaleOptions o = Commands.validated(spec, this::options);
    try (CommandSession session = master.session("splade bench scale")) {
      ScaleBench.run(session.spark(), o, System.out);
    }
    return 0;
  }
}
