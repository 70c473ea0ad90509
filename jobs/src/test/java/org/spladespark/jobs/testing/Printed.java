package org.spladespark.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

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
}
