package org.spladespark.jobs.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.Choices;
import org.spladespark.jobs.cli.options.GraphOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.search.Plan;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade evaluate}: the command line of {@link EvaluateJob}. Parses into an immutable,
 * validated {@link EvaluateOptions} ({@link #parse}). Starts Spark ({@code local[*]}, or the
 * cluster's session under spark-submit) only for the {@code spark} retriever.
 */
@Command(
    resourceBundle = "org.spladespark.jobs.eval.EvaluateCommandHelp",
    name = "evaluate",
    sortOptions = false)
public final class EvaluateCommand implements Callable<Integer>, OptionsCommand<EvaluateOptions> {
  @Option(names = "--data", required = true, paramLabel = "DIR")
  List<Path> data = new ArrayList<>();

  @Option(names = "--split", defaultValue = EvaluateOptions.DEFAULT_SPLIT)
  String split;

  @Spec CommandSpec spec;

  @Mixin ModelOption model = new ModelOption();

  @Mixin GraphOption graph = new GraphOption();

  @Mixin OutOption out = new OutOption();

  @Option(names = "--retriever", defaultValue = "spark")
  String retriever;

  @Option(names = "--index", paramLabel = "DIR")
  String index;

  @Option(names = "--plan", defaultValue = "auto")
  String plan;

  @Option(names = "--aggregate-prefix", defaultValue = EvaluateOptions.DEFAULT_AGGREGATE_PREFIX)
  String aggregatePrefix;

  @Option(names = "--threads", defaultValue = "0")
  int threads;

  @Option(names = "--run-tag", defaultValue = EvaluateOptions.DEFAULT_RUN_TAG)
  String runTag;

  @Mixin MasterOption master = new MasterOption();

  /** The validated options of the parsed fields. */
  @Override
  public EvaluateOptions toOptions() {
    return EvaluateOptions.builder()
        .data(data.stream().map(Locations::path).toList())
        .split(split)
        .model(model.required())
        .graph(graph.orNull())
        .out(out.required())
        .aggregatePrefix(aggregatePrefix)
        .retriever(Choices.parse(EvaluateOptions.Retrieval.class, "--retriever", retriever))
        .index(Locations.path(index))
        .plan(Choices.parse(Plan.class, "--plan", plan))
        .threads(threads)
        .runTag(runTag)
        .build();
  }

  @Override
  public Integer call() {
    EvaluateOptions o =
        Commands.validated(
            spec,
            this::toOptions,
            v -> v.data().forEach(d -> Preflight.exists("--data", d.toString())));
    Map<String, Double> m;
    if (o.retriever() == EvaluateOptions.Retrieval.SPARK) {
      try (CommandSession session = master.session("splade evaluate")) {
        m = EvaluateJob.run(session.spark(), o, System.out);
      }
    } else {
      m = EvaluateJob.run(null, o, System.out);
    }
    m.forEach((k, v) -> System.out.printf(Locale.ROOT, "%s: %.4f%n", k, v));
    return 0;
  }
}
