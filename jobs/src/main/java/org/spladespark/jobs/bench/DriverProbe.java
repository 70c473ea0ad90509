package org.spladespark.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What the driver sees while a benchmark runs: heap in use (sampled every {@value #SAMPLE_MS} ms
 * from the {@link MemoryMXBean}, so a peak is the largest sample, not the exact maximum) and every
 * finished Spark task (its stage and finish time, from a {@link SparkListener}). {@link #window}
 * summarises a time window, so one run of a job can be split into its phases afterwards.
 *
 * <p>Thread-safe: the sampler thread, Spark's listener bus and the caller share the lists under
 * this object's lock.
 */
final class DriverProbe implements AutoCloseable {
  static final long SAMPLE_MS = 50;

  /** Tasks, stages and the sampled heap peak of one window. */
  record Window(long tasks, int stages, long peakHeapBytes) {}

  private final SparkContext sc;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<long[]> heap = new ArrayList<>();
  private final List<long[]> tasks = new ArrayList<>();
  private final Thread sampler;
  private final SparkListener listener =
      new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
          synchronized (DriverProbe.this) {
            tasks.add(new long[] {end.taskInfo().finishTime(), end.stageId()});
          }
        }
      };
  private volatile boolean running = true;

  DriverProbe(SparkContext sc) {
    this.sc = sc;
    sc.addSparkListener(listener);
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "splade-bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Takes one heap sample now (also called at phase boundaries). */
  void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    synchronized (this) {
      heap.add(new long[] {System.currentTimeMillis(), used});
    }
  }

  /** The window [fromMs, toMs] (epoch milliseconds), after Spark's listener bus caught up. */
  Window window(long fromMs, long toMs) {
    drainListenerBus();
    long n = 0;
    Set<Long> stages = new HashSet<>();
    long peak = 0;
    synchronized (this) {
      for (long[] t : tasks) {
        if (t[0] >= fromMs && t[0] <= toMs) {
          n++;
          stages.add(t[1]);
        }
      }
      for (long[] h : heap) {
        if (h[0] >= fromMs && h[0] <= toMs) {
          peak = Math.max(peak, h[1]);
        }
      }
    }
    return new Window(n, stages.size(), peak);
  }

  /** Forgets what it saw so far (memory stays bounded over a long run). */
  synchronized void reset() {
    heap.clear();
    tasks.clear();
  }

  private void drainListenerBus() {
    // Task-end events reach listeners asynchronously; wait for the bus to deliver what is queued.
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (Exception e) { // a TimeoutException, undeclared by Scala
      // A stopped context has nothing left to deliver.
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    sc.removeSparkListener(listener);
  }
}
