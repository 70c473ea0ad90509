package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import scala.math.BigInt;

/**
 * Runs the {@link Plan}s over one index, for one model id. Shared by {@link SearchJob} and {@link
 * SpladeIndex}, so both give the same hits and the same floats.
 *
 * <p>Model id: the one given, which must occur in the index; otherwise the single {@code model_id}
 * of {@code postings} (of {@code doc_vectors} when there are no postings), and an index holding
 * several is refused. Every table is read filtered to that id. It is resolved once, on first use.
 *
 * <p>Not thread-safe (the model id is resolved lazily); the Datasets it returns are.
 */
final class IndexSearcher {
  private static final Logger LOG = LoggerFactory.getLogger(IndexSearcher.class);

  /** Rows of the plans before ranking: query number, document, exact score. */
  static final StructType CANDIDATES =
      new StructType()
          .add("q", DataTypes.IntegerType, false)
          .add(SearchResultsTable.DOC_ID, DataTypes.StringType, false)
          .add(SearchResultsTable.SCORE, DataTypes.FloatType, false);

  private final SparkSession spark;
  private final IndexTables index;
  private final String requestedModelId;
  private final boolean hasDocVectors;
  private final boolean hasPostings;
  private final boolean hasTokenStats;
  private String modelId;
  private PublishedIndex published;
  private TokenStats stats;

  /** Postings plan: the most postings scored on the driver instead of by a distributed stage. */
  static final long DRIVER_POSTINGS_LIMIT = 4_000_000;

  /** {@link #DRIVER_POSTINGS_LIMIT} of this searcher (tests move it). */
  long driverPostingsLimit = DRIVER_POSTINGS_LIMIT;

  /** The choice of plan and why, for the log and the report. */
  record PlanChoice(Plan plan, String reason) {}

  IndexSearcher(SparkSession spark, IndexTables index, String requestedModelId) {
    this.spark = spark;
    this.index = index;
    this.requestedModelId = requestedModelId;
    // One existence check per table, which also refuses a newer format.
    this.hasDocVectors = index.docVectors().checkFormatVersion(spark);
    this.hasPostings = index.postings().checkFormatVersion(spark);
    this.hasTokenStats = index.tokenStats().checkFormatVersion(spark);
    if (!hasDocVectors && !hasPostings) {
      throw SpladeException.of(
          index.docVectors() + ", " + index.postings(),
          "neither table exists",
          "build the index with splade encode, or point --index at its folder");
    }
  }

  boolean hasPostings() {
    return hasPostings;
  }

  boolean hasDocVectors() {
    return hasDocVectors;
  }

  /** The model id searched; resolves and checks it on first call. */
  String modelId() {
    if (modelId == null) {
      modelId = resolveModelId();
    }
    return modelId;
  }

  private String resolveModelId() {
    TableRef table = hasPostings ? index.postings() : index.docVectors();
    Dataset<Row> ids = at(table, requestedModelId).select(Columns.MODEL_ID);
    if (requestedModelId != null) {
      if (published != null
          && published.version(hasPostings ? PostingsTable.TABLE : DocVectorsTable.TABLE) != null) {
        // The models row publishes this model's tables: the run that wrote them wrote its rows.
        return requestedModelId;
      }
      if (ids.where(col(Columns.MODEL_ID).equalTo(requestedModelId)).limit(1).count() == 0) {
        throw SpladeException.of(
            table.toString(),
            "has no rows of model_id '" + requestedModelId + "' (it has " + someIds(ids) + ")",
            "pass one of the model ids the index holds");
      }
      return requestedModelId;
    }
    List<Row> found = ids.distinct().limit(2).collectAsList();
    if (found.isEmpty()) {
      throw SpladeException.of(
          table.toString(), "is empty", "encode a corpus into the index first");
    }
    if (found.size() > 1) {
      throw SpladeException.of(
          table.toString(),
          "holds vectors of more than one model (" + someIds(ids) + ")",
          "pass --model-id to search one of them; scores of different models do not compare");
    }
    return found.get(0).getString(0);
  }

  private static String someIds(Dataset<Row> ids) {
    List<String> out = new ArrayList<>();
    for (Row r : ids.distinct().orderBy(Columns.MODEL_ID).limit(5).collectAsList()) {
      out.add("'" + r.getString(0) + "'");
    }
    return out.isEmpty() ? "no rows" : String.join(", ", out);
  }

  private Dataset<Row> read(TableRef table) {
    return at(table, modelId()).where(col(Columns.MODEL_ID).equalTo(modelId()));
  }

  /** {@code table} at the version published for model {@code id} ({@link PublishedIndex}). */
  private Dataset<Row> at(TableRef table, String id) {
    if (published == null || !published.modelId().equals(id)) {
      published = index.published(spark, id);
    }
    return index.read(spark, table, published);
  }

  /**
   * The plan for {@code batch}: the requested one if the index has its table, else by {@link
   * PlanRule} ({@link PlanChooser}). Also checks, when the index has {@code token_stats}, that the
   * index's token strings of the query tokens are the model's.
   */
  PlanChoice choose(QueryBatch batch, Plan requested, Vocabulary vocabulary) {
    return PlanChooser.choose(
        index,
        hasDocVectors,
        hasPostings,
        hasTokenStats ? stats() : null,
        () -> read(index.postings()).count(),
        batch,
        requested,
        vocabulary);
  }

  /** The model's token_stats rows, read once (at most one row per vocabulary token). */
  private TokenStats stats() {
    if (stats == null) {
      List<Row> rows =
          read(index.tokenStats())
              .select(TokenStatsTable.TOKEN_ID, TokenStatsTable.TOKEN, TokenStatsTable.DF)
              .orderBy(TokenStatsTable.TOKEN_ID)
              .collectAsList();
      int[] ids = new int[rows.size()];
      String[] tokens = new String[rows.size()];
      long[] df = new long[rows.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rows.get(i).getInt(0);
        tokens[i] = rows.get(i).getString(1);
        df[i] = rows.get(i).getLong(2);
      }
      stats = new TokenStats(index.tokenStats().toString(), ids, tokens, df);
    }
    return stats;
  }

  /**
   * The top {@code k} hits of every query of {@code batch}: columns {@code q}, {@code rank} (1..k),
   * {@code doc_id}, {@code score}. The Dataset is lazy; close the result after its last use.
   */
  RankedRows search(QueryBatch batch, int k, Plan plan) {
    String id = modelId();
    LOG.info(
        "searching {} queries ({} terms, {} distinct tokens) with the {} plan, model_id {}",
        batch.size(),
        batch.termCount(),
        batch.distinctTokens().length,
        plan,
        id);
    return switch (plan) {
      case SCAN -> scan(batch, k);
      case POSTINGS -> postings(batch, k);
      case AUTO -> throw new IllegalArgumentException("choose a plan first");
    };
  }

  /**
   * Scores doc-range slices of {@code doc_vectors}: at most one task per core (coalesced without a
   * shuffle), each streaming its documents into bounded in-memory slices ({@link SliceTask}), so
   * the candidates to rank are at most {@code cores × queries × k} rows.
   */
  private RankedRows scan(QueryBatch batch, int k) {
    Broadcast<QueryBatch> queries = broadcast(batch);
    JavaRDD<Row> candidates =
        atMostOnePerCore(docVectorRows()).mapPartitions(new SliceTask.Vectors(queries, k));
    return new RankedRows(rank(spark.createDataFrame(candidates, CANDIDATES), k), queries);
  }

  /** The model's {@code doc_vectors} rows {@code (doc_id, token_ids, weights)}, unconverted. */
  private JavaRDD<InternalRow> docVectorRows() {
    return rowsOf(docVectors());
  }

  private Dataset<Row> docVectors() {
    return read(index.docVectors()).select(Columns.DOC_ID, Columns.TOKEN_IDS, Columns.WEIGHTS);
  }

  /**
   * {@link #docVectorRows}, spread over the session's cores by a shuffle when the table is small
   * enough to be read as fewer partitions than cores (under {@code cores ×
   * spark.sql.files.maxPartitionBytes}; one file is one task, however many cores wait): for slices
   * built once and searched many times, where every core should hold a share.
   */
  private JavaRDD<InternalRow> docVectorRowsOnEveryCore() {
    Dataset<Row> rows = docVectors();
    int cores = spark.sparkContext().defaultParallelism();
    BigInt bytes = rows.queryExecution().optimizedPlan().stats().sizeInBytes();
    long perTask = spark.sessionState().conf().filesMaxPartitionBytes();
    boolean small = bytes.isValidLong() && bytes.longValue() < perTask * cores;
    return rowsOf(small ? rows.repartition(cores) : rows);
  }

  private static JavaRDD<InternalRow> rowsOf(Dataset<Row> rows) {
    return rows.queryExecution().toRdd().toJavaRDD();
  }

  /** {@code rows} in at most one partition per core, coalesced without a shuffle. */
  private <T> JavaRDD<T> atMostOnePerCore(JavaRDD<T> rows) {
    int cores = spark.sparkContext().defaultParallelism();
    return rows.getNumPartitions() > cores ? rows.coalesce(cores) : rows;
  }

  /**
   * The whole model's vectors as in-memory slices on the driver ({@link SpladeIndex}), or null when
   * they would take more than {@code maxBytes} or the index has no doc_vectors.
   */
  List<PostingSlice> loadSlices(long maxBytes) {
    return hasDocVectors ? LocalScoring.load(docVectorRowsOnEveryCore(), maxBytes) : null;
  }

  /**
   * The whole model's vectors as slices persisted on the executors ({@link SpladeIndex}), one
   * partition per core; the index must have doc_vectors.
   */
  CachedSlices cacheSlices() {
    return CachedSlices.build(
        atMostOnePerCore(docVectorRowsOnEveryCore()), "splade slices, model " + modelId());
  }

  /**
   * Reads the postings of the batch's distinct tokens and scores them like the scan plan scores
   * whole vectors: on the driver when token_stats says they are at most {@link
   * #driverPostingsLimit} rows (no shuffle, no stage beyond the scan), else distributed, each
   * document's postings brought together in token order by one shuffle of {@code Σ_t df(t)} rows.
   */
  private RankedRows postings(QueryBatch batch, int k) {
    if (batch.distinctTokens().length == 0) {
      // No query has a token: no hits, and no IN () to plan.
      return new RankedRows(spark, List.of());
    }
    // The explicit IN list is what Delta's file statistics skip files on.
    Dataset<Row> rows =
        read(index.postings()).where(col(Columns.TOKEN_ID).isin(boxed(batch.distinctTokens())));
    if (PlanChooser.onDriver(hasTokenStats ? stats() : null, batch, driverPostingsLimit)) {
      List<Row> local =
          rows.select(PostingsTable.TOKEN_ID, PostingsTable.DOC_ID, PostingsTable.WEIGHT)
              .collectAsList();
      return new RankedRows(spark, LocalScoring.rankPostings(local, batch, k));
    }
    Broadcast<QueryBatch> queries = broadcast(batch);
    Dataset<Row> candidates =
        rows.select(PostingsTable.DOC_ID, PostingsTable.TOKEN_ID, PostingsTable.WEIGHT)
            .repartition(col(Columns.DOC_ID))
            .sortWithinPartitions(Columns.DOC_ID, Columns.TOKEN_ID)
            .mapPartitions(new SliceTask.Postings(queries, k), Encoders.row(CANDIDATES));
    return new RankedRows(rank(candidates, k), queries);
  }

  private Broadcast<QueryBatch> broadcast(QueryBatch batch) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(batch);
  }

  /** The top k of each query by (score desc, doc_id asc), numbered from 1. */
  static Dataset<Row> rank(Dataset<Row> candidates, int k) {
    Column rank =
        row_number()
            .over(
                Window.partitionBy("q")
                    .orderBy(
                        col(SearchResultsTable.SCORE).desc(),
                        col(SearchResultsTable.DOC_ID).asc()));
    return candidates
        .withColumn(SearchResultsTable.RANK, rank)
        .where(col(SearchResultsTable.RANK).leq(k))
        .select("q", SearchResultsTable.RANK, SearchResultsTable.DOC_ID, SearchResultsTable.SCORE);
  }

  private static Object[] boxed(int[] tokens) {
    return Arrays.stream(tokens).boxed().toArray();
  }
}
