package org.spladespark.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.spladespark.jobs.encode.RunTimings;

/** Checks on the {@link RunTimings} a run reports. */
public final class PhaseTimes {
  private PhaseTimes() {}

  /**
   * The phases follow one another from the run's start: each is non-negative and their sum is the
   * run's seconds, less the metrics' own few milliseconds (1 s of slack for a GC pause) and up to
   * the rounding of each figure to milliseconds.
   */
  public static void assertContiguous(RunTimings t) {
    double sum = t.validateSeconds() + t.encodeSeconds() + t.indexSeconds();
    assertTrue(
        t.validateSeconds() >= 0 && t.encodeSeconds() >= 0 && t.indexSeconds() >= 0, t.toString());
    assertTrue(sum <= t.seconds() + 0.002 && sum >= t.seconds() - 1.0, sum + " vs " + t);
  }
}
