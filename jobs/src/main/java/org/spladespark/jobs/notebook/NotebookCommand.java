package org.spladespark.jobs.notebook;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code splade notebook FILE --index PATH --out report.html}: the command line of {@link
 * NotebookJob}. Parses into an immutable, validated {@link NotebookOptions} ({@link #parse}).
 */
@Command(resourceBundle = "org.spladespark.jobs.notebook.NotebookCommandHelp", name = "notebook")
public final class NotebookCommand implements Callable<Integer>, OptionsCommand<NotebookOptions> {
  @Parameters(index = "0", description = "The notebook (.sql, Databricks source format).")
  Path file;

  @Spec CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Option(names = "--param")
  Map<String, String> params = new LinkedHashMap<>();

  @Mixin OutOption out = new OutOption();

  @Option(names = "--max-rows", defaultValue = "" + NotebookOptions.DEFAULT_MAX_ROWS)
  int maxRows;

  @Mixin MasterOption master = new MasterOption();

  /** The validated options of the parsed fields. */
  @Override
  public NotebookOptions toOptions() {
    return new NotebookOptions(Locations.path(file), index.orNull(), params, out.orNull(), maxRows);
  }

  @Override
  public Integer call() {
    NotebookOptions o =
        Commands.validated(
            spec, this::toOptions, v -> Preflight.exists("FILE", v.file().toString()));
    try (CommandSession session = master.session("splade notebook")) {
      NotebookJob.run(session.spark(), o);
    }
    System.out.println("notebook rendered to " + o.out());
    return 0;
  }
}
