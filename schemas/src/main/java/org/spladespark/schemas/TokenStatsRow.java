package org.spladespark.schemas;

import java.io.Serializable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code token_stats}: aggregate of the postings of one token.
 *
 * @param df documents with a non-zero weight on the token
 * @param maxWeight largest weight (an upper bound for dynamic pruning)
 * @param sumWeight sum of weights, in double
 */
public record TokenStatsRow(
    int tokenId, String token, long df, float maxWeight, double sumWeight, String modelId)
    implements Serializable {

  public static final String TABLE = "token_stats";

  public static final StructType SCHEMA =
      new StructType()
          .add("token_id", DataTypes.IntegerType, false)
          .add("token", DataTypes.StringType, false)
          .add("df", DataTypes.LongType, false)
          .add("max_weight", DataTypes.FloatType, false)
          .add("sum_weight", DataTypes.DoubleType, false)
          .add("model_id", DataTypes.StringType, false);
}
