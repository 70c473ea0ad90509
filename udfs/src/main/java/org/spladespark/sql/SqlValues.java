package org.spladespark.sql;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;
import scala.jdk.javaapi.CollectionConverters;

/** Conversions from the values Spark hands to Java UDFs. */
final class SqlValues {
  private SqlValues() {}

  /** An array value (a Scala {@code Seq} from Spark, or a Java list) as a Java list. */
  static List<?> list(Object array, String subject) {
    if (array instanceof scala.collection.Seq<?> seq) {
      return CollectionConverters.asJava(seq);
    }
    if (array instanceof List<?> list) {
      return list;
    }
    throw SpladeException.of(
        subject, "is a " + array.getClass().getName() + ", not an array", "pass an array column");
  }

  /**
   * A {@code struct<token_ids, weights>} as a sparse vector. Fields by name when the struct has
   * them, else by position.
   */
  static SparseVector vector(Row row, String subject) {
    StructType schema = row.schema();
    int idsAt = 0;
    int weightsAt = 1;
    if (schema != null
        && schema.getFieldIndex("token_ids").isDefined()
        && schema.getFieldIndex("weights").isDefined()) {
      idsAt = schema.fieldIndex("token_ids");
      weightsAt = schema.fieldIndex("weights");
    } else if (row.size() != 2) {
      throw SpladeException.of(
          subject,
          "is a struct of " + row.size() + " fields without token_ids and weights",
          "pass struct(token_ids, weights), e.g. the result of splade_query");
    }
    if (row.isNullAt(idsAt) || row.isNullAt(weightsAt)) {
      throw SpladeException.of(
          subject, "has null token_ids or weights", "pass two non-null arrays");
    }
    List<?> ids = list(row.get(idsAt), subject + " token_ids");
    List<?> weights = list(row.get(weightsAt), subject + " weights");
    if (ids.size() != weights.size()) {
      throw SpladeException.of(
          subject,
          ids.size() + " token_ids but " + weights.size() + " weights",
          "pass aligned arrays of equal length");
    }
    int[] idArray = new int[ids.size()];
    float[] weightArray = new float[ids.size()];
    for (int i = 0; i < idArray.length; i++) {
      if (ids.get(i) == null || weights.get(i) == null) {
        throw SpladeException.of(
            subject, "has a null element at position " + i, "remove nulls from the vector");
      }
      idArray[i] = ((Number) ids.get(i)).intValue();
      weightArray[i] = ((Number) weights.get(i)).floatValue();
    }
    try {
      return SparseVector.of(idArray, weightArray);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          subject,
          e.getMessage(),
          "sort token_ids ascending without duplicates (splade_query and doc_vectors do)",
          e);
    }
  }
}
