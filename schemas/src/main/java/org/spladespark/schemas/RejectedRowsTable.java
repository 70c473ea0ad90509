package org.spladespark.schemas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code rejected_rows}, written instead of failing when {@code --on-bad-rows=quarantine}. Rows are
 * selected from the checked corpus in Spark SQL, so no row record.
 *
 * <ul>
 *   <li>{@code source}: the input (path or table) the row came from;
 *   <li>{@code row_ref}: where in the input: the doc id if there is one, else e.g. {@code line 17};
 *   <li>{@code doc_id}: the id, when present;
 *   <li>{@code reason}: why it was rejected (null text, duplicate id, invalid JSON, …);
 *   <li>{@code raw}: the raw row or line, truncated to 1,000 characters.
 * </ul>
 */
public final class RejectedRowsTable {
  public static final String TABLE = "rejected_rows";

  public static final String SOURCE = "source";
  public static final String ROW_REF = "row_ref";
  public static final String DOC_ID = Columns.DOC_ID;
  public static final String REASON = "reason";
  public static final String RAW = "raw";
  public static final String REJECTED_AT = "rejected_at";

  public static final StructType SCHEMA =
      new StructType()
          .add(SOURCE, DataTypes.StringType, false)
          .add(ROW_REF, DataTypes.StringType, false)
          .add(DOC_ID, DataTypes.StringType, true)
          .add(REASON, DataTypes.StringType, false)
          .add(RAW, DataTypes.StringType, true)
          .add(REJECTED_AT, DataTypes.TimestampType, false);

  private RejectedRowsTable() {}
}
