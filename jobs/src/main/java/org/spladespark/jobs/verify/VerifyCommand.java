package org.spladespark.jobs.verify;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.encode.RunMetricsFile;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade verify}: the command line of {@link VerifyIndexJob}. Exits 0 when the index is
 * clean, 1 when it has differences (or the check failed), 2 on bad usage.
 */
@Command(
    resourceBundle = "org.spladespark.jobs.verify.VerifyCommandHelp",
    name = "verify",
    sortOptions = false)
public final class VerifyCommand implements Callable<Integer>, OptionsCommand<VerifyOptions> {
  @Spec CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Option(names = "--model-id")
  String modelId;

  @Option(names = "--examples", defaultValue = "" + VerifyOptions.DEFAULT_EXAMPLES)
  int examples;

  @Option(names = "--json", paramLabel = "FILE")
  Path json;

  @Mixin MasterOption master = new MasterOption();

  @Override
  public VerifyOptions toOptions() {
    return new VerifyOptions(index.required(), modelId, examples);
  }

  @Override
  public Integer call() {
    VerifyOptions o = Commands.validated(spec, this::toOptions);
    VerifyReport r;
    try (CommandSession session = master.session("splade verify")) {
      r = VerifyIndexJob.run(session.spark(), o);
    }
    System.out.print(r.render());
    if (json != null) {
      RunMetricsFile.write(Locations.path(json), r.toMap());
    }
    return r.clean() ? 0 : 1;
  }
}
