package org.spladespark.jobs.search;

import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.schemas.SearchResultsTable;

/**
 * Ranked rows plus what must be released after their last use. Rows ranked on the driver are kept
 * as a list too, so that their callers need no Spark job to get them back.
 */
final class RankedRows implements AutoCloseable {
  private final Dataset<Row> rows;
  private final Broadcast<QueryBatch> broadcast;
  private final List<Row> local;

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

  /** The rows ordered by query number, then rank. */
  List<Row> ordered() {
    return local != null ? local : rows.orderBy("q", SearchResultsTable.RANK).collectAsList();
  }

  /** Whether the rows are already on the driver ({@link #ordered} runs no job). */
  boolean local() {
    return local != null;
  }

  @Override
  public void close() {
    if (broadcast != null) {
      broadcast.destroy();
    }
  }
}
