package org.spladespark.jobs.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.Hit;

/**
 * Retrieval metrics exactly as sentence-transformers' {@code InformationRetrievalEvaluator} (and so
 * {@code SparseInformationRetrievalEvaluator}) computes them, with its key names.
 *
 * <ul>
 *   <li>Only queries with at least one relevant document are evaluated; relevance is binary.
 *   <li>Candidates: the top {@link Cutoffs#maxK()} (100) hits by {@link Hit#RANKING}. A hit whose
 *       id equals the query id is <em>not</em> skipped (the reference keeps it too, unlike
 *       BEIR/MTEB).
 *   <li>accuracy@k = 1 if any of the top k is relevant; precision@k = relevant in top k / k (k, not
 *       the number of hits, even when fewer than k were retrieved); recall@k = relevant in top k /
 *       |relevant|.
 *   <li>mrr@k = 1 / rank of the first relevant hit within the top k, else 0.
 *   <li>ndcg@k with binary gains: DCG = Σ_{i=1..k} rel_i / log2(i+1), IDCG = DCG of
 *       min(k,|relevant|) relevant hits.
 *   <li>map@k = Σ over relevant hits at ranks i ≤ k of precision@i, divided by min(k, |relevant|).
 * </ul>
 *
 * Each metric is the arithmetic mean over the evaluated queries, in double precision.
 *
 * <p>Ties: the reference keeps candidates in a heap of (score, corpus id) and sorts them by score
 * with a stable sort, so the order of equal scores depends on heap layout; this class fixes it to
 * corpus id ascending, the order of the pipeline's search. Results differ from the reference only
 * when a relevant and a non-relevant document tie exactly at a cut-off.
 *
 * <p>Immutable and thread-safe.
 */
public final class IrMetrics {
  /** Name of the score function in metric keys (sentence-transformers' {@code dot}). */
  public static final String SCORE_FUNCTION = "dot";

  private final Cutoffs cutoffs;

  public IrMetrics(Cutoffs cutoffs) {
    this.cutoffs = cutoffs;
  }

  public Cutoffs cutoffs() {
    return cutoffs;
  }

  /** The per-query metric names in the reference's order: {@code accuracy@1 … map@100}. */
  public List<String> metricNames() {
    List<String> names = new ArrayList<>();
    cutoffs.accuracyAtK().forEach(k -> names.add("accuracy@" + k));
    cutoffs.precisionRecallAtK().forEach(k -> names.add("precision@" + k));
    cutoffs.precisionRecallAtK().forEach(k -> names.add("recall@" + k));
    cutoffs.ndcgAtK().forEach(k -> names.add("ndcg@" + k));
    cutoffs.mrrAtK().forEach(k -> names.add("mrr@" + k));
    cutoffs.mapAtK().forEach(k -> names.add("map@" + k));
    return names;
  }

  /** The candidates of one query: its hits in {@link Hit#RANKING} order, cut to {@code maxK}. */
  public List<Hit> candidates(Collection<Hit> hits) {
    List<Hit> sorted = new ArrayList<>(hits);
    sorted.sort(Hit.RANKING);
    return sorted.size() > cutoffs.maxK() ? sorted.subList(0, cutoffs.maxK()) : sorted;
  }

  /**
   * The metrics of one query, keyed as {@link #metricNames()}.
   *
   * @param hits the retrieved hits in any order (they are ranked by {@link #candidates})
   * @param relevant the relevant corpus ids; must not be empty
   */
  public Map<String, Double> query(Collection<Hit> hits, Set<String> relevant) {
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("a query without relevant documents is not evaluated");
    }
    List<Hit> top = candidates(hits);
    boolean[] rel = new boolean[top.size()];
    for (int i = 0; i < rel.length; i++) {
      rel[i] = relevant.contains(top.get(i).docId());
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k : cutoffs.accuracyAtK()) {
      m.put("accuracy@" + k, relevantIn(rel, k) > 0 ? 1.0 : 0.0);
    }
    for (int k : cutoffs.precisionRecallAtK()) {
      m.put("precision@" + k, relevantIn(rel, k) / (double) k);
    }
    for (int k : cutoffs.precisionRecallAtK()) {
      m.put("recall@" + k, relevantIn(rel, k) / (double) relevant.size());
    }
    for (int k : cutoffs.ndcgAtK()) {
      m.put("ndcg@" + k, ndcg(rel, k, relevant.size()));
    }
    for (int k : cutoffs.mrrAtK()) {
      double rr = 0;
      for (int i = 0; i < Math.min(k, rel.length); i++) {
        if (rel[i]) {
          rr = 1.0 / (i + 1);
          break;
        }
      }
      m.put("mrr@" + k, rr);
    }
    for (int k : cutoffs.mapAtK()) {
      int correct = 0;
      double sumPrecisions = 0;
      for (int i = 0; i < Math.min(k, rel.length); i++) {
        if (rel[i]) {
          correct++;
          sumPrecisions += correct / (double) (i + 1);
        }
      }
      m.put("map@" + k, sumPrecisions / Math.min(k, relevant.size()));
    }
    return m;
  }

  /**
   * Evaluates a run.
   *
   * @param queryIds the queries, in order; those without a relevant document are skipped
   * @param run hits per query id; a query missing from the run has no hits (all metrics 0)
   * @param relevant relevant corpus ids per query id (qrels with score > 0)
   * @throws SpladeException if no query has a relevant document
   */
  public RetrievalMetrics evaluate(
      List<String> queryIds,
      Map<String, ? extends Collection<Hit>> run,
      Map<String, ? extends Set<String>> relevant) {
    List<String> evaluated = new ArrayList<>();
    Map<String, Map<String, Double>> perQuery = new LinkedHashMap<>();
    for (String qid : queryIds) {
      Set<String> rel = relevant.get(qid);
      if (rel == null || rel.isEmpty() || perQuery.containsKey(qid)) {
        continue;
      }
      evaluated.add(qid);
      Collection<Hit> hits = run.get(qid);
      perQuery.put(qid, query(hits == null ? List.of() : hits, rel));
    }
    if (evaluated.isEmpty()) {
      throw SpladeException.of(
          "qrels",
          "none of the " + queryIds.size() + " queries has a relevant document",
          "check that the qrels' query ids match the queries file and that scores are > 0");
    }
    Map<String, Double> means = new LinkedHashMap<>();
    for (String name : metricNames()) {
      double sum = 0;
      for (Map<String, Double> q : perQuery.values()) {
        sum += q.get(name);
      }
      means.put(SCORE_FUNCTION + "_" + name, sum / evaluated.size());
    }
    return new RetrievalMetrics(evaluated, means, perQuery);
  }

  private static int relevantIn(boolean[] rel, int k) {
    int n = 0;
    for (int i = 0; i < Math.min(k, rel.length); i++) {
      if (rel[i]) {
        n++;
      }
    }
    return n;
  }

  private static double ndcg(boolean[] rel, int k, int relevantCount) {
    double dcg = 0;
    for (int i = 0; i < Math.min(k, rel.length); i++) {
      if (rel[i]) {
        dcg += 1.0 / log2(i + 2);
      }
    }
    double idcg = 0;
    for (int i = 0; i < Math.min(k, relevantCount); i++) {
      idcg += 1.0 / log2(i + 2);
    }
    return dcg / idcg;
  }

  private static double log2(int x) {
    return Math.log(x) / Math.log(2);
  }
}
