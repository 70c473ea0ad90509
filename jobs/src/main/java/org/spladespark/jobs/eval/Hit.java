package org.spladespark.jobs.eval;

import java.util.Comparator;

/**
 * One retrieved document and its dot-product score.
 *
 * @param docId the corpus id
 * @param score the query·document dot product (float32, as the search computes it)
 */
public record Hit(String docId, float score) {
  /**
   * The ranking order used everywhere in this pipeline: score descending, then corpus id ascending
   * (a total, deterministic order; see {@link IrMetrics} on how it relates to the reference).
   */
  public static final Comparator<Hit> RANKING =
      Comparator.comparing(Hit::score, Comparator.reverseOrder()).thenComparing(Hit::docId);
}
