package org.spladespark.jobs.encode;

import java.io.Serializable;

/**
 * Performance settings of the encode job; none of them changes which documents are encoded.
 *
 * @param chunkSize documents handed to the encoder at once (it sorts them by length into token-
 *     budget batches); small inputs are cut into smaller chunks so that every core gets work
 *     ({@link DocVectorEncoding#chunks}); documents are grouped into chunks by a hash of their id,
 *     so the chunks and therefore the vectors are the same whatever the number of partitions
 * @param partitions encode tasks; 0 = max(4 × default parallelism, documents / 20,000), at most the
 *     number of chunks (so 64 documents make min(64, 4 × cores) tasks, not one)
 * @param postingsFileRows target postings per Parquet file of the {@code postings} table
 * @param progressSeconds seconds between progress lines; 0 = no progress lines
 */
public record Tuning(int chunkSize, int partitions, long postingsFileRows, int progressSeconds)
    implements Serializable {
  public static final Tuning DEFAULT = new Tuning(256, 0, 4_000_000L, 5);

  public Tuning {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("--chunk-size must be >= 1, got " + chunkSize);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
    }
    if (postingsFileRows < 1) {
      throw new IllegalArgumentException(
          "--postings-file-rows must be >= 1, got " + postingsFileRows);
    }
    if (progressSeconds < 0) {
      throw new IllegalArgumentException("--progress-seconds must be >= 0, got " + progressSeconds);
    }
  }

  /**
   * Encode tasks for {@code docs} documents: {@link #partitions()}, or when 0 max(4 × {@code
   * defaultParallelism}, documents / 20,000); at most the number of chunks.
   */
  public int encodeTasks(long docs, int defaultParallelism) {
    long chunks = DocVectorEncoding.chunks(docs, chunkSize);
    return (int)
        Math.min(
            chunks,
            partitions > 0
                ? partitions
                : Math.max(4L * defaultParallelism, (long) Math.ceil(docs / 20_000.0)));
  }

  public Tuning withChunkSize(int n) {
    return new Tuning(n, partitions, postingsFileRows, progressSeconds);
  }

  public Tuning withPartitions(int n) {
    return new Tuning(chunkSize, n, postingsFileRows, progressSeconds);
  }

  public Tuning withPostingsFileRows(long n) {
    return new Tuning(chunkSize, partitions, n, progressSeconds);
  }

  public Tuning withProgressSeconds(int n) {
    return new Tuning(chunkSize, partitions, postingsFileRows, n);
  }
}
