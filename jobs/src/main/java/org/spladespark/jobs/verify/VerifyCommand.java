package org.spladespark.jobs.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code splade verify} command: parses the options, runs {@link VerifyIndexJob} and prints its
 * report; exits 0 when clean, 1 when not, 2 on an error.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks that postings and token_stats equal what doc_vectors implies (same rows, same float"
          + " weights, df/max/sum) and that models has one active model.",
      "Prints every kind of difference with its count and first rows; exits 0 when clean, 1 when"
          + " not, 2 on an error."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "DIR",
      description = "folder of the tables (the -o of splade encode / reencode)")
  String index;

  @Option(names = "--model-id", description = "check only this model's rows (default: all)")
  String modelId;

  @Option(
      names = "--examples",
      defaultValue = "" + VerifyOptions.DEFAULT_EXAMPLES,
      description = "rows shown per kind of difference (default: ${DEFAULT-VALUE})")
  int examples;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
  Path json;

  @Option(names = "--master", description = "Spark master (default: local[*])")
  String master;

  /** spark-submit entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new VerifyCommand()).execute(args));
  }

  /** Parses and validates a command line (without the {@code verify} word). */
  public static VerifyOptions parse(String... args) {
    VerifyCommand c = new VerifyCommand();
    try {
      new CommandLine(c).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw SpladeException.of(
          "splade verify", e.getMessage(), "see splade verify --help for the options");
    }
    return c.toOptions();
  }

  VerifyOptions toOptions() {
    try {
      return new VerifyOptions(localFolder(index), modelId, examples);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of("splade verify", e.getMessage(), "see splade verify --help", e);
    }
  }

  @Override
  public Integer call() {
    PrintStream err = System.err;
    VerifyOptions o;
    try {
      o = toOptions();
    } catch (SpladeException e) {
      err.println("splade verify: " + e.getMessage());
      return 2;
    }
    try (CommandSession session = CommandSession.start("splade verify", master, null)) {
      VerifyReport r = VerifyIndexJob.run(session.spark(), o);
      System.out.print(r.render());
      if (json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json.toFile(), r.toMap());
      }
      return r.clean() ? 0 : 1;
    } catch (SpladeException e) {
      err.println("splade verify: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("splade verify: cannot write " + json + ": " + e.getMessage());
      return 2;
    }
  }

  private static String localFolder(String folder) {
    if (folder == null || folder.isBlank() || folder.contains("://")) {
      return folder;
    }
    return Path.of(folder).toAbsolutePath().normalize().toString();
  }
}
