package org.spladespark.jobs.search;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.jobs.spark.Iterators;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.vector.SparseVector;

/**
 * A deterministic synthetic index for benchmarks and tests: {@code doc_vectors}, {@code postings}
 * and {@code token_stats} written directly, without encoding any text, so that a million documents
 * take minutes on two cores.
 *
 * <p>Document {@code i} (id {@code d%09d}) depends only on (seed, i): 100–200 distinct tokens drawn
 * from a Zipf distribution (exponent {@value #ZIPF_EXPONENT}) over the vocabulary's ids from
 * {@value #FIRST_TOKEN} up (past BERT's special and unused tokens), ranks mapped to ids by a seeded
 * permutation. Three weights in four are multiples of 1/32 in (0, 4] — exact products and sums,
 * hence many exact score ties — and the rest arbitrary floats, which exercise the summation order;
 * every 50th document repeats the previous one's vector under its own id (exact ties broken by id).
 * Queries come from the same distribution ({@link #query}): 4–24 tokens, weights in (0, 8].
 *
 * <p>Thread-safe (immutable).
 */
public final class SyntheticIndex implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double ZIPF_EXPONENT = 1.0;
  static final int FIRST_TOKEN = 999;
  private static final Timestamp ENCODED_AT = Timestamp.valueOf("2026-01-01 00:00:00");

  private final long seed;
  private final int[] tokenOfRank;
  private final double[] cdf;

  public SyntheticIndex(long seed, int vocabSize) {
    this.seed = seed;
    int n = Math.max(1, vocabSize - FIRST_TOKEN);
    tokenOfRank = new int[n];
    for (int r = 0; r < n; r++) {
      tokenOfRank[r] = Math.min(vocabSize - 1, FIRST_TOKEN + r);
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int r = n - 1; r > 0; r--) {
      int j = rnd.nextInt(r + 1);
      int t = tokenOfRank[r];
      tokenOfRank[r] = tokenOfRank[j];
      tokenOfRank[j] = t;
    }
    cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
      cdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cdf[r] /= sum;
    }
  }

  public long seed() {
    return seed;
  }

  private int drawToken(SplittableRandom rnd) {
    int r = Arrays.binarySearch(cdf, rnd.nextDouble());
    return tokenOfRank[Math.min(cdf.length - 1, r < 0 ? -r - 1 : r)];
  }

  private SparseVector draw(SplittableRandom rnd, int nnz, float maxWeight) {
    int[] ids = new int[nnz];
    int n = 0;
    while (n < nnz) {
      int t = drawToken(rnd);
      boolean seen = false;
      for (int i = 0; i < n && !seen; i++) {
        seen = ids[i] == t;
      }
      if (!seen) {
        ids[n++] = t;
      }
    }
    Arrays.sort(ids);
    float[] ws = new float[nnz];
    int steps = (int) (maxWeight * 32);
    for (int i = 0; i < nnz; i++) {
      ws[i] =
          rnd.nextInt(4) == 0
              ? Math.max(Float.MIN_NORMAL, rnd.nextFloat() * maxWeight)
              : (1 + rnd.nextInt(steps)) / 32f;
    }
    return SparseVector.of(ids, ws);
  }

  /** The vector of document {@code i}. */
  public SparseVector document(long i) {
    long source = i % 50 == 49 ? i - 1 : i;
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + source);
    return draw(rnd, 100 + rnd.nextInt(101), 4f);
  }

  public static String docId(long i) {
    return String.format("d%09d", i);
  }

  /** The vector of synthetic query {@code i}. */
  public SparseVector query(long i) {
    SplittableRandom rnd = new SplittableRandom(~seed * 0xC2B2AE3D27D4EB4FL + i);
    return draw(rnd, 4 + rnd.nextInt(21), 8f);
  }

  /** {@code n} synthetic queries, ids {@code q0..q(n-1)}. */
  public QueryBatch queries(int n) {
    List<String> ids = new ArrayList<>(n);
    List<SparseVector> vectors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add("q" + i);
      vectors.add(query(i));
    }
    return QueryBatch.of(ids, vectors);
  }

  /** {@code docs} documents as {@code doc_vectors} rows, in {@code files} partitions. */
  public Dataset<Row> docVectors(SparkSession spark, long docs, int files, String modelId) {
    return spark
        .range(0, docs, 1, files)
        .mapPartitions(new Rows(this, modelId), Encoders.row(DocVectorsTable.SCHEMA));
  }

  /**
   * Writes {@code dir/doc_vectors}, {@code dir/postings} (laid out as the encode job does) and
   * {@code dir/token_stats} for {@code docs} documents, in that order, each replacing the table if
   * it exists (so a write that was cut short can be run again); about 1.3 GB per million documents.
   */
  public void write(SparkSession spark, String dir, long docs, String modelId, Vocabulary vocab) {
    int files = (int) Math.max(1, Math.min(64, (docs + 49_999) / 50_000));
    TableRef index = TableRef.path(dir);
    TableRef vectors = index.child(DocVectorsTable.TABLE);
    vectors.write(spark, DocVectorsTable.SCHEMA, docVectors(spark, docs, files, modelId), true);
    Dataset<Row> postings = InvertedIndex.postings(vectors.read(spark));
    long nonZeros = docs * 150;
    int postingFiles = (int) Math.max(1, Math.min(256, (nonZeros + (4 << 20) - 1) / (4 << 20)));
    TableRef postingsTable = index.child(PostingsTable.TABLE);
    postingsTable.write(
        spark, PostingsTable.SCHEMA, InvertedIndex.layout(postings, postingFiles), true);
    index
        .child(TokenStatsTable.TABLE)
        .write(
            spark,
            TokenStatsTable.SCHEMA,
            InvertedIndex.tokenStats(spark, postingsTable.read(spark), vocab, modelId),
            true);
  }

  /**
   * Whether {@link #write} finished in {@code dir}: it creates each table empty (version 0) before
   * filling it, and fills {@code token_stats} last.
   */
  public static boolean isComplete(SparkSession spark, String dir) {
    TableRef last = TableRef.path(dir).child(TokenStatsTable.TABLE);
    return last.exists(spark) && last.version(spark) > 0;
  }

  /** Executor side of {@link #docVectors}: ids from spark.range to rows. */
  private record Rows(SyntheticIndex index, String modelId)
      implements MapPartitionsFunction<Long, Row> {
    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      return Iterators.map(
          ids,
          i -> {
            SparseVector v = index.document(i);
            return RowFactory.create(
                docId(i),
                v.indices(),
                v.values(),
                v.size(),
                "0".repeat(64),
                modelId,
                "none",
                ENCODED_AT);
          });
    }
  }
}
