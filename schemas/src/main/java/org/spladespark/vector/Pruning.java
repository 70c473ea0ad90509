package org.spladespark.vector;

import java.io.Serializable;

/**
 * How document vectors are pruned after encoding. Applied in this order: absolute threshold, {@code
 * max_ratio}, top-k. The {@link #toString()} form is the config string stored with every vector
 * ({@code pruning} column) and parsed back by {@link #parse}.
 *
 * @param topK keep the k largest |w| (sentence-transformers {@code max_active_dims}); 0 = off
 * @param maxRatio keep w ≥ ratio · max(w); 0 = off
 * @param threshold keep |w| ≥ threshold; 0 = off
 */
public record Pruning(int topK, float maxRatio, float threshold) implements Serializable {
  public static final Pruning NONE = new Pruning(0, 0f, 0f);

  public Pruning {
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
    }
    if (!(maxRatio >= 0f && maxRatio <= 1f)) {
      throw new IllegalArgumentException("max_ratio must be in [0, 1], got " + maxRatio);
    }
    if (!(threshold >= 0f)) {
      throw new IllegalArgumentException("threshold must be >= 0, got " + threshold);
    }
  }

  public static Pruning topK(int k) {
    return new Pruning(k, 0f, 0f);
  }

  public boolean isNone() {
    return topK == 0 && maxRatio == 0f && threshold == 0f;
  }

  public SparseVector apply(SparseVector v) {
    SparseVector out = v;
    if (threshold > 0f) {
      out = out.threshold(threshold);
    }
    if (maxRatio > 0f) {
      out = out.maxRatio(maxRatio);
    }
    if (topK > 0) {
      out = out.topK(topK);
    }
    return out;
  }

  /** Parses {@code none} or {@code top_k=32,max_ratio=0.1,threshold=0.01} (any subset). */
  public static Pruning parse(String s) {
    if (s == null || s.isBlank() || s.equals("none")) {
      return NONE;
    }
    int k = 0;
    float r = 0f;
    float t = 0f;
    for (String part : s.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("pruning entry '" + part + "' is not key=value");
      }
      switch (kv[0].trim()) {
        case "top_k" -> k = Integer.parseInt(kv[1].trim());
        case "max_ratio" -> r = Float.parseFloat(kv[1].trim());
        case "threshold" -> t = Float.parseFloat(kv[1].trim());
        default ->
            throw new IllegalArgumentException(
                "unknown pruning key '" + kv[0] + "' (expected top_k, max_ratio, threshold)");
      }
    }
    return new Pruning(k, r, t);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if (topK > 0) {
      sb.append("top_k=").append(topK);
    }
    if (maxRatio > 0f) {
      sb.append(sb.length() > 0 ? "," : "").append("max_ratio=").append(maxRatio);
    }
    if (threshold > 0f) {
      sb.append(sb.length() > 0 ? "," : "").append("threshold=").append(threshold);
    }
    return sb.toString();
  }
}
