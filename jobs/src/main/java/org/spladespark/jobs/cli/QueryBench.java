package org.spladespark.jobs.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.RunMetricsFile;
import org.spladespark.model.ModelBundle;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/**
 * {@code splade bench query}: throughput of the IDF query encoder ({@link QueryEncoder#encode}, the
 * path of {@code splade_query}, {@code SearchJob} and {@code SpladeIndex}) with DJL's tokenizer
 * against the pure-Java fast path, and the share of queries the fast path leaves to DJL. Each
 * engine is warmed up, then encodes the query list repeatedly for at least two seconds of CPU time
 * on each of {@code threads} threads. Reports queries per second of wall time and per CPU-second
 * (the per-core figure, robust to a busy machine). Checks that both engines give the same vectors.
 * Prints figures; asserts nothing.
 */
final class QueryBench {
  private static final long MIN_CPU_NANOS = 2_000_000_000L;

  private QueryBench() {}

  /** One engine's figures; {@code cpuSeconds} summed over the threads. */
  record Figures(String engine, long queries, double wallSeconds, double cpuSeconds) {
    double perWallSecond() {
      return queries / wallSeconds;
    }

    double perCpuSecond() {
      return queries / cpuSeconds;
    }
  }

  static Map<String, Object> run(
      ModelBundle model, String modelName, List<String> queries, int threads, PrintStream out)
      throws Exception {
    if (queries.isEmpty()) {
      throw SpladeException.of("bench query", "found no queries", "pass --queries QUERIES");
    }
    int fallbacks = 0;
    boolean identical = true;
    Figures djl;
    Figures fast;
    try (QueryEncoder d = QueryEncoder.create(model, TextTokenizer.Engine.DJL);
        QueryEncoder j = QueryEncoder.create(model, TextTokenizer.Engine.JAVA)) {
      for (String q : queries) {
        fallbacks += j.tokenizer().fastPathCovers(q) ? 0 : 1;
        SparseVector a = d.encode(q);
        SparseVector b = j.encode(q);
        identical &=
            Arrays.equals(a.indices(), b.indices()) && Arrays.equals(a.values(), b.values());
      }
      djl = measure("djl", d, queries, threads);
      fast = measure("java", j, queries, threads);
    }
    double share = fallbacks / (double) queries.size();
    out.printf(
        Locale.ROOT,
        "bench query: model=%s, %d queries, %d thread(s), fast path %s%n",
        modelName,
        queries.size(),
        threads,
        identical ? "gives DJL's vectors on every query" : "DIFFERS from DJL");
    for (Figures f : List.of(djl, fast)) {
      out.printf(
          Locale.ROOT,
          "  %-4s: %10.0f queries/s per CPU-second %10.0f queries/s wall (%d queries)%n",
          f.engine(),
          f.perCpuSecond(),
          f.perWallSecond(),
          f.queries());
    }
    out.printf(
        Locale.ROOT,
        "  java / djl: %.2fx per CPU-second; fallback to DJL: %d of %d queries (%.2f%%)%n",
        fast.perCpuSecond() / djl.perCpuSecond(),
        fallbacks,
        queries.size(),
        100 * share);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", modelName);
    json.put("queries", queries.size());
    json.put("threads", threads);
    json.put("identical_vectors", identical);
    json.put("fallback_queries", fallbacks);
    json.put("fallback_share", share);
    for (Figures f : List.of(djl, fast)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("queries_encoded", f.queries());
      m.put("wall_seconds", f.wallSeconds());
      m.put("cpu_seconds", f.cpuSeconds());
      m.put("queries_per_second_wall", f.perWallSecond());
      m.put("queries_per_cpu_second", f.perCpuSecond());
      json.put(f.engine(), m);
    }
    json.put("speedup_per_cpu_second", fast.perCpuSecond() / djl.perCpuSecond());
    return json;
  }

  static void write(Map<String, Object> json, Path outDir) {
    RunMetricsFile.write(outDir.resolve("bench-query.json"), json);
  }

  private static Figures measure(String name, QueryEncoder enc, List<String> queries, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> parts = new ArrayList<>();
      long wall0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        parts.add(pool.submit(() -> loop(enc, queries)));
      }
      long n = 0;
      long cpu = 0;
      for (Future<long[]> f : parts) {
        long[] r = f.get();
        n += r[0];
        cpu += r[1];
      }
      long wall = System.nanoTime() - wall0;
      return new Figures(name, n, wall / 1e9, cpu / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** Warm-up, then whole passes over the queries until two CPU-seconds: {queries, cpu nanos}. */
  private static long[] loop(QueryEncoder enc, List<String> queries) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long warm0 = mx.getCurrentThreadCpuTime();
    while (mx.getCurrentThreadCpuTime() - warm0 < MIN_CPU_NANOS / 2) {
      for (String q : queries) {
        sink += enc.encode(q).size();
      }
    }
    long n = 0;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long cpu;
    do {
      for (String q : queries) {
        sink += enc.encode(q).size();
      }
      n += queries.size();
      cpu = mx.getCurrentThreadCpuTime() - cpu0;
    } while (cpu < MIN_CPU_NANOS);
    if (sink < 0) {
      throw new IllegalStateException("unreachable: keeps the work observable");
    }
    return new long[] {n, cpu};
  }
}
