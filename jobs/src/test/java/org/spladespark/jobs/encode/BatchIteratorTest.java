package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {
  /** Batches of up to three of the numbers, doubled. */
  private static BatchIterator<Integer> doubled(Iterator<Integer> in) {
    return new BatchIterator<>() {
      @Override
      protected boolean fill(List<Integer> batch) {
        while (batch.size() < 3 && in.hasNext()) {
          batch.add(2 * in.next());
        }
        return !batch.isEmpty();
      }
    };
  }

  @Test
  void yieldsEveryBatchInOrder() {
    List<Integer> got = new ArrayList<>();
    doubled(List.of(1, 2, 3, 4, 5, 6, 7).iterator()).forEachRemaining(got::add);
    assertEquals(List.of(2, 4, 6, 8, 10, 12, 14), got);
  }

  @Test
  void anEmptyInputHasNothing() {
    BatchIterator<Integer> it = doubled(List.<Integer>of().iterator());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }
}
