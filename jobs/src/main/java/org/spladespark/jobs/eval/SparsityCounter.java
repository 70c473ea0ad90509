package org.spladespark.jobs.eval;

import org.spladespark.vector.SparseVector;

/**
 * Counts the non-zeros of a set of sparse vectors (queries or documents), for the sparsity metrics
 * of sentence-transformers' {@code SparseInformationRetrievalEvaluator}:
 *
 * <ul>
 *   <li>{@code active_dims} = mean number of non-zeros per vector;
 *   <li>{@code sparsity_ratio} = 1 − active_dims / dimensions (the vocabulary size, 30522 for
 *       BERT);
 *   <li>the count vector c[j] = number of vectors with a non-zero in dimension j, from which {@link
 *       #avgFlops} = Σ_j (c_q[j]/n_q)·(c_d[j]/n_d), the expected number of multiplications of one
 *       query-document dot product.
 * </ul>
 *
 * Counts are exact (long); the means are doubles (the reference computes the FLOPS dot product in
 * float32: expect agreement to ~1e-6 relative). Not thread-safe: use one counter per thread and
 * {@link #merge}.
 */
public final class SparsityCounter {
  /** The vocabulary size of BERT-base WordPiece models. */
  public static final int BERT_VOCAB = 30522;

  private final int dimensions;
  private final long[] counts;
  private long rows;
  private long nonZeros;

  public SparsityCounter(int dimensions) {
    if (dimensions <= 0) {
      throw new IllegalArgumentException("dimensions must be > 0, got " + dimensions);
    }
    this.dimensions = dimensions;
    this.counts = new long[dimensions];
  }

  /** Adds one vector given by its distinct non-zero token ids (any order). */
  public void add(int[] nonZeroIds) {
    for (int id : nonZeroIds) {
      if (id < 0 || id >= dimensions) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside the vocabulary [0, " + dimensions + ")");
      }
      counts[id]++;
    }
    rows++;
    nonZeros += nonZeroIds.length;
  }

  public void add(SparseVector v) {
    add(v.indices());
  }

  /**
   * Adds {@code vectors} vectors known only by their per-dimension counts, as a distributed
   * aggregation computes them ({@code GROUP BY token_id} over the exploded non-zeros): the same
   * state as adding each vector. Dimensions missing from {@code dims} count 0.
   *
   * @param dims distinct dimensions
   * @param perDimension {@code perDimension[i]} vectors are non-zero in {@code dims[i]}, at most
   *     {@code vectors}
   */
  public void addCounts(long vectors, int[] dims, long[] perDimension) {
    if (vectors < 0 || dims.length != perDimension.length) {
      throw new IllegalArgumentException(
          vectors + " vectors, " + dims.length + " dims, " + perDimension.length + " counts");
    }
    long[] add = new long[dimensions];
    boolean[] seen = new boolean[dimensions];
    long sum = 0;
    for (int i = 0; i < dims.length; i++) {
      int id = dims[i];
      if (id < 0 || id >= dimensions) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside the vocabulary [0, " + dimensions + ")");
      }
      if (seen[id]) {
        throw new IllegalArgumentException("token id " + id + " is given twice");
      }
      if (perDimension[i] < 0 || perDimension[i] > vectors) {
        throw new IllegalArgumentException(
            "token id " + id + " has count " + perDimension[i] + ", outside [0, " + vectors + "]");
      }
      seen[id] = true;
      add[id] = perDimension[i];
      sum += perDimension[i];
    }
    for (int j = 0; j < dimensions; j++) {
      counts[j] += add[j];
    }
    rows += vectors;
    nonZeros += sum;
  }

  /** Adds all vectors counted by {@code other} (same dimensions). */
  public void merge(SparsityCounter other) {
    if (other.dimensions != dimensions) {
      throw new IllegalArgumentException(
          "cannot merge counters of " + other.dimensions + " and " + dimensions + " dimensions");
    }
    for (int j = 0; j < dimensions; j++) {
      counts[j] += other.counts[j];
    }
    rows += other.rows;
    nonZeros += other.nonZeros;
  }

  public int dimensions() {
    return dimensions;
  }

  public long rows() {
    return rows;
  }

  public long nonZeros() {
    return nonZeros;
  }

  /** Number of counted vectors with a non-zero in {@code dimension}. */
  public long count(int dimension) {
    return counts[dimension];
  }

  /** Mean non-zeros per vector; NaN when no vector was added. */
  public double activeDims() {
    return rows == 0 ? Double.NaN : nonZeros / (double) rows;
  }

  /** 1 − {@link #activeDims()} / dimensions. */
  public double sparsityRatio() {
    return 1.0 - activeDims() / dimensions;
  }

  /**
   * Σ_j p_q[j]·p_d[j] with p[j] the fraction of vectors non-zero in j: the expected number of
   * multiplications of a query-document dot product. 0 if either side is empty, like the reference.
   */
  public static double avgFlops(SparsityCounter queries, SparsityCounter documents) {
    if (queries.dimensions != documents.dimensions) {
      throw new IllegalArgumentException(
          "query and document counters differ in dimensions: "
              + queries.dimensions
              + " vs "
              + documents.dimensions);
    }
    if (queries.rows == 0 || documents.rows == 0) {
      return 0.0;
    }
    double sum = 0;
    for (int j = 0; j < queries.dimensions; j++) {
      if (queries.counts[j] != 0 && documents.counts[j] != 0) {
        sum +=
            (queries.counts[j] / (double) queries.rows)
                * (documents.counts[j] / (double) documents.rows);
      }
    }
    return sum;
  }
}
