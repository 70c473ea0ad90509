package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.RejectedRowsTable;

/**
 * Decides, before anything is encoded, which rows are bad ({@link BadRows}) and what every good row
 * will feed the model: its text ({@link DocumentText}) and its wordpiece count. Checks, first match
 * wins: unreadable row, missing id, missing text, duplicate id (every copy of an id but the first
 * good one by input position: file, then row), too many wordpieces.
 *
 * <p>Counting wordpieces tokenizes every good document once without truncation, on the executors
 * (one tokenizer per JVM); that costs a small fraction of encoding.
 */
final class CorpusValidator {
  private static final int COUNT_BATCH = 256;

  private CorpusValidator() {}

  /**
   * @param maxWordpieces longer documents are bad rows
   * @param maxSeqLength tokens the model reads, special tokens included
   */
  static Dataset<Row> check(
      Dataset<Row> source, CorpusInput in, EncoderSpec spec, int maxWordpieces, int maxSeqLength) {
    Column id = col(Columns.DOC_ID);
    Column earlier =
        coalesce(
            col(SourceRows.PROBLEM),
            when(
                id.isNull().or(trim(id).equalTo("")),
                lit(BadRows.MISSING_ID + ": '" + in.idCol() + "' is absent, null or empty")),
            when(
                col(SourceRows.TEXT).isNull(),
                lit(BadRows.MISSING_TEXT + ": '" + in.textCol() + "' is absent or null")));
    // The first otherwise good row of an id, by input position, is kept; its later copies are
    // rejected naming it.
    WindowSpec byPosition =
        Window.partitionBy(id)
            .orderBy(
                earlier.isNotNull(),
                col(SourceRows.FILE),
                col(SourceRows.POS),
                col(SourceRows.ROW_REF));
    Column copies = count(lit(1)).over(Window.partitionBy(id));
    Column kept =
        first(col(SourceRows.ROW_REF))
            .over(byPosition.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    Column problem =
        coalesce(
            earlier,
            when(
                id.isNotNull().and(copies.gt(1)).and(row_number().over(byPosition).gt(1)),
                concat(
                    lit(BadRows.DUPLICATE_ID + ": '"),
                    id,
                    lit("' occurs "),
                    copies.cast(DataTypes.StringType),
                    lit(" times in the input; the first, "),
                    kept,
                    lit(", is kept"))));
    Dataset<Row> flagged = source.withColumn(SourceRows.PROBLEM, problem);
    MapPartitionsFunction<Row, Row> count =
        rows -> new WordpieceCheck(rows, spec, maxWordpieces, maxSeqLength);
    return flagged.mapPartitions(count, Encoders.row(SourceRows.CHECKED));
  }

  /** Joins title and text and counts wordpieces of good rows, a batch at a time. */
  private static final class WordpieceCheck extends BatchIterator<Row> {
    private final Iterator<Row> rows;
    private final EncoderSpec spec;
    private final int maxWordpieces;
    private final int readable;

    WordpieceCheck(Iterator<Row> rows, EncoderSpec spec, int maxWordpieces, int maxSeqLength) {
      this.rows = rows;
      this.spec = spec;
      this.maxWordpieces = maxWordpieces;
      this.readable = maxSeqLength - 2;
    }

    @Override
    protected boolean fill(List<Row> out) {
      List<Row> batch = new ArrayList<>();
      while (batch.size() < COUNT_BATCH && rows.hasNext()) {
        batch.add(rows.next());
      }
      if (batch.isEmpty()) {
        return false;
      }
      List<String> texts = new ArrayList<>();
      List<Integer> good = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Row r = batch.get(i);
        if (r.isNullAt(r.fieldIndex(SourceRows.PROBLEM))) {
          texts.add(DocumentText.of(r.getAs(SourceRows.TITLE), r.getAs(SourceRows.TEXT)));
          good.add(i);
        }
      }
      int[] counts =
          texts.isEmpty() ? new int[0] : ExecutorEncoders.wordpieceCounter(spec).lengths(texts);
      int g = 0;
      for (int i = 0; i < batch.size(); i++) {
        Row r = batch.get(i);
        String problem = r.getAs(SourceRows.PROBLEM);
        String text = r.getAs(SourceRows.TEXT);
        Integer wordpieces = null;
        if (g < good.size() && good.get(g) == i) {
          text = texts.get(g);
          wordpieces = counts[g];
          g++;
          if (wordpieces > maxWordpieces) {
            problem =
                BadRows.TOO_LONG
                    + ": "
                    + wordpieces
                    + " wordpieces, more than --max-doc-wordpieces="
                    + maxWordpieces
                    + (wordpieces > readable
                        ? "; the model reads only the first "
                            + readable
                            + ", truncation would drop "
                            + (wordpieces - readable)
                        : "");
          }
        }
        out.add(
            RowFactory.create(
                r.getAs(SourceRows.FILE),
                r.getAs(SourceRows.POS),
                r.getAs(RejectedRowsTable.ROW_REF),
                r.getAs(Columns.DOC_ID),
                text,
                // The raw row is kept for quarantine only: good rows would hold their text twice.
                problem == null ? null : r.getAs(SourceRows.RAW),
                problem,
                wordpieces));
      }
      return true;
    }
  }
}
