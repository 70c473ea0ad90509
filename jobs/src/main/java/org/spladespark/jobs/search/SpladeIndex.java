package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.vector.ScoreExplanation;
import org.spladespark.vector.SparseVector;

/**
 * One query at a time against a built index, for notebooks and services:
 *
 * <pre>{@code
 * try (SpladeIndex index = SpladeIndex.open(spark, "/data/index", "/models/splade")) {
 *   List<Hit> hits = index.search("what causes fever", 10);
 * }
 * }</pre>
 *
 * {@link #open} loads the model's {@code doc_vectors} into in-memory {@link PostingSlice}s on the
 * driver (~8 bytes per non-zero plus the doc id: ~1.3 KB per document of 150 non-zeros, ~1.3 GB per
 * million such documents) when they fit in a quarter of the driver heap; each search then encodes
 * the query (unless given its vector) and scores it term at a time over those slices, touching only
 * the postings of its tokens, with no Spark work; a batch of query vectors runs on as many threads
 * as asked ({@link #search(List, int, int)}). An index too large for that (or without {@code
 * doc_vectors}) is searched through Spark instead: only the postings of the query's tokens ({@code
 * token_id IN (...)}, served by Delta file statistics), or a scan of {@code doc_vectors} when the
 * index has no postings. {@link Residence#EXECUTORS} keeps the slices on the executors instead
 * (persisted by Spark, built once by {@code open}), for an index larger than the driver that serves
 * many batches: each search is then one Spark job that scores cached slices and reads no table.
 * Either way hits and scores are exactly those of {@link SearchJob} for the same query: the float32
 * dot product, ordered by score descending then doc id.
 *
 * <p>Thread-safe: the model id is resolved and checked, and the slices loaded, in {@link #open};
 * searches share the immutable slices (each borrows a scorer no other search is using), or run as
 * concurrent Spark jobs.
 */
public final class SpladeIndex implements AutoCloseable {
  /** Where an opened index keeps the model's vectors between searches. */
  public enum Residence {
    /**
     * On the driver when they fit in a quarter of its heap, else as {@link #NONE} (the default).
     */
    AUTO,
    /**
     * On the executors, as slices Spark persists (memory, then disk) from {@code open} until {@code
     * close}: each search with a non-empty query is one Spark job over them (a broadcast and a
     * job's scheduling: milliseconds locally, more on a cluster), so batches pay off most.
     */
    EXECUTORS,
    /** Nowhere: each search reads the index through Spark. */
    NONE
  }

  private final IndexSearcher searcher;
  private final QueryEncoder encoder;
  private final String modelId;
  private final SparkSession spark;
  private final IndexTables tables;
  private final Vocabulary vocabulary;

  // The model's vectors on the driver, or on the executors, or neither (null): each search reads.
  private final List<PostingSlice> slices;
  private final CachedSlices cached;
  // Scorers not in use (at most one per thread that searched at once), reused across searches.
  private final Queue<SliceScorer> idleScorers = new ConcurrentLinkedQueue<>();

  private SpladeIndex(
      SparkSession spark,
      IndexTables tables,
      IndexSearcher searcher,
      ModelBundle model,
      Residence residence,
      long memoryBytes) {
    this.spark = spark;
    this.tables = tables;
    this.searcher = searcher;
    this.vocabulary = model.vocabulary();
    this.modelId = searcher.modelId();
    if (residence == Residence.EXECUTORS && !searcher.hasDocVectors()) {
      throw SpladeException.of(
          tables.docVectors().toString(),
          "does not exist; slices cached on the executors are built from it",
          "open the index with Residence.AUTO or NONE (they search its postings)");
    }
    // The encoder first: nothing is left cached on the executors if it cannot be made.
    this.encoder = QueryEncoder.create(model);
    try {
      this.slices = residence == Residence.AUTO ? searcher.loadSlices(memoryBytes) : null;
      this.cached = residence == Residence.EXECUTORS ? searcher.cacheSlices() : null;
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** Whether searches run over slices on the driver (else through Spark). */
  boolean inMemory() {
    return slices != null;
  }

  /** Whether searches run over slices cached on the executors. */
  boolean onExecutors() {
    return cached != null;
  }

  /** The index in folder {@code indexFolder} ({@code doc_vectors}, {@code postings}, ...). */
  public static SpladeIndex open(SparkSession spark, String indexFolder, String modelPath) {
    return open(spark, IndexTables.inFolder(indexFolder), modelPath, null);
  }

  /**
   * @param modelId the index model id to search, or null when the index holds exactly one
   */
  public static SpladeIndex open(
      SparkSession spark, IndexTables tables, String modelPath, String modelId) {
    return open(spark, tables, modelPath, modelId, Residence.AUTO);
  }

  /**
   * {@link #open(SparkSession, IndexTables, String, String)} with the vectors kept where {@code
   * residence} says.
   */
  public static SpladeIndex open(
      SparkSession spark,
      IndexTables tables,
      String modelPath,
      String modelId,
      Residence residence) {
    return open(spark, tables, modelPath, modelId, residence, driverBytes());
  }

  /** What {@link Residence#AUTO} may hold on the driver: a quarter of its heap. */
  static long driverBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * {@link #open(SparkSession, IndexTables, String, String)} with the vectors in memory only if
   * they take at most {@code memoryBytes} (0: always through Spark; tests).
   */
  static SpladeIndex open(
      SparkSession spark, IndexTables tables, String modelPath, String modelId, long memoryBytes) {
    return open(spark, tables, modelPath, modelId, Residence.AUTO, memoryBytes);
  }

  private static SpladeIndex open(
      SparkSession spark,
      IndexTables tables,
      String modelPath,
      String modelId,
      Residence residence,
      long memoryBytes) {
    ModelBundle model = ModelBundle.load(Path.of(modelPath));
    return open(
        spark,
        tables,
        model,
        SearchJob.checkedModelId(spark, tables, model, modelId),
        residence,
        memoryBytes);
  }

  /**
   * The index with {@code model} already loaded and {@code checkedModelId} already checked against
   * it ({@link SearchJob#checkedModelId}), as a caller that has both (the benchmark) opens it.
   */
  static SpladeIndex open(
      SparkSession spark,
      IndexTables tables,
      ModelBundle model,
      String checkedModelId,
      Residence residence,
      long memoryBytes) {
    return new SpladeIndex(
        spark,
        tables,
        new IndexSearcher(spark, tables, checkedModelId),
        model,
        residence,
        memoryBytes);
  }

  /** The model id of the index rows searched. */
  public String modelId() {
    return modelId;
  }

  /** The query vector {@link #search(String, int)} uses. */
  public SparseVector encode(String query) {
    return encoder.encode(query);
  }

  /** The best {@code k} hits, best first; none when the query has no known token. */
  public List<Hit> search(String query, int k) {
    checkK(k);
    return search(encoder.encode(query), k);
  }

  /**
   * The best {@code k} hits of a query vector already encoded (by {@link #encode}, or another
   * encoder of the same model), best first; none when it has no non-zero.
   */
  public List<Hit> search(SparseVector query, int k) {
    checkK(k);
    if (query.size() == 0) {
      return List.of();
    }
    if (slices != null) {
      SliceScorer scorer = borrowScorer();
      try {
        return topK(scorer, query, k);
      } finally {
        idleScorers.offer(scorer);
      }
    }
    if (cached != null) {
      return cached.search(List.of(query), k).get(0);
    }
    QueryBatch batch = QueryBatch.of(List.of("query"), List.of(query));
    Plan plan = searcher.hasPostings() ? Plan.POSTINGS : Plan.SCAN;
    try (RankedRows results = searcher.search(batch, k, plan)) {
      List<Hit> hits = new ArrayList<>(k);
      for (Row r : results.ordered()) {
        hits.add(new Hit(r.getString(2), r.getFloat(3)));
      }
      return hits;
    }
  }

  /**
   * The best {@code k} hits of each query vector, in the order given: for each, exactly the list
   * {@link #search(SparseVector, int)} returns. In memory the queries run on {@code threads}
   * threads, one query per thread at a time, each thread with its own scorer ({@link
   * QueryThreads}); on the executors, as one Spark job over the cached slices ({@code threads}
   * unused: the job has a task per cached partition); through Spark, as one batch job whose plan is
   * chosen by cost, as {@code splade search} does.
   */
  public List<List<Hit>> search(List<SparseVector> queries, int k, int threads) {
    checkK(k);
    if (threads < 1) {
      throw SpladeException.of("threads", "is " + threads, "pass 1 or more");
    }
    List<List<Hit>> out = new ArrayList<>(Collections.nCopies(queries.size(), List.<Hit>of()));
    if (slices != null) {
      Queue<SliceScorer> scorers = new ConcurrentLinkedQueue<>();
      QueryThreads.run(
          queries.size(),
          threads,
          () -> {
            SliceScorer scorer = borrowScorer();
            scorers.add(scorer);
            return q -> {
              SparseVector v = queries.get(q);
              if (v.size() > 0) {
                out.set(q, topK(scorer, v, k));
              }
            };
          });
      idleScorers.addAll(scorers);
      return out;
    }
    if (cached != null) {
      return cached.search(queries, k);
    }
    // Empty queries stay out of the Spark batch; position[i] is batch query i's place in queries.
    List<String> ids = new ArrayList<>();
    List<SparseVector> vectors = new ArrayList<>();
    int[] position = new int[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      if (queries.get(q).size() > 0) {
        position[ids.size()] = q;
        ids.add(Integer.toString(q));
        vectors.add(queries.get(q));
      }
    }
    if (ids.isEmpty()) {
      return out;
    }
    QueryBatch batch = QueryBatch.of(ids, vectors);
    Plan plan = searcher.choose(batch, Plan.AUTO, vocabulary).plan();
    try (RankedRows results = searcher.search(batch, k, plan)) {
      for (Row r : results.ordered()) {
        int q = position[r.getInt(0)];
        if (out.get(q).isEmpty()) {
          out.set(q, new ArrayList<>(k));
        }
        out.get(q).add(new Hit(r.getString(2), r.getFloat(3)));
      }
    }
    return out;
  }

  /** The top k of {@code query} over the in-memory slices. */
  private List<Hit> topK(SliceScorer scorer, SparseVector query, int k) {
    TopK top = new TopK(k);
    for (PostingSlice s : slices) {
      scorer.score(s, query, top);
    }
    return top.sorted();
  }

  /**
   * An idle scorer, or a new one. Scorers are reused because each holds accumulators as large as
   * the largest slice (~3.5 MB for 16 M non-zeros): allocating them per query would make every
   * search feed the garbage collector.
   */
  private SliceScorer borrowScorer() {
    SliceScorer s = idleScorers.poll();
    return s != null ? s : new SliceScorer();
  }

  private static void checkK(int k) {
    if (k < 1 || k > SearchOptions.MAX_TOP_K) {
      throw SpladeException.of("k", "is " + k, "ask for 1 to " + SearchOptions.MAX_TOP_K + " hits");
    }
  }

  /** A hit with the per-token explanation of its score ({@link ScoreExplanation#score} = score). */
  public record ExplainedHit(Hit hit, ScoreExplanation explanation) {}

  /**
   * {@link #search(String, int)} with each hit's explanation: its document vector is read from
   * {@code doc_vectors} and explained against the query vector; the explanation's score equals the
   * hit's score bit for bit (both are the float32 sum in ascending token id order).
   */
  public List<ExplainedHit> searchExplained(String query, int k) {
    List<Hit> hits = search(query, k);
    SparseVector q = encoder.encode(query);
    Map<String, SparseVector> docs = docVectors(hits.stream().map(Hit::docId).toList());
    List<ExplainedHit> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      out.add(new ExplainedHit(h, ScoreExplanation.of(q, docs.get(h.docId()))));
    }
    return out;
  }

  /**
   * Why document {@code docId} scores what it does for {@code query}: the shared tokens' weights
   * and products, largest first, with the score the search gives it.
   *
   * @throws SpladeException when the index has no vector of that document for this model
   */
  public ScoreExplanation explain(String query, String docId) {
    SparseVector doc = docVectors(List.of(docId)).get(docId);
    if (doc == null) {
      throw SpladeException.of(
          "document '" + docId + "'",
          "is not in " + tables.docVectors() + " for model " + modelId,
          "pass a doc id the index holds (splade search lists them)");
    }
    return ScoreExplanation.of(encoder.encode(query), doc);
  }

  /** The vectors of {@code ids} (those present) from {@code doc_vectors}, for this model. */
  private Map<String, SparseVector> docVectors(List<String> ids) {
    Map<String, SparseVector> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Row r :
        tables
            .docVectors()
            .read(spark)
            .where(
                col(DocVectorsTable.MODEL_ID)
                    .equalTo(modelId)
                    .and(col(DocVectorsTable.DOC_ID).isin(ids.toArray())))
            .select(DocVectorsTable.DOC_ID, DocVectorsTable.TOKEN_IDS, DocVectorsTable.WEIGHTS)
            .collectAsList()) {
      out.put(
          r.getString(0),
          VectorColumns.read(r, 1, 2, () -> "doc_vectors row '" + r.getString(0) + "'"));
    }
    return out;
  }

  @Override
  public void close() {
    try (encoder) {
      if (cached != null) {
        cached.close();
      }
    }
  }
}
