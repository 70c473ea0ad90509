package org.spladespark.jobs.stats;

import java.util.HashSet;
import java.util.Set;
import org.spladespark.vector.SparseVector;

/**
 * How one document's vector changed between two models (a → b).
 *
 * <ul>
 *   <li>{@code activeDelta} = |b| − |a| (non-zeros);
 *   <li>{@code activeJaccard} = |ids(a) ∩ ids(b)| / |ids(a) ∪ ids(b)|, 1 when both are empty;
 *   <li>{@code topKJaccard}: the same over the k highest-|w| tokens of each (ties by lower id, as
 *       {@link SparseVector#topK}).
 * </ul>
 */
public record VectorDrift(int activeDelta, double activeJaccard, double topKJaccard) {

  public static VectorDrift of(SparseVector a, SparseVector b, int k) {
    return new VectorDrift(b.size() - a.size(), jaccard(a, b), jaccard(a.topK(k), b.topK(k)));
  }

  static double jaccard(SparseVector a, SparseVector b) {
    Set<Integer> union = new HashSet<>();
    int both = 0;
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      ids.add(a.index(i));
      union.add(a.index(i));
    }
    for (int i = 0; i < b.size(); i++) {
      if (ids.contains(b.index(i))) {
        both++;
      }
      union.add(b.index(i));
    }
    return union.isEmpty() ? 1.0 : both / (double) union.size();
  }
}
