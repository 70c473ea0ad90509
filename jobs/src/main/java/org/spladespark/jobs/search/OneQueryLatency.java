package org.spladespark.jobs.search;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spladespark.vector.SparseVector;

/**
 * {@code bench search}'s one-query figure: queries one at a time through {@link
 * SpladeIndex#search(SparseVector, int)}, as a service calls it after {@link SpladeIndex#open};
 * latency percentiles by nearest rank, NaN (null in JSON) when no query was timed.
 *
 * @param k hits per query
 * @param openSeconds the open: model loaded and checked, query encoder made, vectors loaded when
 *     they fit a quarter of the heap
 * @param inMemory whether the vectors are searched in memory (else through Spark)
 * @param queries the queries timed
 */
record OneQueryLatency(
    int k,
    double openSeconds,
    boolean inMemory,
    int queries,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    double meanMs) {
  private static final int SAMPLES = 1_000;
  private static final int SAMPLES_THROUGH_SPARK = 20;

  /**
   * Times the batch's first non-empty query vectors (up to 1,000 in memory, 20 through Spark) after
   * warming up on its last {@code warmUp} ones, which are not timed (a file cycled to {@code
   * --num-queries} repeats its queries, though).
   */
  static OneQueryLatency measure(
      SpladeIndex index, double openSeconds, QueryBatch batch, int k, int warmUp) {
    int warm = Math.min(warmUp, batch.size() / 2);
    for (int q = batch.size() - warm; q < batch.size(); q++) {
      index.search(batch.vector(q), k);
    }
    int cap = index.inMemory() ? SAMPLES : SAMPLES_THROUGH_SPARK;
    double[] ms = new double[Math.min(cap, batch.size() - warm)];
    int n = 0;
    for (int q = 0; q < batch.size() - warm && n < ms.length; q++) {
      SparseVector v = batch.vector(q);
      if (v.size() > 0) {
        long s = System.nanoTime();
        index.search(v, k);
        ms[n++] = (System.nanoTime() - s) / 1e6;
      }
    }
    double[] sorted = Arrays.copyOf(ms, n);
    Arrays.sort(sorted);
    return new OneQueryLatency(
        k,
        openSeconds,
        index.inMemory(),
        n,
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        percentile(sorted, 1.0),
        Arrays.stream(sorted).average().orElse(Double.NaN));
  }

  /** The {@code p} percentile of {@code sorted} by nearest rank ({@code p = 1}: the slowest). */
  static double percentile(double[] sorted, double p) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  Map<String, Object> toMap() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("k", k);
    f.put("open_seconds", openSeconds);
    f.put("in_memory", inMemory);
    f.put("queries", queries);
    f.put("p50_ms", orNull(p50Ms));
    f.put("p95_ms", orNull(p95Ms));
    f.put("p99_ms", orNull(p99Ms));
    f.put("max_ms", orNull(maxMs));
    f.put("mean_ms", orNull(meanMs));
    return f;
  }

  private static Double orNull(double ms) {
    return Double.isNaN(ms) ? null : ms;
  }
}
