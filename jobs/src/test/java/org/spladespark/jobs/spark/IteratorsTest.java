package org.spladespark.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IteratorsTest {
  @Test
  void mapsEachElementAsItIsRead() {
    List<Integer> seen = new ArrayList<>();
    Iterator<String> it =
        Iterators.map(
            List.of(1, 2, 3).iterator(),
            i -> {
              seen.add(i);
              return "#" + i;
            });
    assertEquals("#1", it.next());
    assertEquals(List.of(1), seen, "lazy: only what was read");
    assertEquals("#2", it.next());
    assertEquals("#3", it.next());
    assertFalse(it.hasNext());
  }
}
