package org.spladespark.jobs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusJob;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.EncodeMetrics;
import org.spladespark.jobs.encode.FileTrees;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.encode.RunMetricsFile;
import org.spladespark.jobs.search.IndexTables;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.search.SearchJob;
import org.spladespark.jobs.search.SearchOptions;
import org.spladespark.jobs.search.SearchReport;
import org.spladespark.jobs.stats.SparsityStatsJob;
import org.spladespark.jobs.stats.SparsityStatsOptions;
import org.spladespark.jobs.verify.VerifyIndexJob;
import org.spladespark.jobs.verify.VerifyOptions;
import org.spladespark.jobs.verify.VerifyReport;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * {@code splade bench scale}: the whole pipeline on generated corpora of growing size, in process.
 * Per size N: generate N documents ({@link ScaleCorpus}, streamed to {@code OUT/corpus-N.jsonl}),
 * then encode (its validate, encode and index phases), stats, search (every query, top {@value
 * SearchOptions#DEFAULT_TOP_K}) and verify, each by the job's own {@code run}. Writes {@code
 * OUT/scale.json} and {@code OUT/scale.png} after every size, so a run cut short keeps what it
 * measured; a size that fails is written as {@code failed_size}: the phases it completed and the
 * error. Prints figures; asserts nothing beyond the verify job's verdict.
 */
public final class ScaleBench {
  /** The phases charted, in pipeline order. */
  static final List<String> PHASES =
      List.of("validate", "encode", "index", "stats", "search", "verify");

  private final SparkSession spark;
  private final ScaleOptions o;
  private final PrintStream console;
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final List<Map<String, Object>> sizes = new ArrayList<>();

  private ScaleBench(SparkSession spark, ScaleOptions o, PrintStream console) {
    this.spark = spark;
    this.o = o;
    this.console = console;
  }

  /**
   * Runs the benchmark; returns the {@code scale.json} content.
   *
   * @throws SpladeException when a job fails or the verify job finds a difference
   */
  public static Map<String, Object> run(SparkSession spark, ScaleOptions o, PrintStream console) {
    return new ScaleBench(spark, o, console).execute();
  }

  private Map<String, Object> execute() {
    ModelBundle bundle = ModelSource.resolve(o.model());
    ScaleCorpus corpus = ScaleCorpus.fromSource(o.source(), bundle.vocabulary(), o.seed());
    mkdirs(o.out());
    report.put("command", o.commandLine());
    report.put("seed", o.seed());
    report.put("source", o.source().toString());
    report.put("lexicon_words", corpus.lexiconSize());
    report.put("model", o.model());
    report.put("queries", o.queries());
    report.put("top_k", SearchOptions.DEFAULT_TOP_K);
    report.put("started_at", Instant.now().toString());
    report.put("machine", Machine.describe(spark));
    report.put("sizes", sizes);
    console.printf(
        Locale.ROOT,
        "splade bench scale: sizes %s, %,d queries, seed %d, source %s (%,d words), model %s,"
            + " out %s%n",
        o.docs(),
        o.queries(),
        o.seed(),
        o.source(),
        corpus.lexiconSize(),
        o.model(),
        o.out());

    Path queries = o.out().resolve("queries.jsonl");
    corpus.writeQueries(queries, o.queries());
    try (DriverProbe probe = new DriverProbe(spark.sparkContext())) {
      for (long n : o.docs()) {
        Map<String, Object> s = new LinkedHashMap<>();
        try {
          size(s, corpus, bundle, queries, n, probe);
        } catch (RuntimeException e) {
          // Nothing measured is lost: the phases this size completed go to scale.json with the
          // error; the growth and the chart keep to the sizes that completed.
          s.put("error", String.valueOf(e.getMessage()));
          report.put("failed_size", s);
          writeReport();
          throw e;
        }
        sizes.add(s);
        report.put("growth", Growth.of(sizes, PHASES));
        writeReport();
        probe.reset();
      }
    }
    report.put("load_average_end", Machine.loadAverage());
    writeReport();
    console.printf(
        "wrote %s and %s%n", o.out().resolve("scale.json"), o.out().resolve("scale.png"));
    return report;
  }

  /** Runs every phase at {@code n} documents, filling {@code s} as each phase completes. */
  private void size(
      Map<String, Object> s,
      ScaleCorpus corpus,
      ModelBundle bundle,
      Path queries,
      long n,
      DriverProbe probe) {
    s.put("docs", n);
    Path dir = o.out().resolve("n" + n);
    FileTrees.delete(dir);
    mkdirs(dir);
    Path file = o.out().resolve("corpus-" + n + ".jsonl");
    console.printf(Locale.ROOT, "[%,d docs] generating %s%n", n, file);
    long g0 = now();
    corpus.writeDocuments(file, n);
    Map<String, Object> generated = new LinkedHashMap<>();
    generated.put("file", file.toString());
    generated.put("bytes", size(file));
    generated.put("seconds", secs(g0));
    s.put("corpus", generated);

    String index = dir.resolve("index").toString();
    Map<String, Map<String, Object>> phases = new LinkedHashMap<>();
    s.put("phases", phases);

    console.printf(Locale.ROOT, "[%,d docs] encode%n", n);
    long e0 = now();
    EncodeMetrics em =
        EncodeCorpusJob.run(
            spark,
            EncodeCorpusOptions.builder()
                .input(new CorpusInput(file.toString(), InputFormat.JSONL, "_id", "text", ""))
                .encoder(EncoderSpec.cpu(o.model()))
                .tables(index)
                .build(),
            console);
    // The encode job's own clock splits its run into phases; the probe's windows follow it.
    long v1 = e0 + Math.round(em.timings().validateSeconds() * 1000);
    long c1 = v1 + Math.round(em.timings().encodeSeconds() * 1000);
    long i1 = now();
    phases.put("validate", phase(probe, n, e0, v1, em.timings().validateSeconds()));
    phases.put("encode", phase(probe, n, v1, c1, em.timings().encodeSeconds()));
    phases.put("index", phase(probe, n, c1, i1, em.timings().indexSeconds()));
    phases.get("encode").put("encode_tasks", em.counts().partitions());
    Map<String, Object> enc = new LinkedHashMap<>();
    enc.put("model_id", em.modelId());
    enc.put("tokens", em.counts().tokens());
    enc.put("tokens_per_doc", round(em.counts().tokens() / (double) n));
    enc.put("postings", em.counts().postings());
    enc.put("mean_active_dims", em.counts().meanActiveDims());
    enc.put("postings_files", em.counts().postingsFiles());
    enc.put("encode_tasks", em.counts().partitions());
    enc.put("job_seconds", em.timings().seconds());
    s.put("encode_job", enc);

    console.printf(Locale.ROOT, "[%,d docs] stats%n", n);
    long t0 = now();
    String statsDir = SparsityStatsJob.run(spark, SparsityStatsOptions.of(index, bundle.root()));
    phases.put("stats", phase(probe, n, t0, now(), secs(t0)));

    console.printf(Locale.ROOT, "[%,d docs] search: %,d queries, top %d%n", n, o.queries(), 100);
    t0 = now();
    SearchReport sr =
        SearchJob.run(
            spark,
            SearchOptions.builder()
                .queries(QuerySource.file(queries.toString()))
                .index(IndexTables.inFolder(index))
                .model(o.model())
                .outputTrec(dir.resolve("run.trec").toString())
                .overwrite(true)
                .build());
    Map<String, Object> search = phase(probe, n, t0, now(), secs(t0));
    double searchSeconds = (double) search.get("seconds");
    search.put("queries", sr.queries());
    search.put("queries_per_second", searchSeconds > 0 ? round(sr.queries() / searchSeconds) : 0);
    search.put("plan", sr.plan().toString());
    search.put("hits", sr.hits());
    phases.put("search", search);
    console.printf(
        Locale.ROOT,
        "[%,d docs] search: %s plan, %,d hits, %.1f queries/s%n",
        n,
        sr.plan(),
        sr.hits(),
        search.get("queries_per_second"));

    console.printf(Locale.ROOT, "[%,d docs] verify%n", n);
    t0 = now();
    VerifyReport vr = VerifyIndexJob.run(spark, VerifyOptions.of(index));
    phases.put("verify", phase(probe, n, t0, now(), secs(t0)));
    if (!vr.clean()) {
      throw SpladeException.of(
          "bench scale at " + n + " documents",
          "the verify job found differences: " + vr.render(),
          "report this as a bug with " + o.out().resolve("scale.json"));
    }
    double total = phases.values().stream().mapToDouble(p -> (double) p.get("seconds")).sum();
    s.put("pipeline_seconds", round(total));

    Map<String, Object> tables = new LinkedHashMap<>();
    for (String t : List.of(DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE)) {
      tables.put(t, TableSize.of(spark, index + "/" + t, n));
    }
    for (Path t : deltaTables(Path.of(statsDir))) {
      tables.put("stats/" + t.getFileName(), TableSize.of(spark, t.toString(), n));
    }
    s.put("tables", tables);
    s.put("executors", spark.sparkContext().statusTracker().getExecutorInfos().length);
    s.put("cores", spark.sparkContext().defaultParallelism());
    if (!o.keepCorpus()) {
      FileTrees.delete(file);
    }
    console.printf(
        Locale.ROOT,
        "[%,d docs] done: pipeline %.1f s (validate %.1f, encode %.1f, index %.1f, stats %.1f,"
            + " search %.1f, verify %.1f)%n",
        n,
        total,
        phases.get("validate").get("seconds"),
        phases.get("encode").get("seconds"),
        phases.get("index").get("seconds"),
        phases.get("stats").get("seconds"),
        phases.get("search").get("seconds"),
        phases.get("verify").get("seconds"));
  }

  private static Map<String, Object> phase(
      DriverProbe probe, long n, long fromMs, long toMs, double seconds) {
    probe.sample();
    DriverProbe.Window w = probe.window(fromMs, toMs);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", round(seconds));
    m.put("docs_per_second", seconds > 0 ? round(n / seconds) : 0);
    m.put("peak_driver_heap_bytes", w.peakHeapBytes());
    m.put("stages", w.stages());
    m.put("tasks", w.tasks());
    return m;
  }

  private void writeReport() {
    RunMetricsFile.write(o.out().resolve("scale.json"), report);
    ScaleChart.write(o.out().resolve("scale.png"), sizes, PHASES);
  }

  private static List<Path> deltaTables(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static double secs(long fromMs) {
    return (System.currentTimeMillis() - fromMs) / 1000.0;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  /** Rows, bytes and files of one Delta table, from its log ({@code DESCRIBE DETAIL}). */
  static final class TableSize {
    private TableSize() {}

    static Map<String, Object> of(SparkSession spark, String path, long docs) {
      Row d = spark.sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`").first();
      long bytes = d.getLong(d.fieldIndex("sizeInBytes"));
      long files = d.getLong(d.fieldIndex("numFiles"));
      long rows = TableRef.path(path).read(spark).count();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("bytes", bytes);
      m.put("files", files);
      m.put("bytes_per_doc", round(bytes / (double) docs));
      m.put("bytes_per_row", rows == 0 ? 0 : round(bytes / (double) rows));
      return m;
    }
  }

  /** The machine the run measured. */
  static final class Machine {
    private Machine() {}

    static Map<String, Object> describe(SparkSession spark) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cores", Runtime.getRuntime().availableProcessors());
      m.put("spark_cores", spark.sparkContext().defaultParallelism());
      m.put("spark_master", spark.sparkContext().master());
      m.put("cpu", cpuModel());
      m.put("java", System.getProperty("java.version"));
      m.put("driver_max_heap_bytes", Runtime.getRuntime().maxMemory());
      m.put("load_average_start", loadAverage());
      return m;
    }

    static double loadAverage() {
      return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String cpuModel() {
      Path info = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(info)) {
        return System.getProperty("os.arch");
      }
      try (Stream<String> lines = Files.lines(info)) {
        return lines
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .findFirst()
            .orElse(System.getProperty("os.arch"));
      } catch (IOException e) {
        return System.getProperty("os.arch");
      }
    }
  }
}
