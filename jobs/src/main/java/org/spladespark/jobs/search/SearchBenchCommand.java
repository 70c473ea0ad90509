package org.spladespark.jobs.search;

import java.util.List;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.IndexOption;
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

/**
 * {@code splade bench search}: the command line of {@link SearchBench}. Needs Lucene on the
 * classpath: {@code bin/splade} has it; the spark-submit jar does not bundle it.
 */
@Command(resourceBundle = "org.spladespark.jobs.search.SearchBenchCommandHelp", name = "search")
public final class SearchBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Option(names = "--docs", paramLabel = "N")
  Long docs;

  @Option(names = "--queries", paramLabel = "FILE")
  String queries;

  @Option(names = "--num-queries", paramLabel = "N")
  Integer numQueries;

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--k", split = ",", paramLabel = "K")
  List<Integer> ks = List.of(10, 100);

  @Option(names = "--seed")
  long seed = 42;

  @Mixin OutOption out = new OutOption();

  @Mixin MasterOption master = new MasterOption();

  @Override
  public Integer call() throws Exception {
    SearchBench.Options o = Commands.validated(spec, this::options);
    try (CommandSession session = master.session("splade bench search")) {
      SearchBench.run(session.spark(), o, System.out);
    }
    return 0;
  }

  /** The validated options. */
  SearchBench.Options options() {
    String folder = index.orNull();
    if ((folder == null) == (docs == null)) {
      throw SpladeException.of(
          "--index/--docs", folder == null ? "neither is given" : "both are given", "pass one");
    }
    if (docs != null && docs < 1) {
      throw SpladeException.of("--docs", "is " + docs, "pass a positive number of documents");
    }
    for (int k : ks) {
      if (k < 1 || k > SearchOptions.MAX_TOP_K) {
        throw SpladeException.of("--k", "has " + k, "use 1 to " + SearchOptions.MAX_TOP_K);
      }
    }
    if (numQueries != null && numQueries < 1) {
      throw SpladeException.of("--num-queries", "is " + numQueries, "pass a positive number");
    }
    return new SearchBench.Options(
        folder,
        docs,
        Locations.path(queries),
        numQueries,
        model.required(),
        ks,
        out.required(),
        seed);
  }
}
