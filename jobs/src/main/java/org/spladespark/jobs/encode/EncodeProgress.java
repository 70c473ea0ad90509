package org.spladespark.jobs.encode;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Console progress of the encoding stage: documents done / total, documents per second and ETA, one
 * line every few seconds.
 *
 * <p>Documents done = the final counts of finished tasks ({@link #onTaskEnd}) plus the latest
 * counts of running tasks, which executors send with their heartbeats ({@code
 * spark.executor.heartbeatInterval}, 10 s by default) — so a long task shows progress before it
 * ends. Both come from one {@link LongAccumulator} that the encoder adds each chunk to. Failed
 * attempts count nothing.
 *
 * <p>Listener callbacks run on Spark's listener thread, printing on a daemon timer: state is in
 * concurrent maps and atomics.
 */
public final class EncodeProgress extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final long accumulatorId;
  private final long total;
  private final PrintStream out;
  private final String verb;
  private final long started = System.nanoTime();
  private final AtomicLong finished = new AtomicLong();
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private final Set<Long> ended = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private volatile long lastPrinted = -1;

  private EncodeProgress(
      SparkContext sc,
      long accumulatorId,
      long total,
      PrintStream out,
      String verb,
      ScheduledExecutorService timer) {
    this.sc = sc;
    this.verb = verb;
    this.accumulatorId = accumulatorId;
    this.total = total;
    this.out = out;
    this.timer = timer;
  }

  /**
   * Starts reporting the documents a stage has done, its lines led by {@code verb} ({@code encode},
   * {@code export}); {@code seconds == 0} tracks without printing. Close to stop. The timer and the
   * listener start here, once the object is whole.
   */
  public static EncodeProgress start(
      SparkContext sc,
      LongAccumulator docs,
      long total,
      int seconds,
      PrintStream out,
      String verb) {
    ScheduledExecutorService timer =
        seconds > 0 ? Executors.newSingleThreadScheduledExecutor(EncodeProgress::daemon) : null;
    EncodeProgress p = new EncodeProgress(sc, docs.id(), total, out, verb, timer);
    if (timer != null) {
      timer.scheduleAtFixedRate(p::print, seconds, seconds, TimeUnit.SECONDS);
    }
    sc.addSparkListener(p);
    return p;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "splade-encode-progress");
    t.setDaemon(true);
    return t;
  }

  /** Documents encoded so far (finished tasks + running tasks' last heartbeat), at most total. */
  long done() {
    long sum = finished.get();
    for (long v : running.values()) {
      sum += v;
    }
    return Math.min(sum, total);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    long task = end.taskInfo().taskId();
    ended.add(task);
    running.remove(task);
    if (end.reason() instanceof Success$) {
      Long v = value(end.taskInfo().accumulables());
      if (v != null) {
        finished.addAndGet(v);
      }
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t :
        CollectionConverters.asJava(update.accumUpdates())) {
      long task = (Long) t._1();
      Long v = value(t._4());
      if (v != null && !ended.contains(task)) {
        running.put(task, v);
      }
    }
  }

  private Long value(scala.collection.Seq<AccumulableInfo> infos) {
    for (AccumulableInfo info : CollectionConverters.asJava(infos)) {
      if (info.id() == accumulatorId && info.update().isDefined()) {
        return ((Number) info.update().get()).longValue();
      }
    }
    return null;
  }

  private void print() {
    long done = done();
    if (done == lastPrinted) {
      return;
    }
    lastPrinted = done;
    out.println(line(verb, done, total, (System.nanoTime() - started) / 1e9));
  }

  /** {@code encode: 1,234/5,183 docs (23.8%), 96.1 docs/s, ETA 0:00:41}. */
  public static String line(long done, long total, double seconds) {
    return line("encode", done, total, seconds);
  }

  /** {@link #line(long, long, double)} led by {@code verb} instead of {@code encode}. */
  public static String line(String verb, long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? clock((total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "%s: %,d/%,d docs (%.1f%%), %.1f docs/s, ETA %s",
        verb,
        done,
        total,
        total == 0 ? 100.0 : 100.0 * done / total,
        rate,
        eta);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
