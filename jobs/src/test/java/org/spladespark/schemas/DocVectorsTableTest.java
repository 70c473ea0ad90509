package org.spladespark.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;
import scala.jdk.javaapi.CollectionConverters;

/** The one Row ↔ SparseVector conversion, without Spark: rows as built here and as Spark hands. */
class DocVectorsTableTest {
  private static final SparseVector V =
      SparseVector.of(new int[] {3, 17, 40}, new float[] {0.5f, -1.25f, Float.MIN_VALUE});
  private static final DocVectorRow ROW =
      new DocVectorRow("d1", V, "ab12", "m1", "none", Timestamp.valueOf("2025-01-31 12:00:00"));

  @Test
  void roundTripsARowBitForBit() {
    Row plain = DocVectorsTable.toRow(ROW);
    Object[] values = new Object[plain.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = plain.get(i);
    }
    Row r = new GenericRowWithSchema(values, DocVectorsTable.SCHEMA);
    assertEquals(V.size(), r.<Integer>getAs(DocVectorsTable.ACTIVE_DIMS));
    DocVectorRow back = DocVectorsTable.fromRow(r);
    assertEquals(ROW, back);
    assertArrayEquals(V.values(), back.vector().values());
  }

  @Test
  void readsTheArraysSparkHandsToJava() {
    Row r =
        row(
            List.of(3, 17, 40),
            List.of(0.5f, -1.25f, Float.MIN_VALUE)); // Scala Seqs of boxed values
    assertEquals(V, DocVectorsTable.vector(r));
  }

  @Test
  void namesTheRowOfAMalformedVector() {
    SpladeException unsorted =
        assertThrows(
            SpladeException.class,
            () -> DocVectorsTable.vector(row(List.of(5, 1), List.of(1f, 2f))));
    assertEquals(
        "doc_vectors row 'd1': indices must be strictly ascending, found 5 then 1. Fix: sort"
            + " token_ids ascending without duplicates (splade_query and doc_vectors do)",
        unsorted.getMessage());
    SpladeException unaligned =
        assertThrows(
            SpladeException.class, () -> DocVectorsTable.vector(row(List.of(1, 2), List.of(1f))));
    assertEquals(
        "doc_vectors row 'd1': 2 token_ids but 1 weights. Fix: pass aligned arrays of equal length",
        unaligned.getMessage());
  }

  private static Row row(List<Integer> ids, List<Float> weights) {
    return new GenericRowWithSchema(
        new Object[] {
          "d1",
          CollectionConverters.asScala(ids).toSeq(),
          CollectionConverters.asScala(weights).toSeq(),
          ids.size(),
          "ab12",
          "m1",
          "none",
          Timestamp.valueOf("2025-01-31 12:00:00")
        },
        DocVectorsTable.SCHEMA);
  }
}
