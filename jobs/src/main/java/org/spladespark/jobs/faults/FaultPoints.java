package org.spladespark.jobs.faults;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Test hooks at named points of the jobs, for the crash-safety and concurrency tests. Nothing
 * happens unless a test sets one of:
 *
 * <ul>
 *   <li>{@code SPLADE_TEST_PAUSE_AT} (environment) or {@code splade.test.pauseAt} (system property)
 *       = a point name: the thread reaching that point prints {@value #PAUSED} and the name on
 *       stdout, then sleeps until the JVM is killed. A test runs the job in a child JVM, waits for
 *       the line and kills the process at a known point.
 *   <li>{@code SPLADE_TEST_FAIL_CHUNK} / {@code splade.test.failChunk} = k: the first attempt of
 *       every encode task throws after encoding its k-th chunk (mid-partition, after rows were
 *       produced); Spark's retry of the task succeeds.
 *   <li>{@code SPLADE_TEST_MEET_AT} = a point name and {@code SPLADE_TEST_MEET_DIR} = a folder: a
 *       process reaching that point leaves a file there and waits (up to two minutes) until two
 *       processes have, so two JVMs write at the same time (the two-process concurrency test).
 *   <li>{@link #listen}: a callback invoked with each driver-side point reached (same JVM only).
 * </ul>
 *
 * Points: {@code encode} (in an encode task, after its first chunk), {@code write:<table>} (on the
 * driver, just before a table write starts), {@code writing:<table>} (in the tasks of a table
 * write, before its first row; only where the job taps the write's input with {@link #tap}).
 *
 * <p>Thread-safe; reads the settings on every call (cheap next to encoding a chunk).
 */
public final class FaultPoints {
  /** Printed, followed by the point name, when a pause starts. */
  public static final String PAUSED = "SPLADE_TEST_PAUSED";

  private static volatile Consumer<String> listener;

  /** Point in an encode task after its first chunk. */
  public static final String ENCODE = "encode";

  private FaultPoints() {}

  /** Driver-side point just before {@code table} is written. */
  public static String beforeWrite(String table) {
    return "write:" + table;
  }

  /** Task-side point inside the write of {@code table}. */
  public static String duringWrite(String table) {
    return "writing:" + table;
  }

  /** Sets (or clears, with null) the callback of driver-side points. For tests. */
  public static void listen(Consumer<String> callback) {
    listener = callback;
  }

  /** A driver-side point: calls the listener, then pauses if this point is the one set. */
  public static void reached(String point) {
    Consumer<String> l = listener;
    if (l != null) {
      l.accept(point);
    }
    meetIfSet(point);
    pauseIfSet(point);
  }

  private static void meetIfSet(String point) {
    String dir = setting("splade.test.meetDir", "SPLADE_TEST_MEET_DIR");
    if (dir == null || !point.equals(setting("splade.test.meetAt", "SPLADE_TEST_MEET_AT"))) {
      return;
    }
    java.io.File d = new java.io.File(dir);
    try {
      java.nio.file.Files.createDirectories(d.toPath());
      java.io.File mine = new java.io.File(d, Long.toString(ProcessHandle.current().pid()));
      if (!mine.createNewFile()) {
        return;
      }
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline) {
        String[] here = d.list();
        if (here != null && here.length >= 2) {
          return;
        }
        Thread.sleep(100);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Called by an encode task after each chunk ({@code chunk} counts from 1 within the task): fails
   * the first attempt at the configured chunk, pauses after the first chunk if {@value #ENCODE} is
   * set.
   */
  public static void chunkEncoded(int chunk) {
    String fail = setting("splade.test.failChunk", "SPLADE_TEST_FAIL_CHUNK");
    if (fail != null && Integer.parseInt(fail.trim()) == chunk) {
      TaskContext task = TaskContext.get();
      if (task != null && task.attemptNumber() == 0) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "injected failure of task %d (attempt 0) after chunk %d (splade.test.failChunk)",
                task.partitionId(),
                chunk));
      }
    }
    if (chunk == 1) {
      pauseIfSet(ENCODE);
    }
  }

  /**
   * {@code rows}, unchanged; when a pause is set at {@code point}, each task that reads them pauses
   * before its first row, i.e. while the write they feed is running and uncommitted.
   */
  public static Dataset<Row> tap(Dataset<Row> rows, String point) {
    if (!point.equals(setting("splade.test.pauseAt", "SPLADE_TEST_PAUSE_AT"))) {
      return rows;
    }
    MapPartitionsFunction<Row, Row> pause =
        (Iterator<Row> it) -> {
          pauseIfSet(point);
          return it;
        };
    return rows.mapPartitions(pause, Encoders.row(rows.schema()));
  }

  private static void pauseIfSet(String point) {
    if (!point.equals(setting("splade.test.pauseAt", "SPLADE_TEST_PAUSE_AT"))) {
      return;
    }
    PrintStream out = System.out;
    out.println(PAUSED + " " + point);
    out.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("pause at " + point + " interrupted", e);
    }
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    return v != null && !v.isBlank() ? v : System.getenv(env);
  }
}
