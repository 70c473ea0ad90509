package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The best {@code k} hits offered so far in {@link Hit#RANKING} order; ties at the cut-off are
 * broken by doc id like everywhere else, so the kept set does not depend on the offer order.
 *
 * <p>A binary heap of the kept hits with the worst on top, in two parallel arrays (scores and doc
 * ids): a hit that beats the worst replaces it and sinks to its place, one sift instead of an
 * insertion and a removal, with no object per offer. At k=100 the heap is as busy as the scoring
 * itself, so it stays this plain. Not thread-safe.
 */
public final class TopK {
  private final int k;
  // heap[0] is the worst kept hit; each node ranks at or after its children.
  private float[] scores;
  private String[] ids;
  private int size;

  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.k = k;
    int capacity = Math.min(k, 1024);
    this.scores = new float[capacity];
    this.ids = new String[capacity];
  }

  /** Whether a hit with this score and id would be kept ({@link #offer} tests it itself). */
  public boolean accepts(float score, String docId) {
    return size < k || before(score, docId, scores[0], ids[0]);
  }

  public void offer(String docId, float score) {
    if (size < k) {
      if (size == scores.length) {
        int capacity = (int) Math.min(k, 2L * size);
        scores = Arrays.copyOf(scores, capacity);
        ids = Arrays.copyOf(ids, capacity);
      }
      siftUp(size++, score, docId);
    } else if (accepts(score, docId)) {
      siftDown(score, docId);
    }
  }

  public int size() {
    return size;
  }

  /** The kept hits, best first. */
  public List<Hit> sorted() {
    List<Hit> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Hit(ids[i], scores[i]));
    }
    out.sort(Hit.RANKING);
    return out;
  }

  /** Places a new hit at slot {@code i} (the end) and lifts it above the better ones. */
  private void siftUp(int i, float score, String docId) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(scores[parent], ids[parent], score, docId)) {
        break;
      }
      put(i, scores[parent], ids[parent]);
      i = parent;
    }
    put(i, score, docId);
  }

  /** Replaces the worst hit (the top) with this one and sinks it below the worse ones. */
  private void siftDown(float score, String docId) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(scores[child], ids[child], scores[right], ids[right])) {
        child = right;
      }
      if (!before(score, docId, scores[child], ids[child])) {
        break;
      }
      put(i, scores[child], ids[child]);
      i = child;
    }
    put(i, score, docId);
  }

  private void put(int i, float score, String docId) {
    scores[i] = score;
    ids[i] = docId;
  }

  /** Whether hit (s1, id1) ranks before (s2, id2) in {@link Hit#RANKING}. */
  private static boolean before(float s1, String id1, float s2, String id2) {
    int c = Hit.compareScores(s1, s2);
    return c > 0 || (c == 0 && Hit.compareIds(id1, id2) < 0);
  }
}
