package org.spladespark.jobs.search;

import org.spladespark.vector.SparseVector;

/**
 * Exact top-k of a query over a {@link PostingSlice}, term at a time: one float32 accumulator per
 * document, the query's tokens taken in ascending id order, each adding {@code q[t] × d[t]} to the
 * accumulators of the documents in t's postings.
 *
 * <p>Exactness: a document's accumulator starts at {@code 0f} and receives the products of the
 * tokens it shares with the query in ascending token order, each product rounded to float32 before
 * the float32 addition — exactly {@link SparseVector#dot}'s arithmetic, so scores are bit-identical
 * to it. A document is a hit when it shares at least one token with the query (whatever its score),
 * as in the brute force. Hits go to a {@link TopK}, which keeps (score desc, doc id asc).
 *
 * <p>Cost: {@code Σ_{t ∈ q} df_slice(t)} multiply-adds plus one top-k test per touched document.
 * Holds two ints and a float per document of the largest slice scored; not thread-safe (one per
 * thread).
 */
final class SliceScorer {
  private float[] acc = new float[0];
  private int[] stamp = new int[0];
  private int[] touched = new int[0];
  private int epoch;

  /** Offers every document of {@code slice} sharing a token with {@code query} to {@code out}. */
  void score(PostingSlice slice, SparseVector query, TopK out) {
    int n = slice.size();
    if (acc.length < n) {
      acc = new float[n];
      stamp = new int[n];
      touched = new int[n];
      epoch = 0;
    }
    if (++epoch == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamp, 0);
      epoch = 1;
    }
    int e = epoch;
    float[] a = acc;
    int[] st = stamp;
    int[] tl = touched;
    int hits = 0;
    for (int i = 0; i < query.size(); i++) {
      int t = query.index(i);
      float qw = query.value(i);
      int end = slice.end(t);
      for (int p = slice.start(t); p < end; p++) {
        int d = slice.doc(p);
        float product = qw * slice.weight(p);
        if (st[d] != e) {
          st[d] = e;
          a[d] = 0f + product; // 0f + -0f is 0f, as in the dot product's first addition
          tl[hits++] = d;
        } else {
          a[d] += product;
        }
      }
    }
    for (int j = 0; j < hits; j++) {
      int d = tl[j];
      out.offer(slice.docId(d), a[d]);
    }
  }

  /** {@link #score} of every query of {@code batch}, query q into {@code out[q]}. */
  void scoreAll(PostingSlice slice, QueryBatch batch, TopK[] out) {
    for (int q = 0; q < batch.size(); q++) {
      score(slice, batch.vector(q), out[q]);
    }
  }
}
