package org.spladespark.vector;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An immutable sparse vector over the vocabulary: strictly ascending token ids with their float32
 * weights. Zero weights are never stored; negative weights are (trained IDF tables may have them).
 *
 * <p>{@link #dot} accumulates in float32 in ascending id order, like a sparse PyTorch dot product
 * up to summation order (differences are float noise, below 1e-5 relative). Instances are immutable
 * and thread-safe.
 */
public final class SparseVector implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

  private final int[] indices;
  private final float[] values;

  private SparseVector(int[] indices, float[] values) {
    this.indices = indices;
    this.values = values;
  }

  public static SparseVector empty() {
    return EMPTY;
  }

  /**
   * Wraps ascending ids and their weights, dropping zeros. The arrays are copied.
   *
   * @throws IllegalArgumentException if lengths differ or ids are not strictly ascending
   */
  public static SparseVector of(int[] indices, float[] values) {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(
          "indices and values differ in length: " + indices.length + " vs " + values.length);
    }
    int nonZero = 0;
    for (int i = 0; i < indices.length; i++) {
      if (i > 0 && indices[i] <= indices[i - 1]) {
        throw new IllegalArgumentException(
            "indices must be strictly ascending, found " + indices[i - 1] + " then " + indices[i]);
      }
      if (values[i] != 0f) {
        nonZero++;
      }
    }
    int[] ids = new int[nonZero];
    float[] ws = new float[nonZero];
    int j = 0;
    for (int i = 0; i < indices.length; i++) {
      if (values[i] != 0f) {
        ids[j] = indices[i];
        ws[j++] = values[i];
      }
    }
    return new SparseVector(ids, ws);
  }

  /** The non-zero entries of a dense row {@code dense[offset .. offset+length)}. */
  public static SparseVector fromDense(float[] dense, int offset, int length) {
    int nonZero = 0;
    for (int i = 0; i < length; i++) {
      if (dense[offset + i] != 0f) {
        nonZero++;
      }
    }
    int[] ids = new int[nonZero];
    float[] ws = new float[nonZero];
    int j = 0;
    for (int i = 0; i < length; i++) {
      float v = dense[offset + i];
      if (v != 0f) {
        ids[j] = i;
        ws[j++] = v;
      }
    }
    return new SparseVector(ids, ws);
  }

  /** Number of non-zero dimensions ("active dims"). */
  public int size() {
    return indices.length;
  }

  public int index(int i) {
    return indices[i];
  }

  public float value(int i) {
    return values[i];
  }

  /** A copy of the ascending token ids. */
  public int[] indices() {
    return indices.clone();
  }

  /** A copy of the weights, aligned with {@link #indices()}. */
  public float[] values() {
    return values.clone();
  }

  /** The weight of {@code tokenId}, or 0. */
  public float get(int tokenId) {
    int i = Arrays.binarySearch(indices, tokenId);
    return i >= 0 ? values[i] : 0f;
  }

  /** Dot product by merging the two ascending id lists, accumulated in float32. */
  public float dot(SparseVector other) {
    float sum = 0f;
    int i = 0;
    int j = 0;
    int[] a = indices;
    int[] b = other.indices;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        sum += values[i++] * other.values[j++];
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }

  /** Sum of |w|. */
  public double l1() {
    double s = 0;
    for (float v : values) {
      s += Math.abs(v);
    }
    return s;
  }

  /** Largest weight, or 0 for the empty vector. */
  public float max() {
    float m = 0f;
    for (int i = 0; i < values.length; i++) {
      m = i == 0 ? values[0] : Math.max(m, values[i]);
    }
    return m;
  }

  /** Positions of the entries ordered by weight descending, ties by token id ascending. */
  private Integer[] orderByWeightDesc(boolean absolute) {
    Integer[] order = new Integer[indices.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          float wx = absolute ? Math.abs(values[x]) : values[x];
          float wy = absolute ? Math.abs(values[y]) : values[y];
          int c = Float.compare(wy, wx);
          return c != 0 ? c : Integer.compare(indices[x], indices[y]);
        });
    return order;
  }

  /**
   * The {@code k} entries with the largest |w| (sentence-transformers {@code max_active_dims});
   * among equal |w| the lower token id wins. {@code k <= 0} or {@code k >= size()} keeps all.
   */
  public SparseVector topK(int k) {
    if (k <= 0 || k >= indices.length) {
      return this;
    }
    Integer[] order = orderByWeightDesc(true);
    boolean[] keep = new boolean[indices.length];
    for (int i = 0; i < k; i++) {
      keep[order[i]] = true;
    }
    return filter(keep);
  }

  /** Keeps entries with {@code w >= ratio * max(w)} (SPLADE {@code max_ratio} pruning). */
  public SparseVector maxRatio(float ratio) {
    float cut = ratio * max();
    boolean[] keep = new boolean[indices.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = values[i] >= cut;
    }
    return filter(keep);
  }

  /** Keeps entries with {@code |w| >= threshold}. */
  public SparseVector threshold(float threshold) {
    boolean[] keep = new boolean[indices.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = Math.abs(values[i]) >= threshold;
    }
    return filter(keep);
  }

  private SparseVector filter(boolean[] keep) {
    int n = 0;
    for (boolean b : keep) {
      if (b) {
        n++;
      }
    }
    if (n == keep.length) {
      return this;
    }
    int[] ids = new int[n];
    float[] ws = new float[n];
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        ids[j] = indices[i];
        ws[j++] = values[i];
      }
    }
    return new SparseVector(ids, ws);
  }

  /**
   * The {@code topK} highest-weighted entries as (token, weight), highest first, ties by token id
   * (sentence-transformers {@code decode(top_k)}). {@code topK <= 0} returns all.
   */
  public List<Map.Entry<String, Float>> decode(IntFunction<String> tokenOf, int topK) {
    Integer[] order = orderByWeightDesc(false);
    int n = topK <= 0 ? order.length : Math.min(topK, order.length);
    List<Map.Entry<String, Float>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Map.entry(tokenOf.apply(indices[order[i]]), values[order[i]]));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseVector other
        && Arrays.equals(indices, other.indices)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SparseVector{");
    for (int i = 0; i < Math.min(indices.length, 8); i++) {
      sb.append(i == 0 ? "" : ", ").append(indices[i]).append('=').append(values[i]);
    }
    return sb.append(indices.length > 8 ? ", … " : "")
        .append("; nnz=")
        .append(size())
        .append('}')
        .toString();
  }
}
