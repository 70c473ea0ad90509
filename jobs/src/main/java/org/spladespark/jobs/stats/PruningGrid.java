package org.spladespark.jobs.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.spladespark.vector.Pruning;

/**
 * The pruning settings of a what-if curve: each top-k and each max_ratio value alone, applied with
 * the encoder's own {@link Pruning} so the curve predicts exactly what re-encoding with that
 * setting would store.
 *
 * @param topKs top-k values (sentence-transformers {@code max_active_dims}), ascending
 * @param maxRatios max_ratio values, ascending
 */
public record PruningGrid(List<Integer> topKs, List<Float> maxRatios) implements Serializable {
  public static final PruningGrid DEFAULT =
      new PruningGrid(
          List.of(8, 16, 32, 64, 128, 256), List.of(0.01f, 0.05f, 0.1f, 0.2f, 0.3f, 0.5f));

  public PruningGrid {
    topKs = List.copyOf(topKs);
    maxRatios = List.copyOf(maxRatios);
    for (Pruning p : settings(topKs, maxRatios)) {
      if (p.isNone()) {
        throw new IllegalArgumentException("a pruning grid value of 0 prunes nothing: remove it");
      }
    }
  }

  private static List<Pruning> settings(List<Integer> topKs, List<Float> maxRatios) {
    List<Pruning> out = new ArrayList<>();
    topKs.forEach(k -> out.add(Pruning.topK(k)));
    maxRatios.forEach(r -> out.add(new Pruning(0, r, 0f)));
    return out;
  }

  /** The settings in order: every top-k, then every max_ratio. */
  public List<Pruning> settings() {
    return settings(topKs, maxRatios);
  }

  /** {@code top_k} or {@code max_ratio} for setting {@code i}. */
  public String method(int i) {
    return i < topKs.size() ? "top_k" : "max_ratio";
  }

  /** The k or ratio of setting {@code i}. */
  public double parameter(int i) {
    return i < topKs.size() ? topKs.get(i) : maxRatios.get(i - topKs.size());
  }

  /** Parses comma-separated lists such as {@code 8,16,32} and {@code 0.1,0.2}. */
  public static PruningGrid parse(String topKs, String maxRatios) {
    List<Integer> ks = new ArrayList<>();
    List<Float> rs = new ArrayList<>();
    if (topKs != null && !topKs.isBlank()) {
      for (String s : topKs.split(",")) {
        ks.add(Integer.parseInt(s.trim()));
      }
    }
    if (maxRatios != null && !maxRatios.isBlank()) {
      for (String s : maxRatios.split(",")) {
        rs.add(Float.parseFloat(s.trim()));
      }
    }
    return new PruningGrid(ks, rs);
  }
}
