package org.spladespark.jobs.stats;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.jobs.spark.Iterators;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.vector.SparseVector;

/**
 * (a vector, b vector) of one document ({@link DriftTable#pairs}) → its {@link VectorDrift}.
 *
 * @param k the k of the per-document top-k overlap
 */
record VectorDriftPartition(int k) implements MapPartitionsFunction<Row, Row> {
  static final String ACTIVE_A = "active_a";
  static final String ACTIVE_B = "active_b";
  static final String ACTIVE_DELTA = "active_delta";
  static final String ACTIVE_JACCARD = "active_jaccard";
  static final String TOP_K_JACCARD = "top_k_jaccard";

  /** The rows it returns. */
  static final StructType SCHEMA =
      new StructType()
          .add(DocStats.GROUP_VALUE, DataTypes.StringType, true)
          .add(ACTIVE_A, DataTypes.IntegerType, false)
          .add(ACTIVE_B, DataTypes.IntegerType, false)
          .add(ACTIVE_DELTA, DataTypes.IntegerType, false)
          .add(ACTIVE_JACCARD, DataTypes.DoubleType, false)
          .add(TOP_K_JACCARD, DataTypes.DoubleType, false);

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return Iterators.map(
        rows,
        r -> {
          SparseVector a = vector(r, DriftTable.A_IDS, DriftTable.A_WEIGHTS);
          SparseVector b = vector(r, DriftTable.B_IDS, DriftTable.B_WEIGHTS);
          VectorDrift d = VectorDrift.of(a, b, k);
          return RowFactory.create(
              r.getAs(DocStats.GROUP_VALUE),
              a.size(),
              b.size(),
              d.activeDelta(),
              d.activeJaccard(),
              d.topKJaccard());
        });
  }

  private static SparseVector vector(Row r, String ids, String weights) {
    return VectorColumns.read(
        r, ids, weights, () -> "doc_vectors row '" + r.getAs(DocStats.DOC_ID) + "'");
  }
}
