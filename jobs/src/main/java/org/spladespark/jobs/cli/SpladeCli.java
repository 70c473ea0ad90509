package org.spladespark.jobs.cli;

import org.spladespark.jobs.search.SearchCommand;
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
    cl.addSubcommand("search", new SearchCommand());
    return cl;
  }

  public static void main(String[] args) {
    Offline.ensure();
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
