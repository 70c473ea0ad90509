package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SparsityCounter#addCounts} gives the state of adding the vectors one by one. */
class SparsityCounterTest {
  @Test
  void countsEqualAddingEachVector() {
    SparsityCounter one = new SparsityCounter(6);
    one.add(new int[] {1, 2, 3});
    one.add(new int[] {2});
    one.add(new int[] {});
    SparsityCounter agg = new SparsityCounter(6);
    // token 2 in two vectors, 1 and 3 in one each; token order as a GROUP BY may return it
    agg.addCounts(3, new int[] {3, 2, 1}, new long[] {1, 2, 1});
    assertEquals(one.rows(), agg.rows());
    assertEquals(one.nonZeros(), agg.nonZeros());
    for (int j = 0; j < 6; j++) {
      assertEquals(one.count(j), agg.count(j), "dimension " + j);
    }
    assertEquals(4.0 / 3, agg.activeDims(), 1e-12);
    SparsityCounter q = new SparsityCounter(6);
    q.add(new int[] {2, 5});
    assertEquals(SparsityCounter.avgFlops(q, one), SparsityCounter.avgFlops(q, agg), 0.0);
  }

  @Test
  void addsToEarlierCounts() {
    SparsityCounter c = new SparsityCounter(4);
    c.add(new int[] {0});
    c.addCounts(2, new int[] {0, 3}, new long[] {2, 1});
    assertEquals(3, c.rows());
    assertEquals(3, c.count(0));
    assertEquals(1, c.count(3));
    assertEquals(4, c.nonZeros());
  }

  /** Refused addCounts calls (rows, token ids, counts) and their messages. */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            1, new int[] {4}, new long[] {1}, "token id 4 is outside the vocabulary [0, 4)"),
        Arguments.of(1, new int[] {2}, new long[] {2}, "token id 2 has count 2, outside [0, 1]"),
        Arguments.of(2, new int[] {2, 2}, new long[] {1, 1}, "token id 2 is given twice"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesAndAddsNothing(int rows, int[] ids, long[] counts, String message) {
    SparsityCounter c = new SparsityCounter(4);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.addCounts(rows, ids, counts));
    assertEquals(message, e.getMessage());
    assertEquals(0, c.rows());
    assertEquals(0, c.nonZeros());
  }
}
