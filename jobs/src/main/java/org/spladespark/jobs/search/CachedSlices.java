package org.spladespark.jobs.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.vector.SparseVector;

/**
 * A model's document vectors as {@link PostingSlice}s persisted on the executors by Spark (in
 * memory, spilling to disk; a lost block is rebuilt from the pinned table version), so that a batch
 * costs its scoring and not a read of the index: each search is one Spark job whose tasks score the
 * broadcast queries against their cached slices ({@link SliceTask.Cached}), each task's per-query
 * top k merged on the driver ({@link TopHits#merge}, a tree reduce). Same kernel and floats as
 * every other plan. Memory: ~8 bytes per non-zero plus the doc id, over the cluster.
 *
 * <p>A lost block (an executor gone) is rebuilt from the files of the version the slices were built
 * from; once a {@code VACUUM} has removed them, {@link #search} fails with a {@link
 * SpladeException} that says to open the index again.
 *
 * <p>Thread-safe: searches are independent Spark jobs over the same persisted RDD. {@link #close}
 * does not wait for them: a search still running then reads the table again for what it lacks.
 */
final class CachedSlices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CachedSlices.class);

  private final JavaRDD<PostingSlice> slices;
  private final long documents;

  private CachedSlices(JavaRDD<PostingSlice> slices, long documents) {
    this.slices = slices;
    this.documents = documents;
  }

  /**
   * Builds and persists the slices of {@code docVectors} rows {@code (doc_id, token_ids, weights)},
   * one partition of slices per partition of rows, and waits until they are.
   */
  static CachedSlices build(JavaRDD<InternalRow> docVectors, String name) {
    JavaRDD<PostingSlice> slices =
        docVectors
            .mapPartitions(new SliceTask.Build())
            .setName(name)
            .persist(StorageLevel.MEMORY_AND_DISK());
    long t0 = System.nanoTime();
    try {
      // One job builds and stores every slice, and counts what they hold.
      long[] sizes =
          slices
              .map(s -> new long[] {s.size(), s.nonZeros()})
              .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      LOG.info(
          "{}: {} documents, {} non-zeros cached in {} partitions in {} s",
          name,
          sizes[0],
          sizes[1],
          slices.getNumPartitions(),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
      return new CachedSlices(slices, sizes[0]);
    } catch (RuntimeException e) {
      // A bad row or a lost executor: drop what was stored before the failure.
      slices.unpersist(false);
      throw e;
    }
  }

  int partitions() {
    return slices.getNumPartitions();
  }

  /** Documents per partition, in partition order (one Spark job). */
  List<Long> documentsPerPartition() {
    return slices
        .mapPartitions(
            it -> {
              long n = 0;
              while (it.hasNext()) {
                n += it.next().size();
              }
              return List.of(n).iterator();
            })
        .collect();
  }

  long documents() {
    return documents;
  }

  /** The best {@code k} hits of each query, in the order given (none for an empty vector). */
  List<List<Hit>> search(List<SparseVector> queries, int k) {
    List<List<Hit>> out = new ArrayList<>(queries.size());
    if (slices.getNumPartitions() == 0 || queries.stream().allMatch(q -> q.size() == 0)) {
      // An empty table or no query token: nothing to score, and no job to run.
      queries.forEach(q -> out.add(List.of()));
      return out;
    }
    List<String> ids = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) {
      ids.add(Integer.toString(q));
    }
    Broadcast<QueryBatch> batch =
        JavaSparkContext.fromSparkContext(slices.context()).broadcast(QueryBatch.of(ids, queries));
    try {
      TopHits top =
          slices.mapPartitions(new SliceTask.Cached(batch, k)).treeReduce((a, b) -> a.merge(b, k));
      for (int q = 0; q < queries.size(); q++) {
        out.add(top.hits(q));
      }
      return out;
    } catch (Exception e) {
      // Spark's SparkException is checked but thrown undeclared; the rethrow stays precise.
      if (Commands.missingFile(e)) {
        throw SpladeException.of(
            slices.name(),
            "lost cached slices and cannot rebuild them: the doc_vectors files of the version the"
                + " index was opened at are gone (a VACUUM since the open)",
            "open the index again (SpladeIndex.open), which caches its current version",
            e);
      }
      throw e;
    } finally {
      batch.destroy();
    }
  }

  /** Releases the slices on the executors. */
  @Override
  public void close() {
    slices.unpersist(false);
  }
}
