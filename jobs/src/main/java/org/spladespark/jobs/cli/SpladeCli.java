package org.spladespark.jobs.cli;

import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.EncodeCommand;
import org.spladespark.jobs.eval.EvaluateCommand;
import org.spladespark.jobs.maintain.MaintainCommands;
import org.spladespark.jobs.models.ModelsCommand;
import org.spladespark.jobs.notebook.NotebookCommand;
import org.spladespark.jobs.reencode.ReencodeCommand;
import org.spladespark.jobs.report.ReportCommand;
import org.spladespark.jobs.search.SearchCommand;
import org.spladespark.jobs.stats.StatsCommand;
import org.spladespark.jobs.verify.VerifyCommand;
import org.spladespark.runtime.Offline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/splade} and of the shaded jar: {@code splade <command> [options]}.
 * Subcommands are registered in {@link #commandLine()}.
 */
@Command(
    name = "splade",
    mixinStandardHelpOptions = true,
    version = "splade-spark 0.1.0",
    description = "Inference-free SPLADE sparse retrieval on Apache Spark and Delta Lake.")
public final class SpladeCli implements Runnable {

  /** The command tree; each job adds its subcommand here. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SpladeCli());
    cl.addSubcommand(new EncodeTextsCommand());
    cl.addSubcommand(new BenchCommand());
    cl.addSubcommand(new DemoCommand());
    cl.setExecutionExceptionHandler(SpladeCli::report);
    cl.addSubcommand(new EvaluateCommand());
    cl.addSubcommand(new StatsCommand());
    cl.addSubcommand(new ReportCommand());
    cl.addSubcommand(new NotebookCommand());
    cl.addSubcommand("encode", new EncodeCommand());
    cl.addSubcommand("search", new SearchCommand());
    cl.addSubcommand("reencode", new ReencodeCommand());
    cl.addSubcommand("verify", new VerifyCommand());
    cl.addSubcommand("models", new ModelsCommand());
    cl.addSubcommand("optimize", new MaintainCommands.Optimize());
    cl.addSubcommand("vacuum", new MaintainCommands.Vacuum());
    return cl;
  }

  public static void main(String[] args) {
    Offline.ensure();
    System.exit(commandLine().execute(args));
  }

  /** A {@link SpladeException} is the user's to fix: print its message, not a stack trace. */
  private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof SpladeException) {
      cmd.getErr().println("splade " + cmd.getCommandName() + ": error: " + e.getMessage());
      return 2;
    }
    throw e;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
