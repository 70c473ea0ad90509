package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * Prints queries/s, their ratio and the mean top-k overlap, and writes {@code
 * OUT/bench-search.json}. Each engine first runs the whole batch once untimed (JIT, caches); then
 * every batch runs {@link #REPEATS} times, the engines interleaved round by round (each round
 * starting one engine later), and the median run counts (every run's seconds are in the JSON). Two
 * figures of the project: the whole Spark search of the batch from the Delta tables (plan choice,
 * reading and slicing the index, collection of every hit to the driver included), and the batch
 * through an opened {@link SpladeIndex} (vectors in memory, one query per thread at a time), which
 * is Lucene's footing: Lucene's figure is the searches alone on its opened index (doc ids looked up
 * afterwards). Then it times one query at a time through {@link SpladeIndex} ({@link
 * OneQueryLatency}). Asserts nothing, but says whether the in-memory hits equal Spark's.
 */
final class SearchBench {
  /** Queries of the one-query-at-a-time warm-up. */
  private static final int WARM_UP_QUERIES = 200;

  private static final int ONE_QUERY_K = 10;

  /** Timed batches per engine and k, interleaved round by round; the median one counts. */
  static final int REPEATS = 3;

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
      if (SyntheticIndex.isComplete(spark, indexDir)) {
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
    report.put("repeats", REPEATS);

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
            + " Lucene index built in %.1f s; each figure the median of %d interleaved runs%n",
        lucene.size(),
        nonZeros[0],
        batch.size(),
        batch.termCount(),
        cores,
        secs(t0),
        REPEATS);

    List<Query> luceneQueries = new ArrayList<>(batch.size());
    List<SparseVector> vectors = new ArrayList<>(batch.size());
    for (int q = 0; q < batch.size(); q++) {
      luceneQueries.add(LuceneBaseline.query(batch.vector(q)));
      vectors.add(batch.vector(q));
    }
    t0 = System.nanoTime();
    long onDriver = SpladeIndex.driverBytes();
    try (lucene;
        SpladeIndex index =
            SpladeIndex.open(
                spark, tables, model, searcher.modelId(), SpladeIndex.Residence.AUTO, onDriver)) {
      double openSeconds = secs(t0);
      t0 = System.nanoTime();
      try (SpladeIndex cached =
          SpladeIndex.open(
              spark,
              tables,
              model,
              searcher.modelId(),
              SpladeIndex.Residence.EXECUTORS,
              onDriver)) {
        report.put("executors_open_seconds", secs(t0));
        int kMax = o.ks().stream().mapToInt(Integer::intValue).max().orElse(10);
        // The whole batch once, untimed: a 200-query warm-up left Lucene's first timed batch
        // several times slower than its next ones (JIT, the new index's pages).
        ours(spark, searcher, batch, kMax, model);
        index.search(vectors, kMax, cores);
        cached.search(vectors, kMax, cores);
        lucene.search(luceneQueries, kMax, cores);
        List<Map<String, Object>> figures = new ArrayList<>();
        for (int k : o.ks()) {
          Timed.Runs<Ours> sparkRuns =
              new Timed.Runs<>(() -> ours(spark, searcher, batch, k, model));
          Timed.Runs<List<List<Hit>>> driverRuns =
              index.inMemory() ? new Timed.Runs<>(() -> index.search(vectors, k, cores)) : null;
          Timed.Runs<List<List<Hit>>> executorRuns =
              new Timed.Runs<>(() -> cached.search(vectors, k, cores));
          Timed.Runs<int[][]> luceneRuns =
              new Timed.Runs<>(() -> lucene.search(luceneQueries, k, cores));
          List<Timed.Runs<?>> engines =
              new ArrayList<>(List.of(luceneRuns, sparkRuns, executorRuns));
          if (driverRuns != null) {
            engines.add(driverRuns);
          }
          // Each round starts one engine later, so none always runs right after the same one.
          for (int r = 0; r < REPEATS; r++) {
            for (int e = 0; e < engines.size(); e++) {
              engines.get((r + e) % engines.size()).run();
            }
          }
          Timed<Ours> viaSpark = sparkRuns.median();
          Timed<List<List<Hit>>> inMemory = driverRuns == null ? null : driverRuns.median();
          Timed<List<List<Hit>>> onExecutors = executorRuns.median();
          Timed<int[][]> theirs = luceneRuns.median();
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("k", k);
          f.put("lucene_seconds", theirs.seconds());
          f.put("lucene_cpu_seconds", theirs.cpuSeconds());
          f.put("lucene_seconds_runs", theirs.runSeconds());
          f.put("lucene_qps", batch.size() / theirs.seconds());
          f.put("plan", viaSpark.value().plan.toString().toLowerCase(Locale.ROOT));
          f.put("plan_reason", viaSpark.value().reason);
          putRate(f, "splade", viaSpark, theirs, batch.size());
          f.put("mean_overlap", overlap(viaSpark.value().hits, theirs.value(), lucene));
          console.printf(
              Locale.ROOT,
              "  k=%-4d lucene             %9.1f queries/s (%.2f s, %.2f cpu-s)%n"
                  + "         splade, Spark      %9.1f queries/s (%.2f s, %.2f cpu-s, %s plan):"
                  + " %.2f x lucene, mean top-k overlap %.4f%n",
              k,
              batch.size() / theirs.seconds(),
              theirs.seconds(),
              theirs.cpuSeconds(),
              batch.size() / viaSpark.seconds(),
              viaSpark.seconds(),
              viaSpark.cpuSeconds(),
              f.get("plan"),
              theirs.seconds() / viaSpark.seconds(),
              (double) f.get("mean_overlap"));
          Variant.IN_MEMORY.report(console, f, inMemory, theirs, viaSpark.value().hits);
          Variant.EXECUTORS.report(console, f, onExecutors, theirs, viaSpark.value().hits);
          figures.add(f);
        }
        report.put("figures", figures);
      }
      OneQueryLatency one =
          OneQueryLatency.measure(index, openSeconds, batch, ONE_QUERY_K, WARM_UP_QUERIES);
      report.put("one_query", one.toMap());
      console.printf(
          Locale.ROOT,
          "  one query at a time (SpladeIndex, k=%d, %s, opened in %.1f s): p50 %.2f ms, p95 %.2f"
              + " ms, p99 %.2f ms, max %.2f ms over %d queries%n",
          ONE_QUERY_K,
          one.inMemory() ? "vectors in memory" : "through Spark",
          one.openSeconds(),
          one.p50Ms(),
          one.p95Ms(),
          one.p99Ms(),
          one.maxMs(),
          one.queries());
    }
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

  /** A {@link SpladeIndex} batch measured beside the Spark job's and Lucene's. */
  private enum Variant {
    IN_MEMORY("in_memory", "in memory ", "SpladeIndex, slices on the driver"),
    EXECUTORS("executors", "executors ", "SpladeIndex, slices cached on the executors");

    private final String key;
    private final String label;
    private final String what;

    Variant(String key, String label, String what) {
      this.key = key;
      this.label = label;
      this.what = what;
    }

    /** Puts its figures in {@code f} (keys {@code <key>_...}) and prints them; null: not run. */
    void report(
        PrintStream console,
        Map<String, Object> f,
        Timed<List<List<Hit>>> run,
        Timed<int[][]> lucene,
        List<List<String>> spark) {
      if (run == null) {
        return;
      }
      int queries = spark.size();
      boolean same = sameDocs(run.value(), spark);
      putRate(f, key, run, lucene, queries);
      f.put(key + "_hits_equal_spark", same);
      console.printf(
          Locale.ROOT,
          "         splade, %s %9.1f queries/s (%.2f s, %.2f cpu-s, %s): %.2f x lucene, hits %s"
              + " Spark's%n",
          label,
          queries / run.seconds(),
          run.seconds(),
          run.cpuSeconds(),
          what,
          lucene.seconds() / run.seconds(),
          same ? "equal to" : "DIFFER FROM");
    }
  }

  /** A run's {@code <key>_seconds}, {@code _cpu_seconds}, {@code _qps} and ratio to Lucene's. */
  private static void putRate(
      Map<String, Object> f, String key, Timed<?> run, Timed<int[][]> lucene, int queries) {
    f.put(key + "_seconds", run.seconds());
    f.put(key + "_cpu_seconds", run.cpuSeconds());
    f.put(key + "_seconds_runs", run.runSeconds());
    f.put(key + "_qps", queries / run.seconds());
    f.put("ratio_" + key + "_to_lucene", lucene.seconds() / run.seconds());
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

  /** Whether every query has the same doc ids in the same order in both. */
  private static boolean sameDocs(List<List<Hit>> inMemory, List<List<String>> spark) {
    for (int q = 0; q < spark.size(); q++) {
      if (!inMemory.get(q).stream().map(Hit::docId).toList().equals(spark.get(q))) {
        return false;
      }
    }
    return true;
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

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
