package org.spladespark.schemas;

import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code rejected_rows}, written instead of failing when {@code
 * --on-bad-rows=quarantine}.
 *
 * @param source the input (path or table) the row came from
 * @param rowRef where in the input: the doc id if there is one, else e.g. {@code line 17}
 * @param docId the id, when present
 * @param reason why it was rejected (null text, duplicate id, invalid JSON, …)
 * @param raw the raw row or line, truncated to 1,000 characters
 */
public record RejectedRow(
    String source, String rowRef, String docId, String reason, String raw, Timestamp rejectedAt)
    implements Serializable {

  public static final String TABLE = "rejected_rows";

  public static final StructType SCHEMA =
      new StructType()
          .add("source", DataTypes.StringType, false)
          .add("row_ref", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false)
          .add("raw", DataTypes.StringType, true)
          .add("rejected_at", DataTypes.TimestampType, false);
}
