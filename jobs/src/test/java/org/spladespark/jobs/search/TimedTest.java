package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedTest {
  @Test
  void theMedianRunCountsAndTheFirstRunsResultIsKept() {
    // Runs of at least 200, 1 and 50 ms, in that order.
    long[] sleepMillis = {200, 1, 50};
    int[] calls = {0};
    Timed.Runs<String> runs =
        new Timed.Runs<>(
            () -> {
              int i = calls[0]++;
              try {
                Thread.sleep(sleepMillis[i]);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return "run " + i;
            });
    for (int i = 0; i < sleepMillis.length; i++) {
      runs.run();
    }
    Timed<String> median = runs.median();
    assertEquals("run 0", median.value());
    List<Double> all = median.runSeconds();
    assertEquals(3, all.size());
    List<Double> sorted = new ArrayList<>(all);
    sorted.sort(null);
    assertEquals(sorted.get(1), median.seconds());
    assertTrue(all.get(0) >= 0.200, all.toString());
  }

  @Test
  void anEvenCountTakesTheLowerMiddleRun() {
    Timed.Runs<Integer> runs = new Timed.Runs<>(() -> 7);
    runs.run();
    runs.run();
    Timed<Integer> median = runs.median();
    assertEquals(
        Math.min(median.runSeconds().get(0), median.runSeconds().get(1)), median.seconds());
    assertEquals(7, median.value());
  }

  @Test
  void oneRunIsItsOwnMedianAndNoRunIsAnError() {
    Timed<Object> once = Timed.of(() -> null);
    assertNull(once.value());
    assertEquals(List.of(once.seconds()), once.runSeconds());
    assertThrows(IllegalStateException.class, () -> new Timed.Runs<>(() -> 1).median());
  }
}
