package org.spladespark.jobs.search;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.schemas.SearchResultsTable;

/**
 * Ranked rows plus what must be released after their last use. Rows ranked on the driver are kept
 * as a list too, so that their callers need no Spark job to get them back; distributed rows read
 * more than once ({@link #reused}) are persisted until {@link #close}. Callers never ask where the
 * rows are. Not thread-safe.
 */
final class RankedRows implements AutoCloseable {
  private final Dataset<Row> rows;
  private final Broadcast<QueryBatch> broadcast;
  private final List<Row> local;
  private boolean persisted;

  RankedRows(Dataset<Row> rows, Broadcast<QueryBatch> broadcast) {
    this.rows = rows;
    this.broadcast = broadcast;
    this.local = null;
  }

  /** Rows ranked on the driver, in (q, rank) order. */
  RankedRows(SparkSession spark, List<Row> ranked) {
    this.rows = spark.createDataFrame(ranked, LocalScoring.RANKED);
    this.broadcast = null;
    this.local = ranked;
  }

  Dataset<Row> rows() {
    return rows;
  }

  /**
   * The rows, for a caller that reads them more than once (a table, the files and the count):
   * distributed rows are persisted on the first call, so that the ranking runs once.
   */
  Dataset<Row> reused() {
    if (local == null && !persisted) {
      rows.persist(StorageLevel.MEMORY_AND_DISK());
      persisted = true;
    }
    return rows;
  }

  /** The rows ordered by query number, then rank, collected to the driver. */
  List<Row> ordered() {
    return local != null ? local : rows.orderBy("q", SearchResultsTable.RANK).collectAsList();
  }

  /** The rows ordered by query number, then rank, one partition at a time on the driver. */
  Iterator<Row> orderedIterator() {
    return local != null
        ? local.iterator()
        : reused().orderBy("q", SearchResultsTable.RANK).toLocalIterator();
  }

  /** The number of rows (a Spark job only for distributed rows). */
  long count() {
    return local != null ? local.size() : reused().count();
  }

  @Override
  public void close() {
    if (persisted) {
      rows.unpersist();
    }
    if (broadcast != null) {
      broadcast.destroy();
    }
  }
}
