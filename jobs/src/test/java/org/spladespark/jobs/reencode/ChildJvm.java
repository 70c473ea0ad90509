package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.reencode.ReencodeFixtures.PINNED;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.testing.SparkTestSession;

/**
 * {@code splade encode} / {@code reencode} in a child JVM (the test classpath, the test session's
 * small-index Spark settings): run to the end, or paused at a {@link FaultPoints} point and killed
 * there ({@code destroyForcibly}, as kill -9).
 */
final class ChildJvm {
  private ChildJvm() {}

  /** What a child run exited with and printed (stdout and stderr). */
  record Outcome(int exitCode, String output) {}

  /**
   * The arguments of {@code command} ({@code encode} or {@code reencode}) of {@code input} into
   * {@code tables} with the tiny model in batches of one and a pinned encoded_at.
   */
  static List<String> args(String command, Path input, Path tables) {
    EncoderSpec spec = ReencodeFixtures.tinySpec();
    return List.of(
        command,
        "--input",
        input.toString(),
        "--model",
        spec.model(),
        "--graph",
        spec.pooledGraph(),
        "--max-batch-size",
        "1",
        "--chunk-size",
        "16",
        "--progress-seconds",
        "0",
        "--encoded-at",
        PINNED.toString(),
        "--output",
        tables.toString(),
        "--warehouse",
        tables.resolveSibling(tables.getFileName() + "-child-" + System.nanoTime()).toString(),
        "--master",
        "local[2]");
  }

  /** Starts {@code args} with extra environment {@code env}; output is merged into stdout. */
  static Process start(List<String> args, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags());
    cmd.add("-Xmx1g");
    // A short-lived JVM: C1 only halves the time to the pause point on a busy machine.
    cmd.add("-XX:TieredStopAtLevel=1");
    // Spark reads spark.* system properties: the test session's small-table settings.
    SparkTestSession.SMALL_TABLES.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    // The logging a user of bin/splade gets: one line a warning on the console, traces in the file.
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("..", "bin", "log4j2.properties").toRealPath());
    cmd.add("-Dsplade.log.file=" + Files.createTempFile("splade-child", ".log"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SpladeCli.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("DJL_OFFLINE", "true");
    pb.environment().put("OPT_OUT_TRACKING", "true");
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Runs {@code args} to the end (at most 10 minutes). */
  static Outcome run(List<String> args, Map<String, String> env) throws Exception {
    return finish(start(args, env));
  }

  /** Waits for {@code p} (at most 10 minutes) and collects its output. */
  static Outcome finish(Process p) throws Exception {
    StringBuilder out = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.append(line).append('\n');
      }
    }
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child JVM did not end");
    return new Outcome(p.exitValue(), out.toString());
  }

  /**
   * Runs {@code args} paused at {@code point}, kills the JVM there ({@code destroyForcibly}) and
   * waits for it to end.
   */
  static void killAt(List<String> args, String point) throws Exception {
    long started = System.nanoTime();
    Process p = start(args, Map.of("SPLADE_TEST_PAUSE_AT", point));
    StringBuffer out = new StringBuffer();
    CountDownLatch paused = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  out.append(line).append('\n');
                  if (line.equals(FaultPoints.PAUSED + " " + point)) {
                    paused.countDown();
                  }
                }
              } catch (IOException e) {
                // the process was killed
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    boolean reached;
    try {
      reached = paused.await(5, TimeUnit.MINUTES);
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
    }
    assertTrue(reached, "the child never paused at " + point + ":\n" + tail(out.toString()));
    System.out.printf(
        "child JVM paused at %s after %.1f s and was killed%n",
        point, (System.nanoTime() - started) / 1e9);
    assertFalse(p.isAlive());
  }

  /** The Spark module flags the tests run with ({@code splade/jvm-flags.txt}, from the pom). */
  private static List<String> jvmFlags() throws IOException {
    try (InputStream in = SpladeCli.class.getResourceAsStream("/splade/jvm-flags.txt")) {
      assertTrue(in != null, "splade/jvm-flags.txt not on the classpath");
      String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }
  }

  static String tail(String s) {
    return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
  }
}
