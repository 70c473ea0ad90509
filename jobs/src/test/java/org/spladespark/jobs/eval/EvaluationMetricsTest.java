package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.Hit;

class EvaluationMetricsTest {
  private static final double EPS = 1e-12;
  private static final int DIMS = 10;

  private static SparsityCounter counter(int[]... rows) {
    SparsityCounter c = new SparsityCounter(DIMS);
    for (int[] r : rows) {
      c.add(r);
    }
    return c;
  }

  @Test
  void sparsityAndFlopsOfOneSet() {
    // docs {1,2,3}, {2}, {}: 4 non-zeros over 3 rows.
    SparsityCounter d = counter(new int[] {1, 2, 3}, new int[] {2}, new int[] {});
    assertEquals(4.0 / 3, d.activeDims(), EPS);
    assertEquals(1 - (4.0 / 3) / 10, d.sparsityRatio(), EPS);
    // queries {2,5}, {2}: p_q[2] = 2/2, p_q[5] = 1/2; p_d[2] = 2/3, p_d[5] = 0
    SparsityCounter q = counter(new int[] {2, 5}, new int[] {2});
    assertEquals(1.0 * 2 / 3 + 0.5 * 0, SparsityCounter.avgFlops(q, d), EPS);
    assertEquals(0.0, SparsityCounter.avgFlops(new SparsityCounter(DIMS), d), EPS);
  }

  @Test
  void outOfVocabularyIdIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> counter(new int[] {10}));
    assertEquals("token id 10 is outside the vocabulary [0, 10)", e.getMessage());
  }

  private static DatasetEvaluation dataset(
      String name, double ndcgOfQ1, SparsityCounter q, SparsityCounter c) {
    // One query whose ndcg is given; only ndcg matters for the aggregate test.
    RetrievalMetrics r =
        new RetrievalMetrics(
            List.of("q1"),
            Map.of("dot_ndcg@10", ndcgOfQ1),
            Map.of("q1", Map.of("ndcg@10", ndcgOfQ1)));
    return new DatasetEvaluation(name, r, q, c);
  }

  @Test
  void oneDatasetKeysArePrefixedWithItsName() {
    RetrievalMetrics r =
        new IrMetrics(Cutoffs.DEFAULT)
            .evaluate(
                List.of("q"), Map.of("q", List.of(new Hit("d", 1f))), Map.of("q", Set.of("d")));
    DatasetEvaluation e =
        new DatasetEvaluation("scifact", r, counter(new int[] {1}), counter(new int[] {1, 2}));
    Map<String, Double> m = EvaluationMetrics.dataset(e);
    List<String> keys = List.copyOf(m.keySet());
    assertEquals("scifact_dot_accuracy@1", keys.get(0));
    assertEquals(
        List.of(
            "scifact_dot_ndcg@10",
            "scifact_dot_mrr@10",
            "scifact_dot_map@100",
            "scifact_query_active_dims",
            "scifact_query_sparsity_ratio",
            "scifact_corpus_active_dims",
            "scifact_corpus_sparsity_ratio",
            "scifact_avg_flops"),
        keys.subList(12, 20));
    assertEquals(20, keys.size());
    assertEquals(1.0, m.get("scifact_query_active_dims"), EPS);
    assertEquals(2.0, m.get("scifact_corpus_active_dims"), EPS);
    assertEquals(1.0, m.get("scifact_avg_flops"), EPS); // p_q[1]=1 · p_d[1]=1
    // no name: no prefix and no leading underscore
    Map<String, Double> bare =
        EvaluationMetrics.dataset(new DatasetEvaluation("", r, e.queries(), e.corpus()));
    assertTrue(bare.containsKey("dot_ndcg@10"));
    assertTrue(bare.containsKey("avg_flops"));
  }

  @Test
  void meanIsUnweightedForRetrievalAndWeightedForSparsity() {
    // A: 1 query {0}, 1 doc {0,1}.  B: 3 queries {0},{1},{1,2}, 2 docs {1}, {}.
    DatasetEvaluation a = dataset("A", 0.2, counter(new int[] {0}), counter(new int[] {0, 1}));
    DatasetEvaluation b =
        dataset(
            "B",
            0.6,
            counter(new int[] {0}, new int[] {1}, new int[] {1, 2}),
            counter(new int[] {1}, new int[] {}));
    Map<String, Double> m = EvaluationMetrics.all("BEIR", List.of(a, b));
    // retrieval: plain mean of the two datasets (0.2 + 0.6) / 2
    assertEquals(0.4, m.get("BEIR_mean_dot_ndcg@10"), EPS);
    // query active dims: A 1.0 over 1 query, B 4/3 over 3 queries -> (1·1 + 4/3·3) / 4 = 5/4
    assertEquals(1.25, m.get("BEIR_mean_query_active_dims"), EPS);
    assertEquals(1 - 1.25 / DIMS, m.get("BEIR_mean_query_sparsity_ratio"), EPS);
    // corpus active dims: A 2 over 1 doc, B 0.5 over 2 docs -> (2 + 1) / 3 = 1
    assertEquals(1.0, m.get("BEIR_mean_corpus_active_dims"), EPS);
    assertEquals(1 - 1.0 / DIMS, m.get("BEIR_mean_corpus_sparsity_ratio"), EPS);
    // pooled counts: queries c[0]=2, c[1]=2, c[2]=1 over 4; docs c[0]=1, c[1]=2 over 3
    // flops = (2/4)(1/3) + (2/4)(2/3) + (1/4)(0) = 1/6 + 1/3 = 1/2 (not the mean of A's and B's)
    assertEquals(0.5, m.get("BEIR_mean_avg_flops"), EPS);
    // A alone: p_q[0]=1 · p_d[0]=1 = 1; B alone: p_q[1]=2/3 · p_d[1]=1/2 = 1/3; mean 2/3 != 1/2
    assertEquals(1.0, m.get("A_avg_flops"), EPS);
    assertEquals(1.0 / 3, m.get("B_avg_flops"), EPS);
    assertTrue(
        List.copyOf(m.keySet()).indexOf("B_avg_flops")
            < List.copyOf(m.keySet()).indexOf("BEIR_mean_dot_ndcg@10"));
  }

  @Test
  void duplicateDatasetNamesAreRejected() {
    DatasetEvaluation a = dataset("A", 0.2, counter(new int[] {0}), counter(new int[] {0}));
    SpladeException e =
        assertThrows(SpladeException.class, () -> EvaluationMetrics.all("BEIR", List.of(a, a)));
    assertTrue(e.getMessage().startsWith("dataset A: two datasets have the same name"));
  }

  @Test
  void emptyCorpusIsRejected() {
    DatasetEvaluation a = dataset("A", 0.2, counter(new int[] {0}), counter());
    SpladeException e = assertThrows(SpladeException.class, () -> EvaluationMetrics.dataset(a));
    assertEquals(
        "dataset A: the corpus is empty. Fix: evaluate on a corpus with documents", e.getMessage());
  }
}
