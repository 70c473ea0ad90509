package org.spladespark.sql;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.vector.SparseVector;

/** Conversions from the values Spark hands to Java UDFs. */
final class SqlValues {
  private SqlValues() {}

  /** An array value (a Scala {@code Seq} from Spark, or a Java list) as a Java list. */
  static List<?> list(Object array, String subject) {
    return VectorColumns.list(array, () -> subject);
  }

  /**
   * A {@code struct<token_ids, weights>} as a sparse vector ({@link VectorColumns#read}). Fields by
   * name when the struct has them, else by position.
   */
  static SparseVector vector(Row row, String subject) {
    StructType schema = row.schema();
    int idsAt = 0;
    int weightsAt = 1;
    if (schema != null
        && schema.getFieldIndex(Columns.TOKEN_IDS).isDefined()
        && schema.getFieldIndex(Columns.WEIGHTS).isDefined()) {
      idsAt = schema.fieldIndex(Columns.TOKEN_IDS);
      weightsAt = schema.fieldIndex(Columns.WEIGHTS);
    } else if (row.size() != 2) {
      throw SpladeException.of(
          subject,
          "is a struct of " + row.size() + " fields without token_ids and weights",
          "pass struct(token_ids, weights), e.g. the result of splade_query");
    }
    return VectorColumns.read(row, idsAt, weightsAt, () -> subject);
  }
}
