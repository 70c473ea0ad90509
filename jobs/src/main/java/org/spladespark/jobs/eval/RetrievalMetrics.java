package org.spladespark.jobs.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retrieval metrics of one dataset.
 *
 * @param queryIds the evaluated queries (those with a relevant document), in input order
 * @param means the mean of each metric, keyed {@code dot_accuracy@1 … dot_map@100} in the
 *     reference's order (no dataset prefix)
 * @param perQuery each evaluated query's metrics, keyed {@code accuracy@1 … map@100}
 */
public record RetrievalMetrics(
    List<String> queryIds, Map<String, Double> means, Map<String, Map<String, Double>> perQuery) {
  public RetrievalMetrics {
    queryIds = List.copyOf(queryIds);
    means = Collections.unmodifiableMap(new LinkedHashMap<>(means));
    perQuery = Collections.unmodifiableMap(new LinkedHashMap<>(perQuery));
  }
}
