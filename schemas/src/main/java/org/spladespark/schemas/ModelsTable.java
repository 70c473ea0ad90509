package org.spladespark.schemas;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code models}: the registry of the models whose vectors an index holds ({@link ModelRow}). */
public final class ModelsTable {
  public static final String TABLE = "models";

  public static final String MODEL_ID = Columns.MODEL_ID;
  public static final String SOURCE = "source";
  public static final String QUERY_WEIGHTS_SHA256 = "query_weights_sha256";
  public static final String QUERY_FINGERPRINT = "query_fingerprint";
  public static final String GRAPH_SHA256 = "graph_sha256";
  public static final String CREATED_AT = "created_at";
  public static final String ACTIVE = "active";
  public static final String ACTIVATED_AT = "activated_at";
  public static final String SYNCED_TABLE_ID = "synced_table_id";
  public static final String SYNCED_VERSION = "synced_version";
  public static final String UPDATED_AT = "updated_at";
  public static final String POSTINGS_VERSION = "postings_version";
  public static final String TOKEN_STATS_VERSION = "token_stats_version";

  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.field(MODEL_ID))
          .add(SOURCE, DataTypes.StringType, true)
          .add(QUERY_WEIGHTS_SHA256, DataTypes.StringType, true)
          .add(QUERY_FINGERPRINT, DataTypes.StringType, true)
          .add(GRAPH_SHA256, DataTypes.StringType, true)
          .add(CREATED_AT, DataTypes.TimestampType, false)
          .add(ACTIVE, DataTypes.BooleanType, false)
          .add(ACTIVATED_AT, DataTypes.TimestampType, true)
          .add(SYNCED_TABLE_ID, DataTypes.StringType, true)
          .add(SYNCED_VERSION, DataTypes.LongType, true)
          .add(UPDATED_AT, DataTypes.TimestampType, false)
          .add(POSTINGS_VERSION, DataTypes.LongType, true)
          .add(TOKEN_STATS_VERSION, DataTypes.LongType, true);

  private ModelsTable() {}

  /** A {@code models} row (columns by name). */
  public static ModelRow fromRow(Row r) {
    return new ModelRow(
        r.getAs(MODEL_ID),
        r.getAs(SOURCE),
        r.getAs(QUERY_WEIGHTS_SHA256),
        r.getAs(QUERY_FINGERPRINT),
        r.getAs(GRAPH_SHA256),
        r.getAs(CREATED_AT),
        r.getAs(ACTIVE),
        r.getAs(ACTIVATED_AT),
        r.getAs(SYNCED_TABLE_ID),
        r.getAs(SYNCED_VERSION),
        r.getAs(UPDATED_AT),
        optional(r, POSTINGS_VERSION),
        optional(r, TOKEN_STATS_VERSION));
  }

  /** A column added after the first format (absent from tables, or versions, written before). */
  private static Long optional(Row r, String column) {
    return r.schema().getFieldIndex(column).isDefined() ? r.<Long>getAs(column) : null;
  }

  /** {@code m} in {@link #SCHEMA} column order. */
  public static Row toRow(ModelRow m) {
    return RowFactory.create(
        m.modelId(),
        m.source(),
        m.queryWeightsSha256(),
        m.queryFingerprint(),
        m.graphSha256(),
        m.createdAt(),
        m.active(),
        m.activatedAt(),
        m.syncedTableId(),
        m.syncedVersion(),
        m.updatedAt(),
        m.postingsVersion(),
        m.tokenStatsVersion());
  }
}
