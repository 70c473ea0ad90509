package org.spladespark.jobs.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.encode.ModelFingerprint;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.BadRowPolicy;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusJob;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.EncodeMetrics;
import org.spladespark.jobs.encode.FileTrees;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.search.Hit;
import org.spladespark.jobs.search.IndexTables;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.search.SearchJob;
import org.spladespark.jobs.search.SearchOptions;
import org.spladespark.jobs.search.SearchReport;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.schemas.TableRef;

/**
 * The pipeline as a {@link Retriever}: for each dataset, {@link EncodeCorpusJob} encodes the BEIR
 * folder's corpus into an index ({@code doc_vectors}, {@code postings}, {@code token_stats}), then
 * {@link SearchJob} retrieves the exact top {@code k} of the evaluated queries into the index's
 * {@code search_results} table, which is read back and {@link ExactRetriever#pad padded} with
 * zero-score documents as the reference ranks the whole corpus. The corpus sparsity counts come
 * from {@code doc_vectors}' token ids (aggregated on Spark), the query counts from the same query
 * encoder SearchJob uses.
 *
 * <p>Documents are never rejected for length (the reference truncates them all); any other bad row
 * (missing text, repeated id) fails the run, naming the rows, as {@code splade encode} does.
 *
 * <p>Scores are SearchJob's: float32 dot products in ascending token order, the arithmetic of
 * {@link ExactRetriever}. The two retrievers give the same metrics when the document vectors are
 * the same floats; a vector depends by float noise (~1e-6) on the batch it was encoded in, and the
 * pipeline batches per hash chunk of ~256 documents while the exact retriever batches the whole
 * corpus, so on corpora above one chunk a near-tie may rank differently.
 *
 * <p>Index folders: {@code --index} (one dataset) or {@code <index>/<dataset>} (several), kept; or
 * a temporary folder under {@code --out}, deleted by {@link #close}. Not thread-safe.
 */
final class SparkRetriever implements Retriever, AutoCloseable {
  private static final AtomicInteger VIEWS = new AtomicInteger();
  private static final StructType QUERIES =
      new StructType()
          .add(SearchResultsTable.QUERY_ID, DataTypes.StringType, false)
          .add("text", DataTypes.StringType, false);

  private final SparkSession spark;
  private final EvaluateOptions options;
  private final PrintStream console;
  private final ModelBundle bundle;
  private final EncoderSpec encoder;
  private final String index;
  private String modelId;
  private final boolean perDataset;
  private final Path temporary;

  private SparkRetriever(
      SparkSession spark,
      EvaluateOptions options,
      PrintStream console,
      String index,
      boolean perDataset,
      Path temporary) {
    this.spark = spark;
    this.options = options;
    this.console = console;
    this.bundle = ModelSource.resolve(options.model());
    this.encoder = EncoderSpec.cpu(modelLocation(options.model())).withPooledGraph(options.graph());
    this.index = index;
    this.perDataset = perDataset;
    this.temporary = temporary;
  }

  /**
   * The retriever of {@code options} for {@code datasets} datasets; creates the temporary index
   * folder when {@code options} names none.
   */
  static SparkRetriever create(
      SparkSession spark, EvaluateOptions options, int datasets, PrintStream console) {
    if (options.index() != null) {
      return new SparkRetriever(
          spark, options, console, localAbsolute(options.index()), datasets > 1, null);
    }
    Path tmp;
    try {
      Files.createDirectories(options.out());
      tmp = Files.createTempDirectory(options.out().toAbsolutePath(), "index-");
    } catch (IOException e) {
      throw SpladeException.failed(
          options.out().toString(),
          "cannot hold the temporary index",
          "check the folder, or pass --index",
          e);
    }
    return new SparkRetriever(spark, options, console, tmp.toString(), true, tmp);
  }

  /** The index folder of {@code dataset}. */
  String indexFolder(BeirDataset dataset) {
    if (!perDataset) {
      return index;
    }
    String name = dataset.name().isEmpty() ? "dataset" : dataset.name();
    return index.endsWith("/") ? index + name : index + "/" + name;
  }

  @Override
  public RetrievalRun retrieve(BeirDataset dataset, Map<String, String> queries, int k) {
    if (dataset.folder() == null) {
      throw new IllegalArgumentException(
          "dataset " + dataset.name() + " was not read from a folder; the pipeline encodes files");
    }
    String folder = indexFolder(dataset);
    long t0 = System.nanoTime();
    String modelId = modelId();
    boolean reused = holdsCorpus(folder, modelId, dataset.corpus().keySet());
    long docs;
    if (reused) {
      // The index already holds this model's vectors of every document: search it as it is.
      docs = dataset.corpus().size();
    } else {
      EncodeMetrics encoded =
          EncodeCorpusJob.run(
              spark,
              EncodeCorpusOptions.builder()
                  .input(
                      new CorpusInput(
                          dataset.folder().toString(), InputFormat.BEIR, "_id", "text", "title"))
                  .encoder(encoder)
                  .tables(folder)
                  .onBadRows(BadRowPolicy.FAIL)
                  .maxDocWordpieces(Integer.MAX_VALUE)
                  .build(),
              console);
      modelId = encoded.modelId();
      docs = encoded.counts().docs();
      if (encoded.counts().docs() != dataset.corpus().size()) {
        throw SpladeException.of(
            dataset.folder().resolve("corpus.jsonl").toString(),
            "holds "
                + dataset.corpus().size()
                + " documents as the evaluator reads it but "
                + encoded.counts().docs()
                + " as splade encode reads it",
            "look for lines the two readers treat differently (ids, blank or malformed lines)");
      }
    }
    long t1 = System.nanoTime();

    String view = "splade_evaluate_queries_" + VIEWS.incrementAndGet();
    List<Row> rows = new ArrayList<>(queries.size());
    queries.forEach((id, text) -> rows.add(RowFactory.create(id, text)));
    spark.createDataFrame(rows, QUERIES).createOrReplaceTempView(view);
    TableRef results = TableRef.path(folder).child(SearchResultsTable.TABLE);
    SearchReport report;
    try {
      report =
          SearchJob.run(
              spark,
              SearchOptions.builder()
                  .queries(QuerySource.table(TableRef.name(view)))
                  .index(IndexTables.inFolder(folder))
                  .model(bundle.root().toString())
                  .modelId(modelId)
                  .topK(k)
                  .plan(options.plan())
                  .outputTable(results)
                  .overwrite(true)
                  .build());
    } finally {
      spark.catalog().dropTempView(view);
    }
    Map<String, List<Hit>> found = new LinkedHashMap<>();
    queries.keySet().forEach(id -> found.put(id, new ArrayList<>()));
    for (Row r :
        results
            .read(spark)
            .where(col(SearchResultsTable.MODEL_ID).equalTo(modelId))
            .select(
                SearchResultsTable.QUERY_ID, SearchResultsTable.DOC_ID, SearchResultsTable.SCORE)
            .collectAsList()) {
      List<Hit> hits = found.get(r.getString(0));
      if (hits == null) {
        throw new IllegalStateException(results + " holds query " + r.getString(0));
      }
      hits.add(new Hit(r.getString(1), r.getFloat(2)));
    }
    Map<String, List<Hit>> padded = new LinkedHashMap<>();
    found.forEach(
        (id, hits) -> padded.put(id, ExactRetriever.pad(hits, dataset.corpus().keySet(), k)));
    long t2 = System.nanoTime();
    console.printf(
        Locale.ROOT,
        "evaluate %s: %s %,d documents %s %s in %.1f s; searched %d queries (%s plan, %s)"
            + " in %.1f s%n",
        dataset.name(),
        reused ? "reused the vectors of" : "encoded",
        docs,
        reused ? "in" : "into",
        folder,
        (t1 - t0) / 1e9,
        report.queries(),
        report.plan().name().toLowerCase(Locale.ROOT),
        report.planReason(),
        (t2 - t1) / 1e9);
    return new RetrievalRun(padded, queryCounts(queries), corpusCounts(folder, modelId));
  }

  /** The model id encoding would write: the fingerprint of the model and its pooled graph. */
  private String modelId() {
    if (modelId == null) {
      modelId = ModelFingerprint.of(bundle, ExecutorEncoders.pooledGraph(bundle, encoder));
    }
    return modelId;
  }

  /**
   * Whether the index's doc_vectors hold exactly one vector of {@code modelId} for every document
   * of the corpus and no other document of that model; false when there is no such table.
   */
  private boolean holdsCorpus(String folder, String modelId, java.util.Set<String> corpusIds) {
    TableRef docVectors = TableRef.path(folder).child(DocVectorsTable.TABLE);
    if (!docVectors.exists(spark)) {
      return false;
    }
    List<Row> ids =
        docVectors
            .read(spark)
            .where(col(DocVectorsTable.MODEL_ID).equalTo(modelId))
            .select(DocVectorsTable.DOC_ID)
            .collectAsList();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Row r : ids) {
      if (!seen.add(r.getString(0))) {
        return false;
      }
    }
    return seen.equals(corpusIds);
  }

  /** Non-zeros of the queries as SearchJob encodes them (the model's query side). */
  private SparsityCounter queryCounts(Map<String, String> queries) {
    SparsityCounter c = new SparsityCounter(bundle.vocabSize());
    try (QueryEncoder q = QueryEncoder.create(bundle)) {
      queries.values().forEach(text -> c.add(q.encode(text)));
    }
    return c;
  }

  /** Non-zeros of {@code doc_vectors}' token ids, counted per token on Spark. */
  private SparsityCounter corpusCounts(String folder, String modelId) {
    Dataset<Row> vectors =
        TableRef.path(folder)
            .child(DocVectorsTable.TABLE)
            .read(spark)
            .where(col(DocVectorsTable.MODEL_ID).equalTo(modelId));
    long docs = vectors.count();
    List<Row> perToken =
        vectors
            .select(explode(col(Columns.TOKEN_IDS)).as(Columns.TOKEN_ID))
            .groupBy(Columns.TOKEN_ID)
            .count()
            .collectAsList();
    int[] tokens = new int[perToken.size()];
    long[] counts = new long[perToken.size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = perToken.get(i).getInt(0);
      counts[i] = perToken.get(i).getLong(1);
    }
    SparsityCounter c = new SparsityCounter(bundle.vocabSize());
    c.addCounts(docs, tokens, counts);
    return c;
  }

  /** Deletes the temporary index folder, if any. */
  @Override
  public void close() {
    if (temporary != null) {
      FileTrees.delete(temporary);
    }
  }

  /** An existing local folder made absolute (executors resolve it); hub ids as they are. */
  private static String modelLocation(String model) {
    Path p = Path.of(model);
    return Files.isDirectory(p) ? p.toAbsolutePath().normalize().toString() : model;
  }

  /** A local path made absolute; URIs of other file systems as they are. */
  private static String localAbsolute(String folder) {
    return folder.contains("://")
        ? folder
        : Path.of(folder).toAbsolutePath().normalize().toString();
  }
}
