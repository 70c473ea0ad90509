package org.spladespark.jobs.eval;

import java.util.Map;
import org.spladespark.jobs.search.Hit;

/**
 * The retrieval step of {@link EvaluateJob}: encode a corpus and queries with the model and return
 * the top hits of every query by exact dot product, ordered by {@link Hit#RANKING}.
 *
 * <p>For parity with the reference, which ranks every corpus document, the hits of a query should
 * include zero-score documents (lowest corpus ids first) when fewer than {@code k} documents score
 * above zero; {@link ExactRetriever#pad} does that for a search that returns only matching
 * documents.
 */
public interface Retriever {
  /**
   * @param dataset the dataset: its name (for naming tables or runs), its corpus (document id →
   *     text) and, when read from disk, its folder
   * @param queries query id → text (only the queries that are evaluated)
   * @param k hits per query (100 for the default metrics)
   */
  RetrievalRun retrieve(BeirDataset dataset, Map<String, String> queries, int k);
}
