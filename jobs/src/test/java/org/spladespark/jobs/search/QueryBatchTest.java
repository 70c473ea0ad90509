package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.vector.SparseVector;

class QueryBatchTest {
  private static SparseVector v(int[] ids, float[] ws) {
    return SparseVector.of(ids, ws);
  }

  @Test
  void countsTermsAndDistinctTokens() {
    QueryBatch b =
        QueryBatch.of(
            List.of("a", "b", "c"),
            List.of(
                v(new int[] {3, 9}, new float[] {1f, 2f}),
                SparseVector.empty(),
                v(new int[] {1, 9}, new float[] {4f, 5f})));
    assertEquals(3, b.size());
    assertEquals(4, b.termCount());
    assertEquals(1, b.emptyQueries());
    assertArrayEquals(new int[] {1, 3, 9}, b.distinctTokens());
    assertEquals(5f, b.vector(2).value(1));
  }

  @Test
  void refusesDuplicateIds() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                QueryBatch.of(
                    List.of("x", "y", "x"),
                    List.of(SparseVector.empty(), SparseVector.empty(), SparseVector.empty())));
    assertEquals(
        "query id 'x': occurs twice (queries #1 and #3). Fix: give every query a unique id",
        e.getMessage());
  }
}
