package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A batch of queries on a fixed number of threads, one query per thread at a time, handed out in
 * order as threads free up (inter-query parallelism: the best throughput for a batch of short
 * searches). Each thread asks {@code worker} once for its own per-query function, so per-thread
 * state (a scorer's accumulators) needs no locking. Used alike by {@link SpladeIndex}'s batch
 * search and by {@link LuceneBaseline}, so the two run on the same footing.
 */
final class QueryThreads {
  private QueryThreads() {}

  /**
   * Calls one of {@code worker}'s functions with each query number in {@code [0, queries)}, on
   * {@code threads} threads (the caller's alone when 1); returns when all are done, rethrowing the
   * first failure.
   */
  static void run(int queries, int threads, Supplier<IntConsumer> worker) {
    if (threads <= 1 || queries <= 1) {
      IntConsumer w = worker.get();
      for (int q = 0; q < queries; q++) {
        w.accept(q);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  IntConsumer w = worker.get();
                  for (int q = next.getAndIncrement(); q < queries; q = next.getAndIncrement()) {
                    w.accept(q);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching a batch of queries", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
