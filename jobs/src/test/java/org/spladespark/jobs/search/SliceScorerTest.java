package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;

class SliceScorerTest {

  static SparseVector random(Random r, int vocab, int nnz, boolean negative) {
    TreeMap<Integer, Float> m = new TreeMap<>();
    while (m.size() < nnz) {
      float w = r.nextFloat() * 3f + 0.01f;
      m.put(r.nextInt(vocab), negative && r.nextInt(5) == 0 ? -w : w);
    }
    int[] ids = m.keySet().stream().mapToInt(Integer::intValue).toArray();
    float[] ws = new float[ids.length];
    int i = 0;
    for (float w : m.values()) {
      ws[i++] = w;
    }
    return SparseVector.of(ids, ws);
  }

  @Test
  void equalsBruteForceWithTiesAndNegativeQueryWeights() {
    Random r = new Random(11);
    Map<String, SparseVector> docs = new LinkedHashMap<>();
    for (int d = 0; d < 300; d++) {
      docs.put("doc" + d, random(r, 200, 5 + r.nextInt(30), false));
    }
    // Identical vectors under different ids: exact ties, broken by id.
    SparseVector twin = docs.get("doc5");
    docs.put("twin-b", twin);
    docs.put("twin-a", twin);
    List<String> ids = new ArrayList<>();
    List<SparseVector> queries = new ArrayList<>();
    for (int q = 0; q < 40; q++) {
      ids.add("q" + q);
      queries.add(random(r, 200, 1 + r.nextInt(12), true));
    }
    ids.add("empty");
    queries.add(SparseVector.empty());
    QueryBatch batch = QueryBatch.of(ids, queries);
    for (int k : new int[] {1, 10, 1000}) {
      // Two slices (split unevenly) merged into one TopK per query, as a Spark task merges its
      // chunks, and scored twice with the same scorer, whose accumulators are reused.
      PostingSlice.Builder first = new PostingSlice.Builder();
      PostingSlice.Builder second = new PostingSlice.Builder();
      docs.forEach(
          (id, v) -> (id.hashCode() % 3 == 0 ? first : second).add(id, v.indices(), v.values()));
      PostingSlice a = first.build();
      PostingSlice b = second.build();
      assertEquals(docs.size(), a.size() + b.size());
      SliceScorer scorer = new SliceScorer();
      TopK[] top = new TopK[batch.size()];
      for (int q = 0; q < top.length; q++) {
        top[q] = new TopK(k);
      }
      scorer.scoreAll(a, batch, top);
      scorer.scoreAll(b, batch, top);
      Map<String, List<Hit>> expected = BruteForce.search(batch, docs, k);
      for (int q = 0; q < batch.size(); q++) {
        assertEquals(
            expected.get(batch.id(q)), top[q].sorted(), "query " + batch.id(q) + " k=" + k);
      }
      assertTrue(top[batch.size() - 1].sorted().isEmpty());
    }
  }

  @Test
  void refusesUnsortedDocumentTokens() {
    PostingSlice.Builder s = new PostingSlice.Builder();
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> s.add("d7", new int[] {4, 2}, new float[] {1f, 1f}));
    assertEquals(
        "doc_vectors row 'd7': token_ids are not strictly ascending (4 then 2). Fix: rebuild the"
            + " index; token_ids must be sorted ascending without duplicates",
        e.getMessage());
  }

  @Test
  void refusesMisalignedDocumentArrays() {
    PostingSlice.Builder s = new PostingSlice.Builder();
    SpladeException e =
        assertThrows(SpladeException.class, () -> s.add("d8", new int[] {1, 2}, new float[] {1f}));
    assertEquals(
        "doc_vectors row 'd8': 2 token_ids but 1 weights. Fix: rebuild the index; token_ids and"
            + " weights must be aligned",
        e.getMessage());
  }
}
