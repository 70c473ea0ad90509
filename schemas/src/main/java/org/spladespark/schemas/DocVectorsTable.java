package org.spladespark.schemas;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.vector.SparseVector;

/**
 * {@code doc_vectors}: one row per (model, document), the document's SPLADE vector ({@link
 * DocVectorRow}). The source of truth of an index: {@code postings} and {@code token_stats} are
 * derived from it.
 */
public final class DocVectorsTable {
  public static final String TABLE = "doc_vectors";

  public static final String DOC_ID = Columns.DOC_ID;
  public static final String TOKEN_IDS = Columns.TOKEN_IDS;
  public static final String WEIGHTS = Columns.WEIGHTS;
  public static final String ACTIVE_DIMS = Columns.ACTIVE_DIMS;
  public static final String TEXT_SHA256 = "text_sha256";
  public static final String MODEL_ID = Columns.MODEL_ID;
  public static final String PRUNING = "pruning";
  public static final String ENCODED_AT = "encoded_at";

  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.field(DOC_ID))
          .add(Columns.field(TOKEN_IDS))
          .add(Columns.field(WEIGHTS))
          .add(Columns.field(ACTIVE_DIMS))
          .add(TEXT_SHA256, DataTypes.StringType, false)
          .add(Columns.field(MODEL_ID))
          .add(PRUNING, DataTypes.StringType, false)
          .add(ENCODED_AT, DataTypes.TimestampType, false);

  private DocVectorsTable() {}

  /** {@code r} in {@link #SCHEMA} column order. */
  public static Row toRow(DocVectorRow r) {
    SparseVector v = r.vector();
    return RowFactory.create(
        r.docId(),
        VectorColumns.ids(v),
        VectorColumns.weights(v),
        v.size(),
        r.textSha256(),
        r.modelId(),
        r.pruning(),
        r.encodedAt());
  }

  /** A full {@code doc_vectors} row (columns by name). */
  public static DocVectorRow fromRow(Row r) {
    String docId = r.getAs(DOC_ID);
    return new DocVectorRow(
        docId,
        vector(r),
        r.getAs(TEXT_SHA256),
        r.getAs(MODEL_ID),
        r.getAs(PRUNING),
        r.getAs(ENCODED_AT));
  }

  /** The vector of a row holding at least {@link #DOC_ID}, {@link #TOKEN_IDS}, {@link #WEIGHTS}. */
  public static SparseVector vector(Row r) {
    return VectorColumns.read(
        r, TOKEN_IDS, WEIGHTS, () -> TABLE + " row '" + r.getAs(DOC_ID) + "'");
  }
}
