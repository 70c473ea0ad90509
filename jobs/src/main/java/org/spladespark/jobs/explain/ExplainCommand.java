package org.spladespark.jobs.explain;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splade explain}: the command line of {@link ExplainJob}. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Why a document scores what it does for a query: each shared token's query weight,",
      "document weight and product, largest first; they add up to the search score exactly."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Option(names = "--index", required = true, description = "Index folder.")
  String index;

  @Option(names = "--model", required = true, description = "Model folder (encodes the query).")
  String model;

  @Option(names = "--model-id", description = "Index model to read (default: the active one).")
  String modelId;

  @Option(names = "--query", required = true, description = "Query text.")
  String query;

  @Option(names = "--doc-id", required = true, description = "Document id.")
  String docId;

  @Option(
      names = "--top",
      defaultValue = "20",
      description = "Tokens to list (default 20; 0 = all).")
  int top;

  @Option(names = "--master", description = "Spark master (default: local[*]).")
  String master;

  /** Parses and validates a command line (without the {@code explain} word). */
  public static ExplainOptions parse(String... args) {
    ExplainCommand c = new ExplainCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade explain", e.getMessage(), "see splade explain --help for the options");
    }
    return c.toOptions();
  }

  public ExplainOptions toOptions() {
    return new ExplainOptions(index, model, modelId, query, docId, top);
  }

  @Override
  public Integer call() {
    ExplainOptions o = toOptions();
    try (CommandSession session = CommandSession.start("splade explain", master, null)) {
      System.out.print(ExplainJob.run(session.spark(), o).render());
    }
    return 0;
  }
}
