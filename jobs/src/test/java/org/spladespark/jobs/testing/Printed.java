package org.spladespark.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.spladespark.jobs.cli.SpladeCli;

/**
 * What a job returned and what it printed on the console stream it was given.
 *
 * @param metrics the job's return value
 * @param console everything it printed, UTF-8
 */
public record Printed<T>(T metrics, String console) {
  /** Runs {@code job} with a console stream of its own. */
  public static <T> Printed<T> run(Function<PrintStream, T> job) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      T value = job.apply(out);
      return new Printed<>(value, buf.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Runs {@code splade args...} in this JVM with {@code System.out} captured (the commands print
   * there); {@code metrics} is the exit code. Not thread-safe: {@code System.out} is global.
   */
  public static Printed<Integer> cli(String... args) {
    PrintStream saved = System.out;
    return run(
        out -> {
          System.setOut(out);
          try {
            return SpladeCli.commandLine().execute(args);
          } finally {
            System.setOut(saved);
          }
        });
  }
}
