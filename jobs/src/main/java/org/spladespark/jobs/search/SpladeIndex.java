package org.spladespark.jobs.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.SearchResultsTable;
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
 * the query and scores it term at a time over those slices, touching only the postings of its
 * tokens, with no Spark work. An index too large for that (or without {@code doc_vectors}) is
 * searched through Spark instead: only the postings of the query's tokens ({@code token_id IN
 * (...)}, served by Delta file statistics), or a scan of {@code doc_vectors} when the index has no
 * postings. Either way hits and scores are exactly those of {@link SearchJob} for the same query:
 * the float32 dot product, ordered by score descending then doc id.
 *
 * <p>Thread-safe: the model id is resolved and checked, and the slices loaded, in {@link #open};
 * searches share the immutable slices (one scorer per call), or run as concurrent Spark jobs.
 */
public final class SpladeIndex implements AutoCloseable {
  private final IndexSearcher searcher;
  private final QueryEncoder encoder;
  private final String modelId;

  // The model's vectors in memory, or null to search through Spark.
  private final List<PostingSlice> slices;

  private SpladeIndex(IndexSearcher searcher, QueryEncoder encoder) {
    this.searcher = searcher;
    this.encoder = encoder;
    this.modelId = searcher.modelId();
    this.slices = searcher.loadSlices(Runtime.getRuntime().maxMemory() / 4);
  }

  /** Whether searches run over in-memory slices (else through Spark). */
  boolean inMemory() {
    return slices != null;
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
    ModelBundle model = ModelBundle.load(Path.of(modelPath));
    String checked = SearchJob.checkedModelId(spark, tables, model, modelId);
    QueryEncoder encoder = QueryEncoder.create(model);
    try {
      return new SpladeIndex(new IndexSearcher(spark, tables, checked), encoder);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** The model id of the index rows searched. */
  public String modelId() {
    return modelId;
  }

  /** The query vector {@link #search} uses. */
  public SparseVector encode(String query) {
    return encoder.encode(query);
  }

  /** The best {@code k} hits, best first; none when the query has no known token. */
  public List<Hit> search(String query, int k) {
    if (k < 1 || k > SearchOptions.MAX_TOP_K) {
      throw SpladeException.of("k", "is " + k, "ask for 1 to " + SearchOptions.MAX_TOP_K + " hits");
    }
    SparseVector v = encoder.encode(query);
    if (v.size() == 0) {
      return List.of();
    }
    QueryBatch batch = QueryBatch.of(List.of("query"), List.of(v));
    if (slices != null) {
      return LocalScoring.topK(slices, batch, k)[0].sorted();
    }
    Plan plan = searcher.hasPostings() ? Plan.POSTINGS : Plan.SCAN;
    try (IndexSearcher.Results results = searcher.search(batch, k, plan)) {
      List<Hit> hits = new ArrayList<>(k);
      for (Row r : results.rows().orderBy(SearchResultsTable.RANK).collectAsList()) {
        hits.add(new Hit(r.getString(2), r.getFloat(3)));
      }
      return hits;
    }
  }

  @Override
  public void close() {
    encoder.close();
  }
}
