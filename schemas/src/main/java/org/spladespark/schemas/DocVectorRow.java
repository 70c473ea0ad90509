package org.spladespark.schemas;

import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code doc_vectors}: the SPLADE vector of one document.
 *
 * @param docId the corpus id (unique per model)
 * @param tokenIds strictly ascending vocabulary ids of the non-zero weights
 * @param weights float32 weights aligned with {@code tokenIds}
 * @param activeDims number of non-zeros ({@code tokenIds.length})
 * @param textSha256 hex SHA-256 of the UTF-8 text that was encoded (change detection)
 * @param modelId content fingerprint of document graph + query weights + tokenizer
 * @param pruning pruning config string ({@code none}, {@code top_k=128}, …)
 * @param encodedAt when the vector was computed
 */
public record DocVectorRow(
    String docId,
    int[] tokenIds,
    float[] weights,
    int activeDims,
    String textSha256,
    String modelId,
    String pruning,
    Timestamp encodedAt)
    implements Serializable {

  public static final String TABLE = "doc_vectors";

  public static final StructType SCHEMA =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("token_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("active_dims", DataTypes.IntegerType, false)
          .add("text_sha256", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("pruning", DataTypes.StringType, false)
          .add("encoded_at", DataTypes.TimestampType, false);
}
