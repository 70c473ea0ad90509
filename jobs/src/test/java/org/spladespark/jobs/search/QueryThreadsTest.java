package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class QueryThreadsTest {
  @Test
  void everyQueryRunsOnceEachThreadWithItsOwnWorker() {
    int n = 10_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    Set<Object> made = ConcurrentHashMap.newKeySet();
    QueryThreads.run(
        n,
        4,
        () -> {
          Object state = new Object();
          made.add(state);
          Thread owner = Thread.currentThread();
          return q -> {
            assertSame(owner, Thread.currentThread(), "a worker stays on its thread");
            workers.add(owner);
            runs.incrementAndGet(q);
          };
        });
    for (int q = 0; q < n; q++) {
      assertEquals(1, runs.get(q), "query " + q);
    }
    assertEquals(4, made.size(), "one worker per thread");
    assertTrue(workers.size() >= 1 && workers.size() <= 4, workers.toString());
  }

  @Test
  void oneThreadRunsOnTheCaller() {
    Thread caller = Thread.currentThread();
    int[] seen = {0};
    QueryThreads.run(
        5,
        1,
        () ->
            q -> {
              assertSame(caller, Thread.currentThread());
              assertEquals(seen[0]++, q, "in order");
            });
    assertEquals(5, seen[0]);
  }

  @Test
  void theFirstFailureIsRethrownAsItself() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                QueryThreads.run(
                    100,
                    3,
                    () ->
                        q -> {
                          if (q == 42) {
                            throw new IllegalArgumentException("query 42");
                          }
                        }));
    assertEquals("query 42", e.getMessage());
  }
}
