package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.Vocabulary;

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
          .add("doc_id", DataTypes.StringType, false)
          .add("score", DataTypes.FloatType, false);

  private final SparkSession spark;
  private final IndexTables index;
  private final String requestedModelId;
  private final boolean hasDocVectors;
  private final boolean hasPostings;
  private final boolean hasTokenStats;
  private String modelId;
  private PublishedIndex published;

  /** The choice of plan and why, for the log and the report. */
  record PlanChoice(Plan plan, String reason) {}

  IndexSearcher(SparkSession spark, IndexTables index, String requestedModelId) {
    this.spark = spark;
    this.index = index;
    this.requestedModelId = requestedModelId;
    this.hasDocVectors = index.docVectors().exists(spark);
    this.hasPostings = index.postings().exists(spark);
    this.hasTokenStats = index.tokenStats().exists(spark);
    if (!hasDocVectors && !hasPostings) {
      throw SpladeException.of(
          index.docVectors() + ", " + index.postings(),
          "neither table exists",
          "build the index with splade encode, or point --index at its folder");
    }
    if (hasDocVectors) {
      index.docVectors().checkFormatVersion(spark);
    }
    if (hasPostings) {
      index.postings().checkFormatVersion(spark);
    }
    if (hasTokenStats) {
      index.tokenStats().checkFormatVersion(spark);
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
    Dataset<Row> ids = at(table, requestedModelId).select("model_id");
    if (requestedModelId != null) {
      if (ids.where(col("model_id").equalTo(requestedModelId)).limit(1).count() == 0) {
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
    for (Row r : ids.distinct().orderBy("model_id").limit(5).collectAsList()) {
      out.add("'" + r.getString(0) + "'");
    }
    return out.isEmpty() ? "no rows" : String.join(", ", out);
  }

  private Dataset<Row> read(TableRef table) {
    return at(table, modelId()).where(col("model_id").equalTo(modelId()));
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
   * PlanRule}. Also checks, when the index has {@code token_stats}, that the index's token strings
   * of the query tokens are the model's.
   */
  PlanChoice choose(QueryBatch batch, Plan requested, Vocabulary vocabulary) {
    long[] df = hasTokenStats ? tokenStats(batch, vocabulary) : null;
    if (requested == Plan.SCAN && !hasDocVectors) {
      throw SpladeException.of(
          index.docVectors().toString(),
          "does not exist, and the scan plan reads it",
          "use --plan postings or auto");
    }
    if (requested == Plan.POSTINGS && !hasPostings) {
      throw SpladeException.of(
          index.postings().toString(),
          "does not exist, and the postings plan reads it",
          "use --plan scan or auto");
    }
    if (requested != Plan.AUTO) {
      return new PlanChoice(requested, "requested");
    }
    if (!hasPostings) {
      return new PlanChoice(Plan.SCAN, "the index has no postings");
    }
    if (!hasDocVectors) {
      return new PlanChoice(Plan.POSTINGS, "the index has no doc_vectors");
    }
    // Row count from the Delta log's file statistics (no scan).
    long nonZeros = at(index.postings(), modelId()).count();
    double work =
        df != null
            ? PlanRule.exactWork(df)
            : PlanRule.uniformWork(batch.distinctTokens().length, nonZeros, vocabulary.size());
    Plan plan = PlanRule.choose(work, nonZeros);
    String reason =
        String.format(
            "auto: %d x postings work %.0f (%s) %s %d postings",
            PlanRule.SHUFFLE_COST,
            work,
            df != null ? "df from token_stats" : "uniform df estimate",
            plan == Plan.POSTINGS ? "<=" : ">",
            nonZeros);
    return new PlanChoice(plan, reason);
  }

  /** df of each distinct query token from token_stats, checking its token strings. */
  private long[] tokenStats(QueryBatch batch, Vocabulary vocabulary) {
    int[] tokens = batch.distinctTokens();
    long[] df = new long[tokens.length];
    if (tokens.length == 0) {
      return df;
    }
    List<Row> rows =
        read(index.tokenStats())
            .where(col("token_id").isin(boxed(tokens)))
            .select("token_id", "token", "df")
            .collectAsList();
    for (Row r : rows) {
      int id = r.getInt(0);
      String expected = vocabulary.token(id);
      if (!expected.equals(r.getString(1))) {
        throw SpladeException.of(
            index.tokenStats().toString(),
            "token "
                + id
                + " is '"
                + r.getString(1)
                + "' in the index but '"
                + expected
                + "' in the query model",
            "search with the model the index was encoded with");
      }
      df[Arrays.binarySearch(tokens, id)] = r.getLong(2);
    }
    return df;
  }

  /**
   * The top {@code k} hits of every query of {@code batch}: columns {@code q}, {@code rank} (1..k),
   * {@code doc_id}, {@code score}. The Dataset is lazy; close the result after its last use.
   */
  Results search(QueryBatch batch, int k, Plan plan) {
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

  private Results scan(QueryBatch batch, int k) {
    Broadcast<QueryBatch> queries = broadcast(batch);
    Dataset<Row> candidates =
        read(index.docVectors())
            .select("doc_id", "token_ids", "weights")
            .mapPartitions(new VectorPartition(queries, k), Encoders.row(CANDIDATES));
    return new Results(rank(candidates, k), queries);
  }

  /**
   * Reads the postings of the batch's distinct tokens, brings each document's together in token
   * order (one shuffle of {@code Σ_t df(t)} rows, whatever the number of queries) and scores them
   * like the scan plan scores whole vectors.
   */
  private Results postings(QueryBatch batch, int k) {
    if (batch.distinctTokens().length == 0) {
      // No query has a token: no hits, and no IN () to plan.
      return new Results(rank(spark.createDataFrame(List.of(), CANDIDATES), k), null);
    }
    Broadcast<QueryBatch> queries = broadcast(batch);
    // The explicit IN list is what Delta's file statistics skip files on.
    Dataset<Row> candidates =
        read(index.postings())
            .where(col("token_id").isin(boxed(batch.distinctTokens())))
            .select("doc_id", "token_id", "weight")
            .repartition(col("doc_id"))
            .sortWithinPartitions("doc_id", "token_id")
            .mapPartitions(new PostingsPartition(queries, k), Encoders.row(CANDIDATES));
    return new Results(rank(candidates, k), queries);
  }

  private Broadcast<QueryBatch> broadcast(QueryBatch batch) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(batch);
  }

  /** The top k of each query by (score desc, doc_id asc), numbered from 1. */
  static Dataset<Row> rank(Dataset<Row> candidates, int k) {
    Column rank =
        row_number()
            .over(Window.partitionBy("q").orderBy(col("score").desc(), col("doc_id").asc()));
    return candidates
        .withColumn("rank", rank)
        .where(col("rank").leq(k))
        .select("q", "rank", "doc_id", "score");
  }

  private static Object[] boxed(int[] tokens) {
    return Arrays.stream(tokens).boxed().toArray();
  }

  /** Ranked rows plus what must be released after their last use. */
  static final class Results implements AutoCloseable {
    private final Dataset<Row> rows;
    private final Broadcast<QueryBatch> broadcast;

    Results(Dataset<Row> rows, Broadcast<QueryBatch> broadcast) {
      this.rows = rows;
      this.broadcast = broadcast;
    }

    Dataset<Row> rows() {
      return rows;
    }

    @Override
    public void close() {
      if (broadcast != null) {
        broadcast.destroy();
      }
    }
  }

  /** Rows of each query's best hits in a partition. */
  private static Iterator<Row> hits(BatchScorer scorer) {
    List<Row> out = new ArrayList<>();
    for (int q = 0; q < scorer.queries(); q++) {
      for (Hit h : scorer.hits(q)) {
        out.add(RowFactory.create(q, h.docId(), h.score()));
      }
    }
    return out.iterator();
  }

  /** The scan plan's executor side: rows {@code (doc_id, token_ids, weights)}. */
  static final class VectorPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<QueryBatch> queries;
    private final int k;

    VectorPartition(Broadcast<QueryBatch> queries, int k) {
      this.queries = queries;
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> docs) {
      BatchScorer scorer = new BatchScorer(queries.value(), k);
      while (docs.hasNext()) {
        Row d = docs.next();
        List<Integer> ids = d.getList(1);
        List<Float> ws = d.getList(2);
        int[] tokenIds = new int[ids.size()];
        float[] weights = new float[ws.size()];
        for (int i = 0; i < tokenIds.length; i++) {
          tokenIds[i] = ids.get(i);
        }
        for (int i = 0; i < weights.length; i++) {
          weights[i] = ws.get(i);
        }
        scorer.add(d.getString(0), tokenIds, weights);
      }
      return hits(scorer);
    }
  }

  /**
   * The postings plan's executor side: rows {@code (doc_id, token_id, weight)} sorted by doc id,
   * then token id; each run of one doc id is that document's vector restricted to the batch's
   * tokens.
   */
  static final class PostingsPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<QueryBatch> queries;
    private final int k;

    PostingsPartition(Broadcast<QueryBatch> queries, int k) {
      this.queries = queries;
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> postings) {
      BatchScorer scorer = new BatchScorer(queries.value(), k);
      String doc = null;
      int[] ids = new int[64];
      float[] ws = new float[64];
      int n = 0;
      while (postings.hasNext()) {
        Row p = postings.next();
        String id = p.getString(0);
        if (!id.equals(doc)) {
          if (doc != null) {
            scorer.add(doc, Arrays.copyOf(ids, n), Arrays.copyOf(ws, n));
          }
          doc = id;
          n = 0;
        }
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, 2 * n);
          ws = Arrays.copyOf(ws, 2 * n);
        }
        ids[n] = p.getInt(1);
        ws[n++] = p.getFloat(2);
      }
      if (doc != null) {
        scorer.add(doc, Arrays.copyOf(ids, n), Arrays.copyOf(ws, n));
      }
      return hits(scorer);
    }
  }
}
