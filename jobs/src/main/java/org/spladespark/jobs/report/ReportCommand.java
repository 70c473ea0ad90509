package org.spladespark.jobs.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.cli.options.OutOption;
import org.spladespark.jobs.cli.options.Preflight;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code splade report}: the command line of {@link ReportJob}. Parses into an immutable, validated
 * {@link ReportOptions} ({@link #parse}).
 */
@Command(resourceBundle = "org.spladespark.jobs.report.ReportCommandHelp", name = "report")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Option(names = "--stats")
  String stats;

  @Option(names = "--metrics")
  Path metrics;

  @Mixin OutOption out = new OutOption();

  @Option(names = "--bench", arity = "1..*", paramLabel = "FILE")
  List<Path> bench;

  @Option(names = "--title", defaultValue = ReportOptions.DEFAULT_TITLE)
  String title;

  @Mixin MasterOption master = new MasterOption();

  /** Parses and validates a command line (without the {@code report} word). */
  public static ReportOptions parse(String... args) {
    return Commands.parse(new ReportCommand(), ReportCommand::toOptions, args);
  }

  /** The validated options of the parsed fields. */
  public ReportOptions toOptions() {
    String folder = index.orNull();
    String dir = stats != null ? Locations.path(stats) : folder == null ? null : folder + "/stats";
    return new ReportOptions(dir, Locations.path(metrics), out.required(), title, bench);
  }

  @Override
  public Integer call() {
    ReportOptions o =
        Commands.validated(
            spec,
            this::toOptions,
            v ->
                Preflight.exists("--metrics", v.metrics() == null ? null : v.metrics().toString()));
    try (CommandSession session = master.session("splade report")) {
      System.out.println("report written to " + ReportJob.run(session.spark(), o));
    }
    return 0;
  }
}
