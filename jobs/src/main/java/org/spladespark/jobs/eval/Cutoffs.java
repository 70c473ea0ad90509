package org.spladespark.jobs.eval;

import java.util.List;

/**
 * The k values of each metric, as the constructor arguments of sentence-transformers' {@code
 * InformationRetrievalEvaluator} ({@code accuracy_at_k}, {@code precision_recall_at_k}, {@code
 * mrr_at_k}, {@code ndcg_at_k}, {@code map_at_k}).
 */
public record Cutoffs(
    List<Integer> accuracyAtK,
    List<Integer> precisionRecallAtK,
    List<Integer> mrrAtK,
    List<Integer> ndcgAtK,
    List<Integer> mapAtK) {

  /** The reference's defaults: accuracy and P/R at 1,3,5,10; MRR@10; NDCG@10; MAP@100. */
  public static final Cutoffs DEFAULT =
      new Cutoffs(
          List.of(1, 3, 5, 10), List.of(1, 3, 5, 10), List.of(10), List.of(10), List.of(100));

  public Cutoffs {
    accuracyAtK = checked("accuracy", accuracyAtK);
    precisionRecallAtK = checked("precision/recall", precisionRecallAtK);
    mrrAtK = checked("mrr", mrrAtK);
    ndcgAtK = checked("ndcg", ndcgAtK);
    mapAtK = checked("map", mapAtK);
  }

  private static List<Integer> checked(String what, List<Integer> ks) {
    if (ks.isEmpty()) {
      throw new IllegalArgumentException(what + " cut-offs must not be empty");
    }
    for (int k : ks) {
      if (k <= 0) {
        throw new IllegalArgumentException(what + " cut-off must be > 0, got " + k);
      }
    }
    return List.copyOf(ks);
  }

  /** The number of candidates each query needs: the largest k of any metric (100 by default). */
  public int maxK() {
    int m = 0;
    for (List<Integer> ks : List.of(accuracyAtK, precisionRecallAtK, mrrAtK, ndcgAtK, mapAtK)) {
      for (int k : ks) {
        m = Math.max(m, k);
      }
    }
    return m;
  }
}
