package org.spladespark.jobs.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The kept hits of every query of a batch, best first, in three flat arrays: what a task sends to
 * the driver (one object per query would cost a serialized object per hit). Two of them over
 * disjoint documents merge into the top k of their union, in {@link Hit#RANKING} order, as one
 * {@link TopK} over all documents would have kept. Immutable.
 */
final class TopHits implements Serializable {
  private static final long serialVersionUID = 1L;

  // Query q's hits are [start[q], start[q + 1]).
  private final int[] start;
  private final String[] docIds;
  private final float[] scores;

  private TopHits(int[] start, String[] docIds, float[] scores) {
    this.start = start;
    this.docIds = docIds;
    this.scores = scores;
  }

  /** The hits {@code top} kept, query by query. */
  static TopHits of(TopK[] top) {
    int[] start = new int[top.length + 1];
    for (int q = 0; q < top.length; q++) {
      start[q + 1] = start[q] + top[q].size();
    }
    String[] ids = new String[start[top.length]];
    float[] scores = new float[ids.length];
    for (int q = 0; q < top.length; q++) {
      int i = start[q];
      for (Hit h : top[q].sorted()) {
        ids[i] = h.docId();
        scores[i++] = h.score();
      }
    }
    return new TopHits(start, ids, scores);
  }

  int queries() {
    return start.length - 1;
  }

  /** Query {@code q}'s hits, best first. */
  List<Hit> hits(int q) {
    List<Hit> out = new ArrayList<>(start[q + 1] - start[q]);
    for (int i = start[q]; i < start[q + 1]; i++) {
      out.add(new Hit(docIds[i], scores[i]));
    }
    return out;
  }

  /**
   * The best {@code k} of both, per query: a merge of two ranked lists. The documents of the two
   * must be disjoint (slices of different documents), so no document is kept twice.
   */
  TopHits merge(TopHits other, int k) {
    if (other.queries() != queries()) {
      // An internal invariant (every task scores the same broadcast batch), not a user's input.
      throw new IllegalArgumentException(other.queries() + " queries, expected " + queries());
    }
    int[] mergedStart = new int[start.length];
    for (int q = 0; q < queries(); q++) {
      int n = (start[q + 1] - start[q]) + (other.start[q + 1] - other.start[q]);
      mergedStart[q + 1] = mergedStart[q] + Math.min(k, n);
    }
    String[] ids = new String[mergedStart[queries()]];
    float[] merged = new float[ids.length];
    for (int q = 0; q < queries(); q++) {
      int i = start[q];
      int j = other.start[q];
      for (int out = mergedStart[q]; out < mergedStart[q + 1]; out++) {
        boolean mine =
            j == other.start[q + 1]
                || (i < start[q + 1]
                    && before(scores[i], docIds[i], other.scores[j], other.docIds[j]));
        ids[out] = mine ? docIds[i] : other.docIds[j];
        merged[out] = mine ? scores[i++] : other.scores[j++];
      }
    }
    return new TopHits(mergedStart, ids, merged);
  }

  /** Whether hit (s1, id1) ranks before (s2, id2): {@link Hit#RANKING} without building Hits. */
  private static boolean before(float s1, String id1, float s2, String id2) {
    int c = Hit.compareScores(s2, s1);
    return c < 0 || (c == 0 && Hit.compareIds(id1, id2) < 0);
  }
}
