package org.spladespark.jobs.maintain;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.IndexSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code splade optimize} and {@code splade vacuum} commands. Exit codes are SpladeCli's: 0
 * done, 1 the job failed, 2 bad usage (vacuum's retention guard included).
 */
public final class MaintainCommands {
  private MaintainCommands() {}

  /** {@code splade optimize}. */
  @Command(
      resourceBundle = "org.spladespark.jobs.maintain.MaintainCommandsHelp",
      name = "optimize",
      description =
          "Compacts and re-clusters the postings of each published model (after incremental"
              + " re-encodes), publishing the rewritten table in one commit.")
  public static final class Optimize implements Callable<Integer> {
    @Mixin IndexSession index = new IndexSession();

    @Option(names = "--postings-file-rows", defaultValue = "4000000")
    long postingsFileRows;

    @Override
    public Integer call() {
      return index.execute(
          "optimize",
          () -> {
            if (postingsFileRows < 1) {
              throw SpladeException.of(
                  "--postings-file-rows", "is " + postingsFileRows, "pass 1 or more");
            }
          },
          (spark, folder, out) -> OptimizeIndexJob.run(spark, folder, postingsFileRows, out));
    }
  }

  /** {@code splade vacuum}. */
  @Command(
      resourceBundle = "org.spladespark.jobs.maintain.MaintainCommandsHelp",
      name = "vacuum",
      description =
          "Deletes files the index's tables no longer reference, older than --retain-hours.")
  public static final class Vacuum implements Callable<Integer> {
    @Mixin IndexSession index = new IndexSession();

    @Option(names = "--retain-hours", defaultValue = "168")
    double retainHours;

    @Option(names = "--force")
    boolean force;

    @Override
    public Integer call() {
      return index.execute(
          "vacuum",
          () -> VacuumIndexJob.checkRetention(retainHours, force),
          (spark, folder, out) -> VacuumIndexJob.run(spark, folder, retainHours, force, out));
    }
  }
}
