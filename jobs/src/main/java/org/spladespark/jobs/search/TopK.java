package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best {@code k} hits offered so far in {@link Hit#RANKING} order; ties at the cut-off are
 * broken by doc id like everywhere else, so the kept set does not depend on the offer order. Not
 * thread-safe.
 */
public final class TopK {
  private final int k;
  // Worst kept hit on top.
  private final PriorityQueue<Hit> heap;

  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    this.k = k;
    this.heap = new PriorityQueue<>(Math.min(k, 1024) + 1, Hit.RANKING.reversed());
  }

  /** Whether a hit with this score and id would be kept; lets callers skip building a Hit. */
  public boolean accepts(float score, String docId) {
    if (heap.size() < k) {
      return true;
    }
    Hit worst = heap.peek();
    int c = Hit.compareScores(score, worst.score());
    return c > 0 || (c == 0 && Hit.compareIds(docId, worst.docId()) < 0);
  }

  public void offer(String docId, float score) {
    if (accepts(score, docId)) {
      heap.add(new Hit(docId, score));
      if (heap.size() > k) {
        heap.poll();
      }
    }
  }

  public int size() {
    return heap.size();
  }

  /** The kept hits, best first. */
  public List<Hit> sorted() {
    List<Hit> out = new ArrayList<>(heap);
    out.sort(Hit.RANKING);
    return out;
  }
}
