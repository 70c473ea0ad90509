package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.Hit;

/** Every metric against a hand computation (written next to each assertion). */
class IrMetricsTest {
  private static final double EPS = 1e-12;
  private final IrMetrics metrics = new IrMetrics(Cutoffs.DEFAULT);

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Ranking d2 d1 d4 d3 d5 (5 hits, fewer than 10), relevant {d1, d3}: hits at ranks 2 and 4. */
  private static List<Hit> fiveHits() {
    return List.of(
        new Hit("d3", 0.6f),
        new Hit("d2", 0.9f),
        new Hit("d5", 0.5f),
        new Hit("d1", 0.8f),
        new Hit("d4", 0.7f));
  }

  @Test
  void everyMetricOfOneQueryWithFewerHitsThanK() {
    Map<String, Double> m = metrics.query(fiveHits(), Set.of("d1", "d3"));
    // rank 1 (d2) is not relevant; rank 2 (d1) is.
    assertEquals(0.0, m.get("accuracy@1"), EPS);
    assertEquals(1.0, m.get("accuracy@3"), EPS);
    assertEquals(1.0, m.get("accuracy@5"), EPS);
    assertEquals(1.0, m.get("accuracy@10"), EPS);
    // precision@k = relevant in top k / k; @10 divides by 10 although only 5 hits came back.
    assertEquals(0.0, m.get("precision@1"), EPS); // 0/1
    assertEquals(1.0 / 3, m.get("precision@3"), EPS); // {d1}/3
    assertEquals(2.0 / 5, m.get("precision@5"), EPS); // {d1,d3}/5
    assertEquals(2.0 / 10, m.get("precision@10"), EPS); // {d1,d3}/10
    // recall@k = relevant in top k / |relevant| = x/2
    assertEquals(0.0, m.get("recall@1"), EPS);
    assertEquals(0.5, m.get("recall@3"), EPS);
    assertEquals(1.0, m.get("recall@5"), EPS);
    assertEquals(1.0, m.get("recall@10"), EPS);
    // DCG = 1/log2(2+1) + 1/log2(4+1); IDCG over min(10,2)=2 ideal hits = 1/log2(2) + 1/log2(3)
    double dcg = 1 / log2(3) + 1 / log2(5);
    double idcg = 1 + 1 / log2(3);
    assertEquals(dcg / idcg, m.get("ndcg@10"), EPS);
    // first relevant at rank 2
    assertEquals(0.5, m.get("mrr@10"), EPS);
    // AP = (P@2 + P@4) / min(100, 2) = (1/2 + 2/4) / 2
    assertEquals(0.5, m.get("map@100"), EPS);
  }

  @Test
  void metricNamesFollowTheReferenceOrder() {
    assertEquals(
        List.of(
            "accuracy@1",
            "accuracy@3",
            "accuracy@5",
            "accuracy@10",
            "precision@1",
            "precision@3",
            "precision@5",
            "precision@10",
            "recall@1",
            "recall@3",
            "recall@5",
            "recall@10",
            "ndcg@10",
            "mrr@10",
            "map@100"),
        metrics.metricNames());
    assertEquals(100, Cutoffs.DEFAULT.maxK());
  }

  @Test
  void tiesAreBrokenByCorpusIdAscending() {
    // All three score 1.0: the order is a, b, c whatever the input order.
    List<Hit> hits = List.of(new Hit("c", 1f), new Hit("b", 1f), new Hit("a", 1f));
    assertEquals(
        List.of("a", "b", "c"), metrics.candidates(hits).stream().map(Hit::docId).toList());
    Map<String, Double> m = metrics.query(hits, Set.of("b"));
    assertEquals(0.0, m.get("accuracy@1"), EPS); // rank 1 is a
    assertEquals(0.5, m.get("mrr@10"), EPS); // b at rank 2
    // DCG = 1/log2(3), IDCG (1 relevant) = 1/log2(2) = 1
    assertEquals(1 / log2(3), m.get("ndcg@10"), EPS);
    assertEquals(0.5, m.get("map@100"), EPS); // P@2 / min(100,1) = 1/2
  }

  @Test
  void tieAtTheCandidateCutoffKeepsTheLowerId() {
    // maxK = 2: of three hits tied at 1.0, "c" falls off and cannot be found.
    IrMetrics small =
        new IrMetrics(new Cutoffs(List.of(2), List.of(2), List.of(2), List.of(2), List.of(2)));
    Map<String, Double> m =
        small.query(List.of(new Hit("c", 1f), new Hit("b", 1f), new Hit("a", 1f)), Set.of("c"));
    assertEquals(0.0, m.get("accuracy@2"), EPS); // candidates a, b
    assertEquals(0.0, m.get("recall@2"), EPS);
    assertEquals(0.0, m.get("map@2"), EPS);
  }

  @Test
  void aHitWithTheQueryIdIsNotSkipped() {
    // Query "q7" retrieves document "q7", which is relevant: it counts (BEIR would skip it).
    Map<String, Double> m =
        metrics.query(List.of(new Hit("q7", 2f), new Hit("x", 1f)), Set.of("q7"));
    assertEquals(1.0, m.get("accuracy@1"), EPS);
    assertEquals(1.0, m.get("mrr@10"), EPS);
    assertEquals(1.0, m.get("ndcg@10"), EPS); // DCG = IDCG = 1
  }

  @Test
  void idcgUsesAtMostTenIdealHitsAndMapAtMostOneHundred() {
    // 12 relevant docs r00..r11; the top 10 are r00..r09, all relevant.
    List<Hit> hits = new ArrayList<>();
    Set<String> relevant = new java.util.HashSet<>();
    for (int i = 0; i < 12; i++) {
      relevant.add(String.format("r%02d", i));
    }
    for (int i = 0; i < 10; i++) {
      hits.add(new Hit(String.format("r%02d", i), 10f - i));
    }
    Map<String, Double> m = metrics.query(hits, relevant);
    assertEquals(1.0, m.get("ndcg@10"), EPS); // IDCG over min(10,12)=10 ideal hits = DCG
    assertEquals(10.0 / 12, m.get("recall@10"), EPS); // 10 of 12
    assertEquals(1.0, m.get("precision@10"), EPS); // 10/10
    // AP = (P@1 + … + P@10) / min(100, 12) = 10 / 12
    assertEquals(10.0 / 12, m.get("map@100"), EPS);
  }

  @Test
  void onlyTheTopHundredHitsAreCandidates() {
    // 101 hits, scores 101..1; the only relevant doc is last (rank 101): outside the candidates.
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      hits.add(new Hit("d" + i, 101f - i));
    }
    assertEquals(100, metrics.candidates(hits).size());
    Map<String, Double> m = metrics.query(hits, Set.of("d100"));
    assertEquals(0.0, m.get("map@100"), EPS);
    assertEquals(0.0, m.get("recall@10"), EPS);
    // at rank 100 it would count: P@100 / min(100,1) = 1/100
    assertEquals(0.01, metrics.query(hits, Set.of("d99")).get("map@100"), EPS);
  }

  @Test
  void meansSkipQueriesWithoutRelevantDocsAndCountQueriesWithoutHits() {
    // q1: the five-hit ranking (relevant d1,d3). q2: no qrels -> skipped. q3: relevant {z},
    // no hits at all -> every metric 0 but counted. q4: qrels with an empty set -> skipped.
    RetrievalMetrics r =
        metrics.evaluate(
            List.of("q1", "q2", "q3", "q4"),
            Map.of("q1", fiveHits(), "q2", fiveHits()),
            Map.of("q1", Set.of("d1", "d3"), "q3", Set.of("z"), "q4", Set.of()));
    assertEquals(List.of("q1", "q3"), r.queryIds());
    assertEquals(0.0, r.perQuery().get("q3").get("ndcg@10"), EPS);
    // means over 2 queries: q1's value / 2
    assertEquals((1.0 + 0.0) / 2, r.means().get("dot_accuracy@3"), EPS);
    assertEquals((2.0 / 5 + 0) / 2, r.means().get("dot_precision@5"), EPS);
    assertEquals((0.5 + 0) / 2, r.means().get("dot_recall@3"), EPS);
    assertEquals((0.5 + 0) / 2, r.means().get("dot_mrr@10"), EPS);
    assertEquals((0.5 + 0) / 2, r.means().get("dot_map@100"), EPS);
    double ndcg1 = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3));
    assertEquals(ndcg1 / 2, r.means().get("dot_ndcg@10"), EPS);
    assertEquals(
        List.of(
            "dot_accuracy@1",
            "dot_accuracy@3",
            "dot_accuracy@5",
            "dot_accuracy@10",
            "dot_precision@1",
            "dot_precision@3",
            "dot_precision@5",
            "dot_precision@10",
            "dot_recall@1",
            "dot_recall@3",
            "dot_recall@5",
            "dot_recall@10",
            "dot_ndcg@10",
            "dot_mrr@10",
            "dot_map@100"),
        List.copyOf(r.means().keySet()));
  }

  @Test
  void noEvaluableQueryIsAUserError() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> metrics.evaluate(List.of("q1"), Map.of(), Map.of("other", Set.of("d"))));
    assertTrue(e.getMessage().contains("none of the 1 queries has a relevant document"));
  }

  @Test
  void invalidCutoffsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Cutoffs(List.of(0), List.of(1), List.of(1), List.of(1), List.of(1)));
    assertEquals("accuracy cut-off must be > 0, got 0", e.getMessage());
  }
}
