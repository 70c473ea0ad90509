package org.spladespark.jobs.encode;

import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.RejectedRowsTable;

/**
 * The rows a corpus becomes before it is encoded (not a table): {@link #READ} as {@link
 * CorpusReader} reads any format, {@link #CHECKED} after {@link CorpusValidator}. A row whose
 * {@link #PROBLEM} is set is a bad row; it goes to {@code rejected_rows} with its {@link #RAW}
 * input, and its {@link #ROW_REF} and {@link #DOC_ID}, under the same names.
 */
public final class SourceRows {
  /** The full path of the file the row came from (a data file of a Parquet or Delta table). */
  public static final String FILE = "file";

  /** The line number or row index in {@link #FILE}; null for a Delta table. */
  public static final String POS = "pos";

  public static final String ROW_REF = RejectedRowsTable.ROW_REF;
  public static final String DOC_ID = Columns.DOC_ID;

  /** Null when the corpus has none. */
  public static final String TITLE = "title";

  /** The text to encode ({@link #CHECKED}: with the title, as the model reads it). */
  public static final String TEXT = "text";

  public static final String RAW = RejectedRowsTable.RAW;

  /** Why the row is bad; null for a good row. */
  public static final String PROBLEM = "problem";

  /** The wordpieces of {@link #TEXT}, untruncated ({@link #CHECKED} only). */
  public static final String WORDPIECES = "wordpieces";

  /** The rows {@link CorpusReader} reads, from any format. */
  static final StructType READ =
      new StructType()
          .add(FILE, DataTypes.StringType, true)
          .add(POS, DataTypes.LongType, true)
          .add(ROW_REF, DataTypes.StringType, false)
          .add(DOC_ID, DataTypes.StringType, true)
          .add(TITLE, DataTypes.StringType, true)
          .add(TEXT, DataTypes.StringType, true)
          .add(RAW, DataTypes.StringType, true)
          .add(PROBLEM, DataTypes.StringType, true);

  /** {@link #READ} without the title (in the text now) and with {@link #WORDPIECES}. */
  static final StructType CHECKED =
      new StructType(
              Arrays.stream(READ.fields())
                  .filter(f -> !f.name().equals(TITLE))
                  .toArray(StructField[]::new))
          .add(WORDPIECES, DataTypes.IntegerType, true);

  private SourceRows() {}
}
