package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopHitsTest {
  private static final float[] SCORES = {0f, -0f, 0.5f, 1f, 1.5f, Float.NaN, -1f};

  @Test
  void mergeKeepsWhatOneTopKOverBothKeeps() {
    Random r = new Random(3);
    for (int round = 0; round < 200; round++) {
      int queries = 1 + r.nextInt(4);
      int k = 1 + r.nextInt(12);
      TopK[] left = tops(queries, k);
      TopK[] right = tops(queries, k);
      TopK[] all = tops(queries, k);
      for (int q = 0; q < queries; q++) {
        // Unique doc ids split between the sides; few distinct scores (NaN above all, -0 equal
        // to 0): ties across the two sides and at the cut-off.
        for (int d = r.nextInt(3 * k); d > 0; d--) {
          String id = "d" + r.nextInt(10) + "-" + d;
          float score = SCORES[r.nextInt(SCORES.length)];
          (r.nextBoolean() ? left : right)[q].offer(id, score);
          all[q].offer(id, score);
        }
      }
      TopHits merged = TopHits.of(left).merge(TopHits.of(right), k);
      TopHits reversed = TopHits.of(right).merge(TopHits.of(left), k);
      assertEquals(queries, merged.queries());
      for (int q = 0; q < queries; q++) {
        assertEquals(all[q].sorted(), merged.hits(q), "round " + round + " query " + q);
        assertEquals(all[q].sorted(), reversed.hits(q), "round " + round + " query " + q);
      }
    }
  }

  @Test
  void mergeRefusesBatchesOfDifferentSizes() {
    TopHits two = TopHits.of(tops(2, 5));
    TopHits three = TopHits.of(tops(3, 5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> two.merge(three, 5));
    assertEquals("3 queries, expected 2", e.getMessage());
  }

  @Test
  void keepsEachQuerysHitsBestFirst() {
    TopK[] top = tops(2, 3);
    top[0].offer("b", 1f);
    top[0].offer("a", 1f);
    top[0].offer("c", 2f);
    TopHits hits = TopHits.of(top);
    assertEquals(List.of(new Hit("c", 2f), new Hit("a", 1f), new Hit("b", 1f)), hits.hits(0));
    assertEquals(new ArrayList<Hit>(), hits.hits(1));
  }

  private static TopK[] tops(int queries, int k) {
    TopK[] top = new TopK[queries];
    for (int q = 0; q < queries; q++) {
      top[q] = new TopK(k);
    }
    return top;
  }
}
