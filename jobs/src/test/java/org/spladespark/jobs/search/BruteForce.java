package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spladespark.vector.SparseVector;

/** The reference the plans are checked against: every document, SparseVector.dot, a full sort. */
final class BruteForce {
  private BruteForce() {}

  /** Documents sharing a token with the query, by Hit.RANKING, the first k. */
  static List<Hit> search(SparseVector query, Map<String, SparseVector> docs, int k) {
    List<Hit> all = new ArrayList<>();
    for (Map.Entry<String, SparseVector> d : docs.entrySet()) {
      if (shares(query, d.getValue())) {
        all.add(new Hit(d.getKey(), query.dot(d.getValue())));
      }
    }
    all.sort(Hit.RANKING);
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  static Map<String, List<Hit>> search(QueryBatch batch, Map<String, SparseVector> docs, int k) {
    Map<String, List<Hit>> out = new LinkedHashMap<>();
    for (int q = 0; q < batch.size(); q++) {
      out.put(batch.id(q), search(batch.vector(q), docs, k));
    }
    return out;
  }

  private static boolean shares(SparseVector a, SparseVector b) {
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      if (a.index(i) == b.index(j)) {
        return true;
      } else if (a.index(i) < b.index(j)) {
        i++;
      } else {
        j++;
      }
    }
    return false;
  }
}
