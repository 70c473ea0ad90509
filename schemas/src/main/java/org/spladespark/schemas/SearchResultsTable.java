package org.spladespark.schemas;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A batch search's results table: per query its hits, rank 1 the best, in the order (score desc,
 * doc_id asc). {@code score} is the exact float32 dot product of the query and document vectors.
 */
public final class SearchResultsTable {
  public static final String TABLE = "search_results";

  public static final String QUERY_ID = "query_id";
  public static final String RANK = "rank";
  public static final String DOC_ID = Columns.DOC_ID;
  public static final String SCORE = "score";
  public static final String MODEL_ID = Columns.MODEL_ID;

  public static final StructType SCHEMA =
      new StructType()
          .add(QUERY_ID, DataTypes.StringType, false)
          .add(RANK, DataTypes.IntegerType, false)
          .add(Columns.field(DOC_ID))
          .add(SCORE, DataTypes.FloatType, false)
          .add(Columns.field(MODEL_ID));

  private SearchResultsTable() {}
}
