package org.spladespark.jobs.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexSession;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.OptionsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splade report}: the command line of {@link ReportJob}. Parses into an immutable, validated
 * {@link ReportOptions} ({@link #parse}).
 */
@Command(resourceBundle = "org.spladespark.jobs.report.ReportCommandHelp", name = "report")
public final class ReportCommand implements Callable<Integer>, OptionsCommand<ReportOptions> {
  @Mixin IndexSession session = new IndexSession();

  @Option(names = "--stats")
  String stats;

  @Option(names = "--metrics")
  Path metrics;

  @Mixin OutOption out = new OutOption();

  @Option(names = "--bench", arity = "1..*", paramLabel = "FILE")
  List<Path> bench;

  @Option(names = "--title", defaultValue = ReportOptions.DEFAULT_TITLE)
  String title;

  /** The validated options of the parsed fields. */
  @Override
  public ReportOptions toOptions() {
    String folder = session.folderOrNull();
    String dir = stats != null ? Locations.path(stats) : folder == null ? null : folder + "/stats";
    return new ReportOptions(dir, Locations.path(metrics), out.required(), title, bench);
  }

  @Override
  public Integer call() {
    return session.run(
        "report",
        this::toOptions,
        o -> Preflight.exists("--metrics", o.metrics() == null ? null : o.metrics().toString()),
        (spark, o, out) -> out.println("report written to " + ReportJob.run(spark, o)));
  }
}
