package org.spladespark.jobs.maintain;

import java.util.concurrent.Callable;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.options.IndexOption;
import org.spladespark.jobs.cli.options.MasterOption;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      mixinStandardHelpOptions = true,
      description =
          "Compacts and re-clusters the postings of each published model (after incremental"
              + " re-encodes), publishing the rewritten table in one commit.")
  public static final class Optimize implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin IndexOption index = new IndexOption();

    @Option(names = "--postings-file-rows", defaultValue = "4000000")
    long postingsFileRows;

    @Mixin MasterOption master = new MasterOption();

    @Override
    public Integer call() {
      String folder =
          Commands.validated(
              spec,
              () -> {
                if (postingsFileRows < 1) {
                  throw SpladeException.of(
                      "--postings-file-rows", "is " + postingsFileRows, "pass 1 or more");
                }
                return index.required();
              });
      try (CommandSession session = master.session("splade optimize")) {
        OptimizeIndexJob.run(session.spark(), folder, postingsFileRows, System.out);
      }
      return 0;
    }
  }

  /** {@code splade vacuum}. */
  @Command(
      resourceBundle = "org.spladespark.jobs.maintain.MaintainCommandsHelp",
      name = "vacuum",
      mixinStandardHelpOptions = true,
      description =
          "Deletes files the index's tables no longer reference, older than --retain-hours.")
  public static final class Vacuum implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin IndexOption index = new IndexOption();

    @Option(names = "--retain-hours", defaultValue = "168")
    double retainHours;

    @Option(names = "--force")
    boolean force;

    @Mixin MasterOption master = new MasterOption();

    @Override
    public Integer call() {
      String folder =
          Commands.validated(
              spec,
              () -> {
                VacuumIndexJob.checkRetention(retainHours, force);
                return index.required();
              });
      try (CommandSession session = master.session("splade vacuum")) {
        VacuumIndexJob.run(session.spark(), folder, retainHours, force, System.out);
      }
      return 0;
    }
  }
}
