package org.spladespark.jobs.search;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A bench's measure of one piece of work: its result and the wall-clock and whole-JVM CPU seconds
 * it took (Spark's local executors included), with the wall-clock seconds of every run when it was
 * run more than once ({@link Runs}).
 */
record Timed<T>(T value, double seconds, double cpuSeconds, List<Double> runSeconds) {
  /** Runs {@code work} once. */
  static <T> Timed<T> of(Supplier<T> work) {
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    T value = work.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Timed<>(value, seconds, (cpuNanos() - c0) / 1e9, List.of(seconds));
  }

  /**
   * Repeated runs of one piece of work, for a bench to interleave with other work's runs: a passing
   * load on a shared machine then falls on every engine alike, and the median run ({@link #median})
   * is the one it moves least. Keeps the first run's result only. Not thread-safe.
   */
  static final class Runs<T> {
    private final Supplier<T> work;
    private final List<Timed<T>> runs = new ArrayList<>();

    Runs(Supplier<T> work) {
      this.work = work;
    }

    void run() {
      Timed<T> t = of(work);
      runs.add(runs.isEmpty() ? t : new Timed<>(null, t.seconds, t.cpuSeconds, t.runSeconds));
    }

    /**
     * The median run's seconds (the lower middle one of an even count), the first run's result, and
     * every run's seconds in run order.
     */
    Timed<T> median() {
      if (runs.isEmpty()) {
        throw new IllegalStateException("no run yet");
      }
      List<Timed<T>> bySeconds = new ArrayList<>(runs);
      bySeconds.sort(Comparator.comparingDouble(Timed::seconds));
      Timed<T> mid = bySeconds.get((bySeconds.size() - 1) / 2);
      List<Double> all = runs.stream().map(Timed::seconds).toList();
      return new Timed<>(runs.get(0).value, mid.seconds, mid.cpuSeconds, all);
    }
  }

  /** CPU time of this whole JVM (all threads, Spark's local executors included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
