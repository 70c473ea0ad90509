package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.jobs.encode.SourceRows;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;

/**
 * The corpus compared with one model's {@code doc_vectors} rows, by {@code doc_id}: a document is
 * new (no row), changed (another {@code text_sha256}, or another pruning), unchanged, or missing (a
 * row but no good corpus row). {@code text_sha256} is Spark's {@code sha2(text, 256)}: the hex
 * SHA-256 of the text's UTF-8 bytes, as the encoder writes it.
 *
 * <p>Only ids and statuses are shuffled and kept (persisted); the texts of the documents to encode
 * are fetched by a semi-join ({@link #toEncode}).
 */
final class CorpusDiff implements AutoCloseable {
  static final String NEW = "new";
  static final String CHANGED = "changed";
  static final String UNCHANGED = "unchanged";
  static final String MISSING = "missing";

  private final Dataset<Row> good;
  private final Dataset<Row> statuses;
  private final DocCounts counts;

  private CorpusDiff(Dataset<Row> good, Dataset<Row> statuses, DocCounts counts) {
    this.good = good;
    this.statuses = statuses;
    this.counts = counts;
  }

  /**
   * @param good the good corpus rows ({@code doc_id} unique, {@code text})
   * @param rows the model's doc_vectors rows
   * @param pruning the pruning the run encodes with
   */
  static CorpusDiff compute(Dataset<Row> good, Dataset<Row> rows, String pruning) {
    Dataset<Row> corpus =
        good.select(col(Columns.DOC_ID), sha2(col(SourceRows.TEXT), 256).as("sha"));
    Dataset<Row> stored =
        rows.select(
            col(Columns.DOC_ID),
            col(DocVectorsTable.TEXT_SHA256).as("old_sha"),
            col(DocVectorsTable.PRUNING).as("old_pruning"));
    Column status =
        when(col("old_sha").isNull(), lit(NEW))
            .when(col("sha").isNull(), lit(MISSING))
            .when(
                col("sha").notEqual(col("old_sha")).or(col("old_pruning").notEqual(lit(pruning))),
                lit(CHANGED))
            .otherwise(lit(UNCHANGED));
    Dataset<Row> statuses =
        corpus
            .join(
                stored,
                corpus.col(Columns.DOC_ID).equalTo(stored.col(Columns.DOC_ID)),
                "full_outer")
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .coalesce(corpus.col(Columns.DOC_ID), stored.col(Columns.DOC_ID))
                    .as(Columns.DOC_ID),
                status.as("status"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> n = new HashMap<>();
    for (Row r : statuses.groupBy("status").agg(count(lit(1))).collectAsList()) {
      n.put(r.getString(0), r.getLong(1));
    }
    long added = n.getOrDefault(NEW, 0L);
    long changed = n.getOrDefault(CHANGED, 0L);
    long unchanged = n.getOrDefault(UNCHANGED, 0L);
    long missing = n.getOrDefault(MISSING, 0L);
    return new CorpusDiff(
        good,
        statuses,
        new DocCounts(
            added + changed + unchanged,
            added,
            changed,
            unchanged,
            missing,
            changed + unchanged + missing));
  }

  DocCounts counts() {
    return counts;
  }

  /** {@code doc_id}, {@code text} of the new and changed documents. */
  Dataset<Row> toEncode() {
    Dataset<Row> ids = statuses.where(col("status").isin(NEW, CHANGED)).select(Columns.DOC_ID);
    return good.select(Columns.DOC_ID, SourceRows.TEXT).join(ids, Columns.DOC_ID, "left_semi");
  }

  /** {@code doc_id} of the missing documents. */
  Dataset<Row> missing() {
    return statuses.where(col("status").equalTo(MISSING)).select(Columns.DOC_ID);
  }

  @Override
  public void close() {
    statuses.unpersist();
  }
}
