package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;

/**
 * The input of an encode run, read ({@link CorpusReader}) and checked ({@link CorpusValidator}):
 * every row is decided good or bad before anything is encoded. The checked rows are persisted, so
 * the input is read once; {@link #close} unpersists them. Shared by {@link EncodeCorpusJob} and the
 * re-encode job.
 */
public final class CheckedCorpus implements AutoCloseable {
  private final CorpusInput input;
  private final InputFormat format;
  private final Dataset<Row> checked;
  private final long rows;
  private final long bad;
  private final long tokens;
  private final long truncated;

  private CheckedCorpus(CorpusInput input, InputFormat format, Dataset<Row> checked, Row counts) {
    this.input = input;
    this.format = format;
    this.checked = checked;
    this.rows = counts.getLong(0);
    this.bad = counts.getLong(1);
    this.tokens = counts.getLong(2);
    this.truncated = counts.getLong(3);
  }

  /** What was read. */
  CorpusInput input() {
    return input;
  }

  /** The input's format, resolving {@code auto}. */
  public static InputFormat detect(SparkSession spark, CorpusInput in) {
    return CorpusReader.detect(spark, in);
  }

  /**
   * Reads and checks {@code in}; nothing is written.
   *
   * @param maxWordpieces longer documents are bad rows
   * @param maxSeq tokens the model reads, special tokens included
   * @throws SpladeException when the input has no rows at all
   */
  public static CheckedCorpus read(
      SparkSession spark,
      CorpusInput in,
      InputFormat format,
      EncoderSpec spec,
      int maxWordpieces,
      int maxSeq) {
    Dataset<Row> checked =
        CorpusValidator.check(CorpusReader.read(spark, in, format), in, spec, maxWordpieces, maxSeq)
            .persist(StorageLevel.MEMORY_AND_DISK());
    int readable = maxSeq - 2;
    try {
      Row counts =
          checked
              .agg(
                  count(lit(1)),
                  count(col(SourceRows.PROBLEM)),
                  coalesce(
                      sum(
                          when(
                              col(SourceRows.PROBLEM).isNull(),
                              least(col(SourceRows.WORDPIECES), lit(readable)).plus(2))),
                      lit(0L)),
                  coalesce(
                      sum(
                          when(
                              col(SourceRows.PROBLEM)
                                  .isNull()
                                  .and(col(SourceRows.WORDPIECES).gt(readable)),
                              1)),
                      lit(0L)))
              .first();
      if (counts.getLong(0) == 0) {
        throw SpladeException.of(in.location(), "has no documents", "check the path and --format");
      }
      return new CheckedCorpus(in, format, checked, counts);
    } catch (RuntimeException e) {
      checked.unpersist();
      throw e;
    }
  }

  /** Unpersists the checked rows that {@link #read} persisted. */
  @Override
  public void close() {
    checked.unpersist();
  }

  /**
   * Applies the bad-row policy. {@code fail}: throws, naming the first bad rows, if there are any.
   * {@code quarantine}: the bad rows replace this input's earlier rows in {@code rejected_rows}
   * (call {@link TableRef#checkFormatVersion} first).
   */
  public void handleBadRows(
      SparkSession spark, BadRowPolicy policy, TableRef tables, Timestamp at, PrintStream console) {
    Dataset<Row> badRows = checked.where(col(SourceRows.PROBLEM).isNotNull());
    if (bad > 0 && policy == BadRowPolicy.FAIL) {
      List<Row> first =
          badRows
              .orderBy(
                  col(SourceRows.FILE),
                  col(SourceRows.POS),
                  col(RejectedRowsTable.ROW_REF),
                  col(RejectedRowsTable.DOC_ID))
              .select(RejectedRowsTable.ROW_REF, RejectedRowsTable.DOC_ID, SourceRows.PROBLEM)
              .limit(BadRows.SHOWN)
              .collectAsList();
      throw BadRows.failure(input.location(), bad, first, tables.location());
    }
    if (policy == BadRowPolicy.QUARANTINE) {
      Dataset<Row> rejected =
          badRows.select(
              lit(input.location()).as(RejectedRowsTable.SOURCE),
              col(RejectedRowsTable.ROW_REF),
              col(RejectedRowsTable.DOC_ID),
              col(SourceRows.PROBLEM).as(RejectedRowsTable.REASON),
              substring(col(RejectedRowsTable.RAW), 1, 1000).as(RejectedRowsTable.RAW),
              lit(at).as(RejectedRowsTable.REJECTED_AT));
      tables
          .child(RejectedRowsTable.TABLE)
          .replace(
              spark,
              RejectedRowsTable.SCHEMA,
              rejected,
              Predicates.equalTo(RejectedRowsTable.SOURCE, input.location()));
      if (bad > 0) {
        console.printf(
            "quarantined %,d bad rows to %s%n", bad, tables.child(RejectedRowsTable.TABLE));
      }
    }
  }

  /** The good rows: {@code doc_id} (unique), {@code text} (what the model reads), and more. */
  public Dataset<Row> good() {
    return checked.where(col(SourceRows.PROBLEM).isNull());
  }

  public InputFormat format() {
    return format;
  }

  /** Rows read (blank lines excluded). */
  public long rows() {
    return rows;
  }

  /** Bad rows. */
  public long bad() {
    return bad;
  }

  /** Good rows = documents. */
  public long docs() {
    return rows - bad;
  }

  /** Model input tokens of the good rows ([CLS]/[SEP] included, after truncation). */
  public long tokens() {
    return tokens;
  }

  /** Good documents longer than the model reads. */
  public long truncated() {
    return truncated;
  }
}
