package org.spladespark.schemas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code token_stats}: per (model, token) the aggregate of its postings. Derived in Spark SQL, so
 * no row record.
 *
 * <ul>
 *   <li>{@code df}: documents with a non-zero weight on the token;
 *   <li>{@code max_weight}: the largest weight (an upper bound for dynamic pruning);
 *   <li>{@code sum_weight}: the sum of weights, in double.
 * </ul>
 */
public final class TokenStatsTable {
  public static final String TABLE = "token_stats";

  public static final String TOKEN_ID = Columns.TOKEN_ID;
  public static final String TOKEN = Columns.TOKEN;
  public static final String DF = Columns.DF;
  public static final String MAX_WEIGHT = Columns.MAX_WEIGHT;
  public static final String SUM_WEIGHT = "sum_weight";
  public static final String MODEL_ID = Columns.MODEL_ID;

  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.field(TOKEN_ID))
          .add(Columns.field(TOKEN))
          .add(Columns.field(DF))
          .add(Columns.field(MAX_WEIGHT))
          .add(SUM_WEIGHT, DataTypes.DoubleType, false)
          .add(Columns.field(MODEL_ID));

  private TokenStatsTable() {}
}
