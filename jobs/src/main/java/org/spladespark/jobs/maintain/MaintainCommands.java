package org.spladespark.jobs.maintain;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.CommandSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code splade optimize} and {@code splade vacuum} commands. */
public final class MaintainCommands {
  private MaintainCommands() {}

  /** {@code splade optimize}: exits 0 when done, 1 when the job failed. */
  @Command(
      name = "optimize",
      mixinStandardHelpOptions = true,
      description =
          "Compacts and re-clusters the postings of each published model (after incremental"
              + " re-encodes), publishing the rewritten table in one commit.")
  public static final class Optimize implements Callable<Integer> {
    @Option(names = "--index", required = true, paramLabel = "DIR", description = "index folder")
    String index;

    @Option(
        names = "--postings-file-rows",
        defaultValue = "4000000",
        description = "target postings per file (default: ${DEFAULT-VALUE})")
    long postingsFileRows;

    @Option(names = "--master", description = "Spark master (default: local[*])")
    String master;

    @Override
    public Integer call() {
      if (postingsFileRows < 1) {
        System.err.println(
            "splade optimize: --postings-file-rows: is "
                + postingsFileRows
                + "; Fix: pass 1 or more");
        return 2;
      }
      try (CommandSession session = CommandSession.start("splade optimize", master, null)) {
        OptimizeIndexJob.run(session.spark(), folder(index), postingsFileRows, System.out);
        return 0;
      } catch (SpladeException e) {
        System.err.println("splade optimize: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code splade vacuum}: exits 0 when done, 2 when a guard refuses, 1 when it failed. */
  @Command(
      name = "vacuum",
      mixinStandardHelpOptions = true,
      description =
          "Deletes files the index's tables no longer reference, older than --retain-hours.")
  public static final class Vacuum implements Callable<Integer> {
    @Option(names = "--index", required = true, paramLabel = "DIR", description = "index folder")
    String index;

    @Option(
        names = "--retain-hours",
        defaultValue = "168",
        description =
            "keep files unreferenced for less than this (default: ${DEFAULT-VALUE}, Delta's;"
                + " less needs --force)")
    double retainHours;

    @Option(names = "--force", description = "allow --retain-hours below 168")
    boolean force;

    @Option(names = "--master", description = "Spark master (default: local[*])")
    String master;

    @Override
    public Integer call() {
      try {
        VacuumIndexJob.checkRetention(retainHours, force);
      } catch (SpladeException e) {
        System.err.println("splade vacuum: " + e.getMessage());
        return 2;
      }
      try (CommandSession session = CommandSession.start("splade vacuum", master, null)) {
        VacuumIndexJob.run(session.spark(), folder(index), retainHours, force, System.out);
        return 0;
      } catch (SpladeException e) {
        System.err.println("splade vacuum: " + e.getMessage());
        return 1;
      }
    }
  }

  /** A local folder made absolute; URIs as given. */
  static String folder(String f) {
    return f.contains("://") ? f : java.nio.file.Path.of(f).toAbsolutePath().normalize().toString();
  }
}
