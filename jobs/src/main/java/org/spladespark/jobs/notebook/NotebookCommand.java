package org.spladespark.jobs.notebook;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splade notebook FILE --index PATH --out report.html}: the command line of {@link
 * NotebookJob}. Parses into an immutable, validated {@link NotebookOptions} ({@link #parse}).
 */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    description = "Run a Databricks SQL notebook against local tables and render it as HTML.")
public final class NotebookCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The notebook (.sql, Databricks source format).")
  Path file;

  @Option(names = "--index", description = "Index folder: the value of ${index_path}.")
  String index;

  @Option(names = "--param", description = "Widget value NAME=VALUE (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--out", required = true, description = "The HTML file to write.")
  Path out;

  @Option(
      names = "--max-rows",
      defaultValue = "" + NotebookOptions.DEFAULT_MAX_ROWS,
      description = "Rows shown per result (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  /** Parses and validates a command line (without the {@code notebook} word). */
  public static NotebookOptions parse(String... args) {
    NotebookCommand c = new NotebookCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade notebook", e.getMessage(), "see splade notebook --help for the options");
    }
    return c.toOptions();
  }

  /** The validated options of the parsed fields. */
  public NotebookOptions toOptions() {
    return new NotebookOptions(file, index, params, out, maxRows);
  }

  @Override
  public Integer call() {
    return Commands.run(
        "notebook",
        System.err,
        () -> {
          NotebookOptions o = toOptions();
          try (CommandSession session = CommandSession.start("splade notebook", master, null)) {
            NotebookJob.run(session.spark(), o);
          }
          System.out.println("notebook rendered to " + o.out());
          return 0;
        });
  }
}
