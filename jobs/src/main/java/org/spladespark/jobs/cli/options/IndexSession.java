package org.spladespark.jobs.cli.options;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --index} and {@code --master} of the commands that run one job on an index folder ({@code
 * models list|activate|rollback}, {@code optimize}, {@code vacuum}), and how such a command runs.
 */
public final class IndexSession {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Mixin IndexOption index = new IndexOption();

  @Mixin MasterOption master = new MasterOption();

  /** A job on the index folder. */
  @FunctionalInterface
  public interface Job {
    void run(SparkSession spark, String folder, PrintStream out);
  }

  /** The index folder ({@link IndexOption#required}). */
  public String folder() {
    return index.required();
  }

  /** {@link #execute(String, Runnable, Job)} without checks of the command's own options. */
  public int execute(String command, Job job) {
    return execute(command, () -> {}, job);
  }

  /**
   * Runs {@code job} on the index folder in the command's session, printing to stdout; returns exit
   * code 0.
   *
   * @param command the command's words after {@code splade}, naming the Spark application
   * @param check validates the command's own options; its {@code SpladeException}, like a missing
   *     {@code --index}, is bad usage and nothing runs
   */
  public int execute(String command, Runnable check, Job job) {
    String folder =
        Commands.validated(
            spec,
            () -> {
              check.run();
              return folder();
            });
    try (CommandSession session = master.session("splade " + command)) {
      job.run(session.spark(), folder, System.out);
    }
    return 0;
  }
}
