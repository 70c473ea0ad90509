package org.spladespark.jobs.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splade report}: the command line of {@link ReportJob}. Parses into an immutable, validated
 * {@link ReportOptions} ({@link #parse}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "HTML report with charts of the stats tables and evaluation metrics.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--index", description = "Index folder (stats under <index>/stats).")
  String index;

  @Option(names = "--stats", description = "Folder of the stats tables (default <index>/stats).")
  String stats;

  @Option(names = "--metrics", description = "metrics.json written by splade evaluate.")
  Path metrics;

  @Option(
      names = "--bench",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Scale/bench JSON files to show (any JSON object; nested keys joined by '.').")
  List<Path> bench;

  @Option(names = "--out", required = true, description = "Output folder (index.html, charts/).")
  Path out;

  @Option(
      names = "--title",
      defaultValue = ReportOptions.DEFAULT_TITLE,
      description = "Page title.")
  String title;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  /** Parses and validates a command line (without the {@code report} word). */
  public static ReportOptions parse(String... args) {
    ReportCommand c = new ReportCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade report", e.getMessage(), "see splade report --help for the options");
    }
    return c.toOptions();
  }

  /** The validated options of the parsed fields. */
  public ReportOptions toOptions() {
    String dir = stats != null ? stats : index == null ? null : index + "/stats";
    return new ReportOptions(dir, metrics, out, title, bench);
  }

  @Override
  public Integer call() {
    return Commands.run(
        "report",
        System.err,
        () -> {
          ReportOptions o = toOptions();
          try (CommandSession session = CommandSession.start("splade report", master, null)) {
            System.out.println("report written to " + ReportJob.run(session.spark(), o));
          }
          return 0;
        });
  }
}
