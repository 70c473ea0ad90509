package org.spladespark.schemas;

import java.io.Serializable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code postings}, the inverted index: document {@code docId} has weight {@code weight}
 * on token {@code tokenId}. Exactly the non-zeros of {@code doc_vectors}, transposed.
 */
public record PostingRow(int tokenId, String docId, float weight, String modelId)
    implements Serializable {

  public static final String TABLE = "postings";

  public static final StructType SCHEMA =
      new StructType()
          .add("token_id", DataTypes.IntegerType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("weight", DataTypes.FloatType, false)
          .add("model_id", DataTypes.StringType, false);
}
