package org.spladespark.schemas;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one conversion between a sparse vector held as two array columns ({@code token_ids
 * array<int>}, {@code weights array<float>}, as in {@code doc_vectors} and the SQL functions'
 * structs) and {@link SparseVector}. Every reader of a vector column goes through {@link #read};
 * every writer through {@link #ids} and {@link #weights}.
 *
 * <p>Weights are float32 end to end (no rounding); a malformed vector (null arrays or elements,
 * lengths that differ, ids not strictly ascending) fails with a {@link SpladeException} naming the
 * row. Stateless and thread-safe.
 */
public final class VectorColumns {
  private VectorColumns() {}

  /** The vector of {@code row}'s columns {@code ids} and {@code weights}, by name. */
  public static SparseVector read(Row row, String ids, String weights, Supplier<String> subject) {
    return read(row, row.fieldIndex(ids), row.fieldIndex(weights), subject);
  }

  /** The vector of {@code row}'s {@link Columns#TOKEN_IDS} and {@link Columns#WEIGHTS} columns. */
  public static SparseVector read(Row row) {
    return read(row, Columns.TOKEN_IDS, Columns.WEIGHTS, () -> "row " + row);
  }

  /**
   * The vector of the array columns at {@code idsAt} and {@code weightsAt} of {@code row}.
   *
   * @param subject names the row in an error (called only on error)
   */
  public static SparseVector read(Row row, int idsAt, int weightsAt, Supplier<String> subject) {
    if (row.isNullAt(idsAt) || row.isNullAt(weightsAt)) {
      throw SpladeException.of(
          subject.get(), "has null token_ids or weights", "pass two non-null arrays");
    }
    int[] idArray = ints(row.get(idsAt), subject, Columns.TOKEN_IDS);
    float[] weightArray = floats(row.get(weightsAt), subject, Columns.WEIGHTS);
    if (idArray.length != weightArray.length) {
      throw SpladeException.of(
          subject.get(),
          idArray.length + " token_ids but " + weightArray.length + " weights",
          "pass aligned arrays of equal length");
    }
    try {
      return SparseVector.of(idArray, weightArray);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          subject.get(),
          e.getMessage(),
          "sort token_ids ascending without duplicates (splade_query and doc_vectors do)",
          e);
    }
  }

  /** An {@code array<int>} value: a Java {@code int[]} (rows built here) or a Spark array. */
  private static int[] ints(Object array, Supplier<String> subject, String column) {
    if (array instanceof int[] a) {
      return a;
    }
    List<?> list = list(array, () -> subject.get() + " " + column);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) element(list, i, subject)).intValue();
    }
    return out;
  }

  /** An {@code array<float>} value: a Java {@code float[]} (rows built here) or a Spark array. */
  private static float[] floats(Object array, Supplier<String> subject, String column) {
    if (array instanceof float[] a) {
      return a;
    }
    List<?> list = list(array, () -> subject.get() + " " + column);
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) element(list, i, subject)).floatValue();
    }
    return out;
  }

  private static Object element(List<?> list, int i, Supplier<String> subject) {
    Object o = list.get(i);
    if (o == null) {
      throw SpladeException.of(
          subject.get(), "has a null element at position " + i, "remove nulls from the vector");
    }
    return o;
  }

  /** An array value (a Scala {@code Seq} from Spark, or a Java list) as a Java list. */
  public static List<?> list(Object array, Supplier<String> subject) {
    if (array instanceof scala.collection.Seq<?> seq) {
      return CollectionConverters.asJava(seq);
    }
    if (array instanceof List<?> list) {
      return list;
    }
    throw SpladeException.of(
        subject.get(),
        "is a " + array.getClass().getName() + ", not an array",
        "pass an array column");
  }

  /** The {@link Columns#TOKEN_IDS} value of {@code v} for a Row (a fresh array). */
  public static int[] ids(SparseVector v) {
    return v.indices();
  }

  /** The {@link Columns#WEIGHTS} value of {@code v} for a Row (a fresh array). */
  public static float[] weights(SparseVector v) {
    return v.values();
  }
}
