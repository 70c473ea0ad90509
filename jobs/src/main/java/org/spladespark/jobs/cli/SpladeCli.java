package org.spladespark.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.EncodeCommand;
import org.spladespark.jobs.eval.EvaluateCommand;
import org.spladespark.jobs.explain.ExplainCommand;
import org.spladespark.jobs.export.ExportCommand;
import org.spladespark.jobs.maintain.MaintainCommands;
import org.spladespark.jobs.models.ModelsCommand;
import org.spladespark.jobs.notebook.NotebookCommand;
import org.spladespark.jobs.reencode.ReencodeCommand;
import org.spladespark.jobs.report.ReportCommand;
import org.spladespark.jobs.search.SearchCommand;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.stats.StatsCommand;
import org.spladespark.jobs.verify.VerifyCommand;
import org.spladespark.runtime.Offline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The one entry point of {@code bin/splade}, of the shaded jar and of every job's {@code main}:
 * {@code splade <command> [options]}. Subcommands are registered in {@link #commandLine()}.
 *
 * <h2>Exit codes</h2>
 *
 * <ul>
 *   <li>{@value #OK}: success.
 *   <li>{@value #FAILED}: the job ran and failed (its message, or for a failure that is not the
 *       pipeline's own the root cause in one line and where the full log is), or {@code verify}
 *       found differences.
 *   <li>{@value #USAGE}: bad usage or input, found before any job work: an unknown or misspelled
 *       option (named, with suggestions), a missing or invalid value, no command at all (the
 *       commands are listed), an input that does not exist, an output folder that cannot be written
 *       or lies inside the input, a device that cannot run here ({@code --device cuda} without
 *       CUDA). Nothing is written.
 * </ul>
 */
@Command(
    name = "splade",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "splade-spark 0.1.0",
    description = "Inference-free SPLADE sparse retrieval on Apache Spark and Delta Lake.",
    subcommands = {
      EncodeCommand.class,
      SearchCommand.class,
      EvaluateCommand.class,
      ReencodeCommand.class,
      VerifyCommand.class,
      ModelsCommand.class,
      StatsCommand.class,
      ReportCommand.class,
      NotebookCommand.class,
      EncodeTextsCommand.class,
      BenchCommand.class,
      DemoCommand.class,
      ExportCommand.class,
      ExplainCommand.class,
      MaintainCommands.Optimize.class,
      MaintainCommands.Vacuum.class
    })
public final class SpladeCli implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  /** System property naming the full log file ({@code bin/splade} sets it). */
  public static final String LOG_FILE_PROPERTY = "splade.log.file";

  @Spec CommandSpec spec;

  /** The command tree (the subcommands are listed in the annotation) with its error handlers. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SpladeCli());
    cl.setExecutionExceptionHandler(SpladeCli::failed);
    cl.setParameterExceptionHandler(SpladeCli::usage);
    return cl;
  }

  public static void main(String[] args) {
    Offline.ensure();
    System.exit(commandLine().execute(args));
  }

  /**
   * The {@code main} of a job run by spark-submit with the job's class as main class: {@code splade
   * <command> args}.
   */
  public static void main(String command, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    main(all);
  }

  /** Bare {@code splade}: the commands, on stderr, as bad usage. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
  }

  /** Bad usage: the problem once, the misspelling's suggestions, where help is. Exit code 2. */
  private static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    boolean suggested = CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    if (!suggested && !cmd.getSubcommands().isEmpty()) {
      cmd.usage(err); // lists the (sub)commands
    }
    err.println("See '" + name + " --help' for the options.");
    err.flush();
    return USAGE;
  }

  /**
   * A job that failed: its {@link SpladeException} message, or the root cause in one line; in both
   * cases the full log's path when there is one. Exit code 1.
   */
  private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    SpladeException se = Commands.spladeCause(e);
    if (se != null) {
      err.println(name + ": " + se.getMessage());
    } else {
      Throwable root = Commands.rootCause(e);
      String msg = root.getMessage() == null ? "" : root.getMessage().strip();
      err.println(
          name
              + ": failed: "
              + root.getClass().getSimpleName()
              + (msg.isEmpty() ? "" : ": " + msg.lines().findFirst().orElse("")));
    }
    LoggerFactory.getLogger(SpladeCli.class).error(name + " failed", e);
    String log = System.getProperty(LOG_FILE_PROPERTY);
    if (log != null && Files.exists(Path.of(log))) {
      err.println(name + ": the full log is " + log);
    }
    err.flush();
    return FAILED;
  }

  /** The command names registered, for tests and the README doc test. */
  public static java.util.Set<String> commands() {
    return commandLine().getSubcommands().keySet();
  }
}
