package org.spladespark.jobs.search;

import java.util.Arrays;
import java.util.List;
import org.spladespark.errors.SpladeException;

/**
 * Scores documents against every query of a {@link QueryBatch} in one pass over each document's
 * non-zeros and keeps a {@link TopK} per query: the executor side of both plans, one instance per
 * partition. The scan plan feeds it whole document vectors; the postings plan feeds it each
 * document's postings of the batch's tokens, which give the same products.
 *
 * <p>Exactness: for a given query the products {@code q[t] * d[t]} are added to a float32
 * accumulator starting at 0 in the order of the document's (ascending) token ids, which is exactly
 * {@link org.spladespark.vector.SparseVector#dot}'s arithmetic. A document is a hit of a query when
 * they share at least one token. Not thread-safe.
 */
final class BatchScorer {
  private final QueryBatch batch;
  private final int[] slotByToken;
  private final float[] acc;
  private final boolean[] touched;
  private final int[] touchedList;
  private final TopK[] top;

  BatchScorer(QueryBatch batch, int k) {
    this.batch = batch;
    int slots = batch.tokenCount();
    this.slotByToken = new int[slots == 0 ? 0 : batch.token(slots - 1) + 1];
    Arrays.fill(slotByToken, -1);
    for (int s = 0; s < slots; s++) {
      slotByToken[batch.token(s)] = s;
    }
    this.acc = new float[batch.size()];
    this.touched = new boolean[batch.size()];
    this.touchedList = new int[batch.size()];
    this.top = new TopK[batch.size()];
    for (int q = 0; q < top.length; q++) {
      top[q] = new TopK(k);
    }
  }

  /** Scores one document; its token ids must be strictly ascending. */
  void add(String docId, int[] tokenIds, float[] docWeights) {
    if (tokenIds.length != docWeights.length) {
      throw SpladeException.of(
          "doc_vectors row '" + docId + "'",
          tokenIds.length + " token_ids but " + docWeights.length + " weights",
          "rebuild the index; token_ids and weights must be aligned");
    }
    int n = 0;
    for (int i = 0; i < tokenIds.length; i++) {
      int t = tokenIds[i];
      if (i > 0 && t <= tokenIds[i - 1]) {
        throw SpladeException.of(
            "doc_vectors row '" + docId + "'",
            "token_ids are not strictly ascending (" + tokenIds[i - 1] + " then " + t + ")",
            "rebuild the index; token_ids must be sorted ascending without duplicates");
      }
      if (t < 0 || t >= slotByToken.length || slotByToken[t] < 0) {
        continue;
      }
      int s = slotByToken[t];
      float w = docWeights[i];
      for (int p = batch.start(s); p < batch.end(s); p++) {
        int q = batch.termQuery(p);
        if (!touched[q]) {
          touched[q] = true;
          touchedList[n++] = q;
        }
        acc[q] += batch.termWeight(p) * w;
      }
    }
    for (int i = 0; i < n; i++) {
      int q = touchedList[i];
      top[q].offer(docId, acc[q]);
      acc[q] = 0f;
      touched[q] = false;
    }
  }

  /** The best hits of query {@code q} among the documents added, best first. */
  List<Hit> hits(int q) {
    return top[q].sorted();
  }

  int queries() {
    return top.length;
  }
}
