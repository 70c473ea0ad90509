package org.spladespark.jobs.spark;

import java.io.FileNotFoundException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.spladespark.errors.SpladeException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code splade} command shares around its job: turning the options into a validated
 * record (a {@link SpladeException} there is bad usage, exit code 2) and finding the cause of a
 * failure (used by {@code SpladeCli}, which maps a job's failure to exit code 1).
 */
public final class Commands {
  private Commands() {}

  /** The SpladeException behind {@code e}, also when a Spark task failure wraps it; or null. */
  public static SpladeException spladeCause(Throwable e) {
    return causeOf(e, SpladeException.class);
  }

  /** The first of {@code e} and its causes that is a {@code type}; or null. */
  public static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    Throwable t = firstCause(e, type::isInstance);
    return t == null ? null : type.cast(t);
  }

  /** The first of {@code e} and its causes that {@code test} accepts; or null. */
  public static Throwable firstCause(Throwable e, Predicate<Throwable> test) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (test.test(t)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Whether {@code e} failed on a data file that no longer exists (a {@code VACUUM} removed it): a
   * {@link FileNotFoundException} behind it, or Spark's {@code FAILED_READ_FILE.FILE_NOT_EXIST}.
   */
  public static boolean missingFile(Throwable e) {
    return firstCause(
            e,
            t ->
                t instanceof FileNotFoundException
                    || t instanceof SparkThrowable s
                        && String.valueOf(s.getCondition())
                            .startsWith("FAILED_READ_FILE.FILE_NOT_EXIST"))
        != null;
  }

  /**
   * What a job rethrows for {@code e}: the SpladeException behind it (a task's arrives wrapped by
   * Spark), the user's error; any other failure as it is (the CLI prints its root cause and the log
   * file).
   */
  public static RuntimeException unwrapped(RuntimeException e) {
    SpladeException s = spladeCause(e);
    return s != null ? s : e;
  }

  /** The innermost cause of {@code e} (Spark wraps a task's failure several times). */
  public static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The options record of a parsed command; a {@link SpladeException} from its validation becomes a
   * picocli {@link CommandLine.ParameterException}, which {@code SpladeCli} reports as bad usage
   * (exit code 2) with the command's help pointer.
   */
  public static <T> T validated(CommandSpec spec, Supplier<T> options) {
    try {
      return options.get();
    } catch (SpladeException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * As {@link #validated(CommandSpec, Supplier)}, then {@code check} on the options (the checks
   * made on the driver before a job starts, e.g. that inputs exist): its failure is bad usage too.
   */
  public static <T> T validated(CommandSpec spec, Supplier<T> options, Consumer<T> check) {
    return validated(
        spec,
        () -> {
          T o = options.get();
          check.accept(o);
          return o;
        });
  }

  /**
   * Parses {@code args} into {@code command}'s fields and returns its validated options, for code
   * and tests: a parse error is a {@link SpladeException} naming the command's help.
   */
  public static <T> T parse(OptionsCommand<T> command, String... args) {
    CommandLine cl = new CommandLine(command);
    try {
      cl.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      String name = "splade " + cl.getCommandName();
      throw SpladeException.of(name, e.getMessage(), "see " + name + " --help for the options");
    }
    return command.toOptions();
  }
}
