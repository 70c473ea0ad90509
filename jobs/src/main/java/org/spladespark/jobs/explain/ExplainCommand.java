package org.spladespark.jobs.explain;

import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code splade explain}: the command line of {@link ExplainJob}. */
@Command(resourceBundle = "org.spladespark.jobs.explain.ExplainCommandHelp", name = "explain")
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--model-id")
  String modelId;

  @Option(names = "--query", required = true)
  String query;

  @Option(names = "--doc-id", required = true)
  String docId;

  @Option(names = "--top", defaultValue = "20")
  int top;

  @Mixin MasterOption master = new MasterOption();

  /** Parses and validates a command line (without the {@code explain} word). */
  public static ExplainOptions parse(String... args) {
    return Commands.parse(new ExplainCommand(), ExplainCommand::toOptions, args);
  }

  public ExplainOptions toOptions() {
    return new ExplainOptions(index.required(), model.required(), modelId, query, docId, top);
  }

  @Override
  public Integer call() {
    ExplainOptions o = Commands.validated(spec, this::toOptions);
    try (CommandSession session = master.session("splade explain")) {
      System.out.print(ExplainJob.run(session.spark(), o).render());
    }
    return 0;
  }
}
