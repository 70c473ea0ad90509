package org.spladespark.schemas;

import java.io.Serializable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One hit of a batch search: rank 1 is the best; order is (score desc, doc_id asc).
 *
 * @param score the exact dot product of the query and document vectors (float32)
 */
public record SearchResultRow(String queryId, int rank, String docId, float score, String modelId)
    implements Serializable {

  public static final String TABLE = "search_results";

  public static final StructType SCHEMA =
      new StructType()
          .add("query_id", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("score", DataTypes.FloatType, false)
          .add("model_id", DataTypes.StringType, false);
}
