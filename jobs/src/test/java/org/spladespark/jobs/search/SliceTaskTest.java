package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The slice size a scan or postings task uses, from its JVM's heap and cores. */
class SliceTaskTest {
  private static final long GB = 1L << 30;

  @Test
  void sliceFollowsEachTasksShareOfTheHeap() {
    // A 1 GB driver of local[2] (bench scale's -Xmx1g): 4 M non-zeros, not 16 M.
    assertEquals(4 << 20, SliceTask.chunkNonZeros(GB, 2));
    assertEquals(2 << 20, SliceTask.chunkNonZeros(GB, 4));
  }

  @Test
  void sliceStaysWithinItsBounds() {
    assertEquals(SliceTask.CHUNK_NON_ZEROS, SliceTask.chunkNonZeros(4 * GB, 2));
    assertEquals(SliceTask.CHUNK_NON_ZEROS, SliceTask.chunkNonZeros(64 * GB, 1));
    assertEquals(SliceTask.MIN_CHUNK_NON_ZEROS, SliceTask.chunkNonZeros(GB / 4, 16));
    assertEquals(8 << 20, SliceTask.chunkNonZeros(GB, 0));
  }
}
