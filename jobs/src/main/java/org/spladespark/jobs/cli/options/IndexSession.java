package org.spladespark.jobs.cli.options;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.spark.CommandSession;
import org.spladespark.jobs.spark.Commands;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --index} and {@code --master} of the commands that run one job on an index folder ({@code
 * models list|activate|rollback}, {@code optimize}, {@code vacuum}, {@code stats}, {@code report},
 * {@code explain}, {@code export}), and how such a command runs: options validated first (bad
 * usage, nothing runs), then the job in the command's session.
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

  /** A job on the command's validated options. */
  @FunctionalInterface
  public interface OptionsJob<T> {
    void run(SparkSession spark, T options, PrintStream out);
  }

  /** The index folder ({@link IndexOption#required}). */
  public String folder() {
    return index.required();
  }

  /** The index folder ({@link IndexOption#orNull}), or null when {@code --index} is not given. */
  public String folderOrNull() {
    return index.orNull();
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
    return run(
        command,
        () -> {
          check.run();
          return folder();
        },
        folder -> {},
        job::run);
  }

  /**
   * Runs {@code job} on the command's options in the command's session, printing to stdout; returns
   * exit code 0.
   *
   * @param command the command's words after {@code splade}, naming the Spark application
   * @param options the command's validated options; its {@code SpladeException} is bad usage and
   *     nothing runs
   * @param check the checks made on the driver before the job starts (e.g. that inputs exist); its
   *     failure is bad usage too
   */
  public <T> int run(String command, Supplier<T> options, Consumer<T> check, OptionsJob<T> job) {
    T o = Commands.validated(spec, options, check);
    try (CommandSession session = master.session("splade " + command)) {
      job.run(session.spark(), o, System.out);
    }
    return 0;
  }
}
