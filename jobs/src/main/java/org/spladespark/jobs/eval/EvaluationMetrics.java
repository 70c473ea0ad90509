package org.spladespark.jobs.eval;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spladespark.errors.SpladeException;

/**
 * The metric dictionary of sentence-transformers, key for key.
 *
 * <p>One dataset ({@code SparseInformationRetrievalEvaluator} with {@code name}): {@code
 * {name}_dot_accuracy@1 … {name}_dot_map@100}, then {@code {name}_query_active_dims}, {@code
 * {name}_query_sparsity_ratio}, {@code {name}_corpus_active_dims}, {@code
 * {name}_corpus_sparsity_ratio}, {@code {name}_avg_flops}. An empty name adds no prefix and no
 * underscore.
 *
 * <p>Several datasets ({@code SparseNanoBEIREvaluator}): every dataset's keys, then the aggregate
 * under the name {@code {prefix}_mean}: retrieval metrics as the unweighted mean over datasets;
 * query (corpus) active dims and sparsity ratio as the mean over datasets weighted by each
 * dataset's evaluated query (corpus) count; avg_flops from the pooled count vectors (Σ counts / Σ
 * rows, queries and corpus separately), not a mean of the per-dataset values.
 */
public final class EvaluationMetrics {
  private EvaluationMetrics() {}

  /** {@code name + "_" + key}, or {@code key} when the name is empty. */
  public static String prefixed(String name, String key) {
    return name == null || name.isEmpty() ? key : name + "_" + key;
  }

  /** The keys and values of one dataset. */
  public static Map<String, Double> dataset(DatasetEvaluation e) {
    if (e.corpus().rows() == 0) {
      throw SpladeException.of(
          "dataset " + e.name(), "the corpus is empty", "evaluate on a corpus with documents");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    e.retrieval().means().forEach((k, v) -> m.put(prefixed(e.name(), k), v));
    m.put(prefixed(e.name(), "query_active_dims"), e.queries().activeDims());
    m.put(prefixed(e.name(), "query_sparsity_ratio"), e.queries().sparsityRatio());
    m.put(prefixed(e.name(), "corpus_active_dims"), e.corpus().activeDims());
    m.put(prefixed(e.name(), "corpus_sparsity_ratio"), e.corpus().sparsityRatio());
    m.put(prefixed(e.name(), "avg_flops"), SparsityCounter.avgFlops(e.queries(), e.corpus()));
    return m;
  }

  /** The aggregate keys under {@code aggregateName} (e.g. {@code BEIR_mean}). */
  public static Map<String, Double> mean(String aggregateName, List<DatasetEvaluation> datasets) {
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException("no dataset to aggregate");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (String key : datasets.get(0).retrieval().means().keySet()) {
      double sum = 0;
      for (DatasetEvaluation d : datasets) {
        Double v = d.retrieval().means().get(key);
        if (v == null) {
          throw new IllegalArgumentException(
              "dataset " + d.name() + " lacks metric " + key + ": use the same cut-offs");
        }
        sum += v;
      }
      m.put(prefixed(aggregateName, key), sum / datasets.size());
    }
    SparsityCounter q = new SparsityCounter(datasets.get(0).queries().dimensions());
    SparsityCounter c = new SparsityCounter(datasets.get(0).corpus().dimensions());
    double qActive = 0;
    double qRatio = 0;
    double cActive = 0;
    double cRatio = 0;
    for (DatasetEvaluation d : datasets) {
      qActive += d.queries().activeDims() * d.queries().rows();
      qRatio += d.queries().sparsityRatio() * d.queries().rows();
      cActive += d.corpus().activeDims() * d.corpus().rows();
      cRatio += d.corpus().sparsityRatio() * d.corpus().rows();
      q.merge(d.queries());
      c.merge(d.corpus());
    }
    m.put(prefixed(aggregateName, "query_active_dims"), qActive / q.rows());
    m.put(prefixed(aggregateName, "query_sparsity_ratio"), qRatio / q.rows());
    m.put(prefixed(aggregateName, "corpus_active_dims"), cActive / c.rows());
    m.put(prefixed(aggregateName, "corpus_sparsity_ratio"), cRatio / c.rows());
    m.put(prefixed(aggregateName, "avg_flops"), SparsityCounter.avgFlops(q, c));
    return m;
  }

  /** Every dataset's keys, then the aggregate under {@code {prefix}_mean}. */
  public static Map<String, Double> all(String prefix, List<DatasetEvaluation> datasets) {
    Map<String, Double> m = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (DatasetEvaluation d : datasets) {
      if (!names.add(d.name())) {
        throw SpladeException.of(
            "dataset " + d.name(),
            "two datasets have the same name, so their metric keys would collide",
            "give every dataset its own name");
      }
      m.putAll(dataset(d));
    }
    m.putAll(mean(prefixed(prefix, "mean"), datasets));
    return m;
  }
}
