package org.spladespark.jobs.search;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;

/**
 * Encoded queries, numbered 0..n-1 in input order, with a token-major copy (for each distinct
 * token, the queries that have it and their weights) for scoring documents against all queries in
 * one pass. Small enough to broadcast: one int and one float per query term. Immutable.
 */
public final class QueryBatch implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] ids;
  private final SparseVector[] vectors;
  // Token-major layout: token tokens[s] occurs in queries[starts[s] .. starts[s+1]) with weights[].
  private final int[] tokens;
  private final int[] starts;
  private final int[] queries;
  private final float[] weights;

  private QueryBatch(String[] ids, SparseVector[] vectors) {
    this.ids = ids;
    this.vectors = vectors;
    Map<Integer, Integer> counts = new HashMap<>();
    int terms = 0;
    for (SparseVector v : vectors) {
      for (int i = 0; i < v.size(); i++) {
        counts.merge(v.index(i), 1, Integer::sum);
      }
      terms += v.size();
    }
    this.tokens = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    this.starts = new int[tokens.length + 1];
    for (int s = 0; s < tokens.length; s++) {
      starts[s + 1] = starts[s] + counts.get(tokens[s]);
    }
    this.queries = new int[terms];
    this.weights = new float[terms];
    int[] fill = Arrays.copyOf(starts, tokens.length);
    for (int q = 0; q < vectors.length; q++) {
      SparseVector v = vectors[q];
      for (int i = 0; i < v.size(); i++) {
        int p = fill[Arrays.binarySearch(tokens, v.index(i))]++;
        queries[p] = q;
        weights[p] = v.value(i);
      }
    }
  }

  /**
   * A batch of queries; ids must be unique.
   *
   * @throws SpladeException naming the first repeated id
   */
  public static QueryBatch of(List<String> ids, List<SparseVector> vectors) {
    if (ids.size() != vectors.size()) {
      throw new IllegalArgumentException(ids.size() + " ids but " + vectors.size() + " vectors");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      Integer before = seen.putIfAbsent(ids.get(i), i);
      if (before != null) {
        throw SpladeException.of(
            "query id '" + ids.get(i) + "'",
            "occurs twice (queries #" + (before + 1) + " and #" + (i + 1) + ")",
            "give every query a unique id");
      }
    }
    return new QueryBatch(ids.toArray(new String[0]), vectors.toArray(new SparseVector[0]));
  }

  public int size() {
    return ids.length;
  }

  public String id(int query) {
    return ids[query];
  }

  public SparseVector vector(int query) {
    return vectors[query];
  }

  /** Number of query terms over all queries (the sum of the vector sizes). */
  public int termCount() {
    return queries.length;
  }

  /** Number of queries whose vector is empty (no token with a non-zero weight). */
  public int emptyQueries() {
    int n = 0;
    for (SparseVector v : vectors) {
      n += v.size() == 0 ? 1 : 0;
    }
    return n;
  }

  /** The distinct token ids of all queries, ascending. */
  public int[] distinctTokens() {
    return tokens.clone();
  }

  // Token-major access.

  int tokenCount() {
    return tokens.length;
  }

  int token(int slot) {
    return tokens[slot];
  }

  int start(int slot) {
    return starts[slot];
  }

  int end(int slot) {
    return starts[slot + 1];
  }

  int termQuery(int p) {
    return queries[p];
  }

  float termWeight(int p) {
    return weights[p];
  }
}
