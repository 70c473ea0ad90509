package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.spladespark.errors.SpladeException;

/**
 * A corpus as a plain table with all its columns, for analytics that join it to the index ({@code
 * splade stats --corpus}): found and typed as {@link EncodeCorpusJob} finds its input (the same
 * {@link CorpusInput}, the same format inference), read with Spark's own readers. Unlike the encode
 * job it does not check rows: a row it cannot read is simply not joined.
 */
public final class CorpusTable {
  /** The text encode encodes for a row: {@link DocumentText#of} of title and text. */
  private static final UserDefinedFunction DOCUMENT_TEXT =
      udf(
          (UDF2<String, String, String>) (t, x) -> x == null ? null : DocumentText.of(t, x),
          DataTypes.StringType);

  private CorpusTable() {}

  /** Every column of the corpus; the id column is checked to exist. */
  public static Dataset<Row> read(SparkSession spark, CorpusInput in) {
    String loc = in.location();
    Dataset<Row> rows =
        switch (CorpusReader.detect(spark, in)) {
          case DELTA -> CorpusReader.delta(spark, loc);
          case BEIR -> spark.read().json(loc + "/" + CorpusReader.BEIR_CORPUS);
          case JSONL -> spark.read().json(loc);
          case CSV -> spark.read().option("header", true).csv(loc);
          case PARQUET -> spark.read().parquet(loc);
          case AUTO -> throw new IllegalStateException("detect returns a concrete format");
        };
    List<String> cols = List.of(rows.columns());
    if (!cols.contains(in.idCol())) {
      throw SpladeException.of(
          loc,
          "has no id column '" + in.idCol() + "' (columns: " + cols + ")",
          "name the id column with --id-col");
    }
    return rows;
  }

  /**
   * The text {@code splade encode} encoded for each row: title and text joined as BEIR does when
   * the title column exists, else the text column; null when the corpus has no text column.
   */
  public static Column documentText(Dataset<Row> corpus, CorpusInput in) {
    List<String> cols = List.of(corpus.columns());
    if (!cols.contains(in.textCol())) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column text = col(in.textCol()).cast(DataTypes.StringType);
    return in.hasTitle() && cols.contains(in.titleCol())
        ? documentText(col(in.titleCol()).cast(DataTypes.StringType), text)
        : text;
  }

  /** {@link DocumentText#of} of two string columns; null where {@code text} is null. */
  public static Column documentText(Column title, Column text) {
    return DOCUMENT_TEXT.apply(title, text);
  }
}
