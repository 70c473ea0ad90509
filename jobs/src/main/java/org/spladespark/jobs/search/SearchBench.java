package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.RunMetricsFile;
import org.spladespark.jobs.spark.Iterators;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.vector.SparseVector;

/**
 * {@code splade bench search}: the project's exact batch top-k against Lucene 9.12 on the same
 * document and query vectors ({@link LuceneBaseline}), on as many threads as Spark has cores.
 * Prints queries/s of both, their ratio and the mean top-k overlap, and writes {@code
 * OUT/bench-search.json}. Each engine first runs a warm-up batch (JIT, caches); the project's
 * figure is the whole Spark search of the batch, plan choice and collection of every hit to the
 * driver included; Lucene's the searches alone (doc ids looked up afterwards). Then it times one
 * query at a time through {@link SpladeIndex} after its open, as a service would call it (up to
 * 1,000 queries, latency percentiles in {@code one_query}). Asserts nothing.
 */
final class SearchBench {
  private static final int WARM_UP_QUERIES = 200;
  private static final int ONE_QUERY_SAMPLES = 1_000;
  private static final int ONE_QUERY_K = 10;

  /**
   * @param index index folder, or null with {@code docs}
   * @param docs documents of a synthetic index to generate under {@code out} (reused when present),
   *     or null
   * @param queries queries file (encoded with the model), or null for synthetic queries
   * @param numQueries queries to run: the file's cycled to this many (ids suffixed), or this many
   *     synthetic ones; null = the file's count (10,000 synthetic)
   */
  record Options(
      String index,
      Long docs,
      String queries,
      Integer numQueries,
      String model,
      List<Integer> ks,
      Path out,
      long seed) {}

  private SearchBench() {}

  static Map<String, Object> run(SparkSession spark, Options o, PrintStream console)
      throws Exception {
    Files.createDirectories(o.out());
    ModelBundle model = ModelBundle.load(Path.of(o.model()));
    Map<String, Object> report = new LinkedHashMap<>();
    int cores = spark.sparkContext().defaultParallelism();
    report.put("date", Instant.now().toString());
    report.put("cores", cores);
    report.put("load_average_before", loadAverage());

    String indexDir = o.index();
    SyntheticIndex synthetic = new SyntheticIndex(o.seed(), model.vocabSize());
    if (o.docs() != null) {
      indexDir = o.out().resolve("synthetic-" + o.docs() + "-seed" + o.seed()).toString();
      report.put("synthetic_seed", o.seed());
      if (Files.isDirectory(Path.of(indexDir, DocVectorsTable.TABLE))) {
        console.printf("bench search: reusing the synthetic index %s%n", indexDir);
      } else {
        console.printf(
            "bench search: generating %,d synthetic documents in %s%n", o.docs(), indexDir);
        long t0 = System.nanoTime();
        synthetic.write(spark, indexDir, o.docs(), "synthetic", model.vocabulary());
        report.put("generate_seconds", secs(t0));
      }
    }
    report.put("index", indexDir);
    IndexTables tables = IndexTables.inFolder(indexDir);
    // The query model is checked against the index's now, as SpladeIndex.open checks it at the end.
    IndexSearcher searcher =
        new IndexSearcher(spark, tables, SearchJob.checkedModelId(spark, tables, model, null));
    QueryBatch batch = queries(spark, o, model, synthetic);
    report.put("queries", batch.size());
    report.put("query_terms", batch.termCount());

    long t0 = System.nanoTime();
    LuceneBaseline lucene;
    Iterator<Row> rows =
        TableRef.path(indexDir)
            .child(DocVectorsTable.TABLE)
            .read(spark)
            .where(col(DocVectorsTable.MODEL_ID).equalTo(searcher.modelId()))
            .select(DocVectorsTable.DOC_ID, DocVectorsTable.TOKEN_IDS, DocVectorsTable.WEIGHTS)
            .toLocalIterator();
    long[] nonZeros = {0};
    Iterator<LuceneBaseline.Doc> docs =
        Iterators.map(
            rows,
            r -> {
              SparseVector v = DocVectorsTable.vector(r);
              nonZeros[0] += v.size();
              return new LuceneBaseline.Doc(r.getString(0), v.indices(), v.values());
            });
    lucene = LuceneBaseline.build(o.out().resolve("lucene-index"), docs);
    report.put("documents", lucene.size());
    report.put("non_zeros", nonZeros[0]);
    report.put("lucene_index_seconds", secs(t0));
    console.printf(
        Locale.ROOT,
        "bench search: %,d documents (%,d non-zeros), %,d queries (%,d terms), %d cores;"
            + " Lucene index built in %.1f s%n",
        lucene.size(),
        nonZeros[0],
        batch.size(),
        batch.termCount(),
        cores,
        secs(t0));

    List<Query> luceneQueries = new ArrayList<>(batch.size());
    for (int q = 0; q < batch.size(); q++) {
      luceneQueries.add(LuceneBaseline.query(batch.vector(q)));
    }
    try (lucene) {
      int kMax = o.ks().stream().mapToInt(Integer::intValue).max().orElse(10);
      int warm = Math.min(WARM_UP_QUERIES, batch.size());
      ours(spark, searcher, subBatch(batch, warm), kMax, model);
      lucene.search(luceneQueries.subList(0, warm), kMax, cores);

      List<Map<String, Object>> figures = new ArrayList<>();
      for (int k : o.ks()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("k", k);
        t0 = System.nanoTime();
        long c0 = cpuNanos();
        Ours ours = ours(spark, searcher, batch, k, model);
        double oursSecs = secs(t0);
        double oursCpu = (cpuNanos() - c0) / 1e9;
        t0 = System.nanoTime();
        c0 = cpuNanos();
        int[][] theirs = lucene.search(luceneQueries, k, cores);
        double luceneSecs = secs(t0);
        double luceneCpu = (cpuNanos() - c0) / 1e9;
        f.put("splade_cpu_seconds", oursCpu);
        f.put("lucene_cpu_seconds", luceneCpu);
        f.put("plan", ours.plan.toString().toLowerCase(Locale.ROOT));
        f.put("plan_reason", ours.reason);
        f.put("splade_seconds", oursSecs);
        f.put("splade_qps", batch.size() / oursSecs);
        f.put("lucene_seconds", luceneSecs);
        f.put("lucene_qps", batch.size() / luceneSecs);
        f.put("ratio_splade_to_lucene", luceneSecs / oursSecs);
        f.put("mean_overlap", overlap(ours.hits, theirs, lucene));
        figures.add(f);
        console.printf(
            Locale.ROOT,
            "  k=%-4d splade (%s plan): %9.1f queries/s (%.2f s, %.2f cpu-s) | lucene: %9.1f"
                + " queries/s (%.2f s, %.2f cpu-s) | splade/lucene %.2f | mean top-k overlap"
                + " %.4f%n",
            k,
            f.get("plan"),
            batch.size() / oursSecs,
            oursSecs,
            oursCpu,
            batch.size() / luceneSecs,
            luceneSecs,
            luceneCpu,
            luceneSecs / oursSecs,
            (double) f.get("mean_overlap"));
      }
      report.put("figures", figures);
    }
    OneQuery one = oneQuery(spark, tables, o.model(), searcher.modelId(), batch);
    report.put("one_query", one.toMap());
    console.printf(
        Locale.ROOT,
        "  one query at a time (SpladeIndex, k=%d, %s, opened in %.1f s): p50 %.2f ms, p95 %.2f"
            + " ms, p99 %.2f ms, max %.2f ms over %d queries%n",
        ONE_QUERY_K,
        one.inMemory() ? "vectors in memory" : "through Spark",
        one.openSeconds(),
        one.ms(0.50),
        one.ms(0.95),
        one.ms(0.99),
        one.ms(1.0),
        one.sortedMs().length);
    report.put("load_average_after", loadAverage());
    report.put(
        "overlap_definition",
        "mean over queries of |lucene top-k ∩ exact top-k| / |exact top-k|; Lucene's FeatureField"
            + " keeps 9 significant bits of each document weight (relative error < 2^-8), so"
            + " hits within ~0.4% of the k-th score may differ");
    Path json = o.out().resolve("bench-search.json");
    RunMetricsFile.write(json, report);
    console.printf(
        Locale.ROOT,
        "  load average %.2f before, %.2f after (the machine may be shared); wrote %s%n",
        (double) report.get("load_average_before"),
        (double) report.get("load_average_after"),
        json);
    return report;
  }

  /**
   * One query at a time through {@link SpladeIndex#search(SparseVector, int)}, as a service calls
   * it after {@link SpladeIndex#open}.
   *
   * @param openSeconds the open: model loaded and checked, query encoder made, vectors loaded when
   *     they fit a quarter of the heap
   * @param inMemory whether the vectors are searched in memory (else through Spark)
   * @param sortedMs each timed query's milliseconds, ascending
   */
  private record OneQuery(double openSeconds, boolean inMemory, double[] sortedMs) {
    /** The {@code p} percentile by nearest rank ({@code p = 1}: the slowest); NaN if none. */
    double ms(double p) {
      return sortedMs.length == 0
          ? Double.NaN
          : sortedMs[Math.max(0, (int) Math.ceil(p * sortedMs.length) - 1)];
    }

    Map<String, Object> toMap() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("k", ONE_QUERY_K);
      f.put("open_seconds", openSeconds);
      f.put("in_memory", inMemory);
      f.put("queries", sortedMs.length);
      boolean any = sortedMs.length > 0;
      f.put("p50_ms", any ? ms(0.50) : null);
      f.put("p95_ms", any ? ms(0.95) : null);
      f.put("p99_ms", any ? ms(0.99) : null);
      f.put("max_ms", any ? ms(1.0) : null);
      f.put("mean_ms", any ? Arrays.stream(sortedMs).average().getAsDouble() : null);
      return f;
    }
  }

  /**
   * {@link OneQuery} over the batch's first non-empty query vectors (latency percentiles by nearest
   * rank), after warming up on its last ones, which are not timed (a file cycled to {@code
   * --num-queries} repeats its queries, though); through Spark (vectors too large for memory) only
   * a few are timed.
   */
  private static OneQuery oneQuery(
      SparkSession spark, IndexTables tables, String model, String modelId, QueryBatch batch) {
    long t0 = System.nanoTime();
    try (SpladeIndex index = SpladeIndex.open(spark, tables, model, modelId)) {
      double open = secs(t0);
      int warm = Math.min(WARM_UP_QUERIES, batch.size() / 2);
      for (int q = batch.size() - warm; q < batch.size(); q++) {
        index.search(batch.vector(q), ONE_QUERY_K);
      }
      int cap = index.inMemory() ? ONE_QUERY_SAMPLES : 20;
      double[] ms = new double[Math.min(cap, batch.size() - warm)];
      int n = 0;
      for (int q = 0; q < batch.size() - warm && n < ms.length; q++) {
        SparseVector v = batch.vector(q);
        if (v.size() > 0) {
          long s = System.nanoTime();
          index.search(v, ONE_QUERY_K);
          ms[n++] = (System.nanoTime() - s) / 1e6;
        }
      }
      double[] timed = Arrays.copyOf(ms, n);
      Arrays.sort(timed);
      return new OneQuery(open, index.inMemory(), timed);
    }
  }

  /** The project's hits: per query, the doc ids in rank order. */
  private record Ours(Plan plan, String reason, List<List<String>> hits) {}

  private static Ours ours(
      SparkSession spark, IndexSearcher searcher, QueryBatch batch, int k, ModelBundle model) {
    IndexSearcher.PlanChoice choice = searcher.choose(batch, Plan.AUTO, model.vocabulary());
    List<List<String>> hits = new ArrayList<>(batch.size());
    for (int q = 0; q < batch.size(); q++) {
      hits.add(new ArrayList<>());
    }
    try (RankedRows results = searcher.search(batch, k, choice.plan())) {
      for (Row r : results.ordered()) {
        hits.get(r.getInt(0)).add(r.getString(2));
      }
    }
    return new Ours(choice.plan(), choice.reason(), hits);
  }

  private static double overlap(List<List<String>> exact, int[][] lucene, LuceneBaseline index) {
    double sum = 0;
    int n = 0;
    for (int q = 0; q < exact.size(); q++) {
      List<String> e = exact.get(q);
      if (e.isEmpty()) {
        continue;
      }
      Set<String> l = new HashSet<>();
      for (int d : lucene[q]) {
        l.add(index.id(d));
      }
      int common = 0;
      for (String id : e) {
        common += l.contains(id) ? 1 : 0;
      }
      sum += common / (double) e.size();
      n++;
    }
    return n == 0 ? 1.0 : sum / n;
  }

  private static QueryBatch queries(
      SparkSession spark, Options o, ModelBundle model, SyntheticIndex synthetic) {
    if (o.queries() == null) {
      return synthetic.queries(o.numQueries() != null ? o.numQueries() : 10_000);
    }
    QueryBatch file =
        SearchJob.encode(model, QueryReader.read(spark, QuerySource.file(o.queries())));
    if (file.size() == 0) {
      throw SpladeException.of(o.queries(), "has no queries", "pass a non-empty queries file");
    }
    int n = o.numQueries() != null ? o.numQueries() : file.size();
    List<String> ids = new ArrayList<>(n);
    List<SparseVector> vectors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int q = i % file.size();
      ids.add(i < file.size() ? file.id(q) : file.id(q) + "#" + (i / file.size()));
      vectors.add(file.vector(q));
    }
    return QueryBatch.of(ids, vectors);
  }

  private static QueryBatch subBatch(QueryBatch batch, int n) {
    List<String> ids = new ArrayList<>(n);
    List<SparseVector> vectors = new ArrayList<>(n);
    for (int q = 0; q < n; q++) {
      ids.add(batch.id(q));
      vectors.add(batch.vector(q));
    }
    return QueryBatch.of(ids, vectors);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** CPU time of this whole JVM (all threads, Spark's local executors included). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
