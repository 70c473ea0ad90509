package org.spladespark.jobs.search;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;

/**
 * Encoded queries, numbered 0..n-1 in input order, with the distinct tokens they use (what the
 * postings plan reads and the plan rule counts). Small enough to broadcast: an int and a float per
 * query term, plus the ids. Immutable.
 */
public final class QueryBatch implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String[] ids;
  private final SparseVector[] vectors;
  private final int[] tokens;
  private final int terms;

  private QueryBatch(String[] ids, SparseVector[] vectors) {
    this.ids = ids;
    this.vectors = vectors;
    this.tokens =
        Arrays.stream(vectors)
            .flatMapToInt(v -> Arrays.stream(v.indices()))
            .distinct()
            .sorted()
            .toArray();
    this.terms = Arrays.stream(vectors).mapToInt(SparseVector::size).sum();
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
    return terms;
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
}
