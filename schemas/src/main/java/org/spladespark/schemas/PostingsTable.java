package org.spladespark.schemas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code postings}, the inverted index: document {@code doc_id} has weight {@code weight} on token
 * {@code token_id}. Exactly the non-zeros of {@code doc_vectors}, transposed; derived in Spark SQL,
 * so no row record.
 */
public final class PostingsTable {
  public static final String TABLE = "postings";

  public static final String TOKEN_ID = Columns.TOKEN_ID;
  public static final String DOC_ID = Columns.DOC_ID;
  public static final String WEIGHT = "weight";
  public static final String MODEL_ID = Columns.MODEL_ID;

  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.field(TOKEN_ID))
          .add(Columns.field(DOC_ID))
          .add(WEIGHT, DataTypes.FloatType, false)
          .add(Columns.field(MODEL_ID));

  private PostingsTable() {}
}
