package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The executor side of both plans: a task streams its documents into {@link PostingSlice}s of at
 * most {@link #chunkNonZeros} non-zeros, scores every query of the broadcast batch against each
 * slice term at a time ({@link SliceScorer}), and keeps one {@link TopK} per query across its
 * slices; it emits at most k candidate rows {@code (q, doc_id, score)} per query. Memory per task
 * is bounded by the chunk, whatever the partition size. How documents are cut into slices changes
 * no score and no rank (each document's score is summed within one slice; ties break by doc id).
 * Not thread-safe; one per task.
 */
final class SliceTask {
  /** Non-zeros per slice at most: 16 M, ~130 MB of postings. */
  static final int CHUNK_NON_ZEROS = 16 << 20;

  /** Non-zeros per slice at least: 1 M. */
  static final int MIN_CHUNK_NON_ZEROS = 1 << 20;

  /**
   * Heap bytes a task may spend per non-zero of its slice: the builder's 8 bytes, twice while its
   * arrays double, the built slice's 8 more, and the document ids, with room for Spark's own use of
   * the heap.
   */
  static final int HEAP_BYTES_PER_NON_ZERO = 128;

  private final int chunkNonZeros;

  private final QueryBatch batch;
  // Made by the first document added: a task that scores cached slices builds none.
  private PostingSlice.Builder builder;
  private final SliceScorer scorer = new SliceScorer();
  private final TopK[] top;

  SliceTask(QueryBatch batch, int k) {
    this.batch = batch;
    this.chunkNonZeros = chunkNonZeros();
    this.top = new TopK[batch.size()];
    for (int q = 0; q < top.length; q++) {
      top[q] = new TopK(k);
    }
  }

  void add(String docId, int[] tokenIds, float[] weights) {
    if (builder == null) {
      builder = new PostingSlice.Builder();
    }
    builder.add(docId, tokenIds, weights);
    if (builder.nonZeros() >= chunkNonZeros) {
      flush();
    }
  }

  /** {@link #chunkNonZeros(long, int)} of this JVM. */
  static int chunkNonZeros() {
    Runtime jvm = Runtime.getRuntime();
    return chunkNonZeros(jvm.maxMemory(), jvm.availableProcessors());
  }

  /**
   * The slice size for a JVM of {@code maxHeap} bytes running up to {@code cores} tasks at once:
   * each task's share of the heap over {@link #HEAP_BYTES_PER_NON_ZERO}, within [{@link
   * #MIN_CHUNK_NON_ZEROS}, {@link #CHUNK_NON_ZEROS}] (a 1 GB driver of a 2-core local master: 4 M).
   */
  static int chunkNonZeros(long maxHeap, int cores) {
    long share = maxHeap / Math.max(1, cores) / HEAP_BYTES_PER_NON_ZERO;
    return (int) Math.max(MIN_CHUNK_NON_ZEROS, Math.min(CHUNK_NON_ZEROS, share));
  }

  /** Scores a slice built beforehand (one of {@link CachedSlices}). */
  void score(PostingSlice slice) {
    scorer.scoreAll(slice, batch, top);
  }

  private void flush() {
    if (builder != null && builder.size() > 0) {
      scorer.scoreAll(builder.build(), batch, top);
    }
  }

  /** The candidate rows ({@link IndexSearcher#CANDIDATES}) of every query. */
  Iterator<Row> finish() {
    flush();
    List<Row> out = new ArrayList<>();
    for (int q = 0; q < top.length; q++) {
      for (Hit h : top[q].sorted()) {
        out.add(RowFactory.create(q, h.docId(), h.score()));
      }
    }
    return out.iterator();
  }

  /** Every query's kept hits, for the driver to merge ({@link CachedSlices}). */
  TopHits hits() {
    flush();
    return TopHits.of(top);
  }

  /** What takes the documents of raw {@code doc_vectors} rows. */
  interface DocSink {
    void add(String docId, int[] tokenIds, float[] weights);
  }

  /**
   * Passes the document of a raw {@code doc_vectors} row {@code (doc_id, token_ids, weights)} to
   * {@code sink}, copied out at once: the scan reuses its row objects.
   */
  static void copy(InternalRow d, DocSink sink) {
    sink.add(
        d.getUTF8String(0).toString(), d.getArray(1).toIntArray(), d.getArray(2).toFloatArray());
  }

  /** Scan plan: {@code doc_vectors} rows {@code (doc_id, token_ids, weights)}, unconverted. */
  record Vectors(Broadcast<QueryBatch> queries, int k)
      implements FlatMapFunction<Iterator<InternalRow>, Row> {
    @Override
    public Iterator<Row> call(Iterator<InternalRow> docs) {
      SliceTask task = new SliceTask(queries.value(), k);
      docs.forEachRemaining(d -> copy(d, task::add));
      return task.finish();
    }
  }

  /**
   * Raw {@code doc_vectors} rows {@code (doc_id, token_ids, weights)} laid out as slices of at most
   * {@link #chunkNonZeros} non-zeros, for {@link SpladeIndex} to keep (on the driver or the
   * executors).
   */
  record Build() implements FlatMapFunction<Iterator<InternalRow>, PostingSlice> {
    @Override
    public Iterator<PostingSlice> call(Iterator<InternalRow> docs) {
      int chunk = chunkNonZeros();
      List<PostingSlice> slices = new ArrayList<>();
      PostingSlice.Builder b = new PostingSlice.Builder();
      while (docs.hasNext()) {
        copy(docs.next(), b::add);
        if (b.nonZeros() >= chunk) {
          slices.add(b.build());
        }
      }
      if (b.size() > 0) {
        slices.add(b.build());
      }
      return slices.iterator();
    }
  }

  /** Slices cached on the executors ({@link CachedSlices}): one {@link TopHits} per task. */
  record Cached(Broadcast<QueryBatch> queries, int k)
      implements FlatMapFunction<Iterator<PostingSlice>, TopHits> {
    @Override
    public Iterator<TopHits> call(Iterator<PostingSlice> slices) {
      SliceTask task = new SliceTask(queries.value(), k);
      slices.forEachRemaining(task::score);
      return List.of(task.hits()).iterator();
    }
  }

  /**
   * Postings plan: rows {@code (doc_id, token_id, weight)} sorted by doc id, then token id; each
   * run of one doc id is that document's vector restricted to the batch's tokens, which gives the
   * same products in the same order.
   */
  record Postings(Broadcast<QueryBatch> queries, int k) implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> postings) {
      SliceTask task = new SliceTask(queries.value(), k);
      String doc = null;
      int[] ids = new int[64];
      float[] ws = new float[64];
      int n = 0;
      while (postings.hasNext()) {
        Row p = postings.next();
        String id = p.getString(0);
        if (!id.equals(doc)) {
          if (doc != null) {
            task.add(doc, Arrays.copyOf(ids, n), Arrays.copyOf(ws, n));
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
        task.add(doc, Arrays.copyOf(ids, n), Arrays.copyOf(ws, n));
      }
      return task.finish();
    }
  }
}
