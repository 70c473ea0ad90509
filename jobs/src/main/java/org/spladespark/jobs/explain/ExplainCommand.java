package org.spladespark.jobs.explain;

import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexSession;
import org.spladespark.jobs.cli.options.ModelOption;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splade explain}: the command line of {@link ExplainJob}. */
@Command(resourceBundle = "org.spladespark.jobs.explain.ExplainCommandHelp", name = "explain")
public final class ExplainCommand implements Callable<Integer>, OptionsCommand<ExplainOptions> {
  @Mixin IndexSession session = new IndexSession();

  @Mixin ModelOption model = new ModelOption();

  @Option(names = "--model-id")
  String modelId;

  @Option(names = "--query", required = true)
  String query;

  @Option(names = "--doc-id", required = true)
  String docId;

  @Option(names = "--top", defaultValue = "20")
  int top;

  @Override
  public ExplainOptions toOptions() {
    return new ExplainOptions(session.folder(), model.required(), modelId, query, docId, top);
  }

  @Override
  public Integer call() {
    return session.run(
        "explain",
        this::toOptions,
        o -> {},
        (spark, o, out) -> out.print(ExplainJob.run(spark, o).render()));
  }
}
