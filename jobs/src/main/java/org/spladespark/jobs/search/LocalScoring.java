package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.schemas.SearchResultsTable;

/**
 * Scoring on the driver, for work too small to be worth a Spark stage: the postings plan of a
 * handful of queries (its postings collected, then {@link SliceScorer} over them) and {@link
 * SpladeIndex}'s in-memory slices. Same kernel, same floats as the distributed plans. Stateless.
 */
final class LocalScoring {
  /** Rows of {@link IndexSearcher#rank}'s output. */
  static final StructType RANKED =
      new StructType()
          .add("q", DataTypes.IntegerType, false)
          .add(SearchResultsTable.RANK, DataTypes.IntegerType, false)
          .add(SearchResultsTable.DOC_ID, DataTypes.StringType, false)
          .add(SearchResultsTable.SCORE, DataTypes.FloatType, false);

  private LocalScoring() {}

  /** The top k of every query of {@code batch} over {@code slices}, one TopK per query. */
  static TopK[] topK(List<PostingSlice> slices, QueryBatch batch, int k) {
    TopK[] top = new TopK[batch.size()];
    for (int q = 0; q < top.length; q++) {
      top[q] = new TopK(k);
    }
    SliceScorer scorer = new SliceScorer();
    for (PostingSlice s : slices) {
      scorer.scoreAll(s, batch, top);
    }
    return top;
  }

  /**
   * Ranked rows ({@link #RANKED}, in query then rank order) of postings rows {@code (token_id,
   * doc_id, weight)} already on the driver.
   */
  static List<Row> rankPostings(List<Row> postings, QueryBatch batch, int k) {
    int n = postings.size();
    int[] tokens = new int[n];
    String[] docs = new String[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      Row p = postings.get(i);
      tokens[i] = p.getInt(0);
      docs[i] = p.getString(1);
      weights[i] = p.getFloat(2);
    }
    return rankPostings(tokens, docs, weights, batch, k);
  }

  /**
   * Ranked rows ({@link #RANKED}, in query then rank order) of postings {@code (tokens[i], docs[i],
   * weights[i])}, in any order.
   */
  static List<Row> rankPostings(
      int[] tokens, String[] docs, float[] weights, QueryBatch batch, int k) {
    TopK[] top = topK(List.of(PostingSlice.ofPostings(tokens, docs, weights)), batch, k);
    List<Row> rows = new ArrayList<>();
    for (int q = 0; q < top.length; q++) {
      int rank = 0;
      for (Hit h : top[q].sorted()) {
        rows.add(RowFactory.create(q, ++rank, h.docId(), h.score()));
      }
    }
    return rows;
  }

  /**
   * The documents of {@code docVectors} rows {@code (doc_id, token_ids, weights)} as slices of at
   * most {@link SliceTask#chunkNonZeros} non-zeros, built on the executors and fetched one
   * partition at a time (so no single result exceeds a partition's slices); null as soon as they
   * would take more than {@code maxBytes} (the rest is then not fetched).
   */
  static List<PostingSlice> load(JavaRDD<InternalRow> docVectors, long maxBytes) {
    List<PostingSlice> out = new ArrayList<>();
    long bytes = 0;
    Iterator<PostingSlice> it = docVectors.mapPartitions(new SliceTask.Build()).toLocalIterator();
    while (it.hasNext()) {
      PostingSlice s = it.next();
      bytes += s.bytes();
      if (bytes > maxBytes) {
        return null;
      }
      out.add(s);
    }
    return out;
  }
}
