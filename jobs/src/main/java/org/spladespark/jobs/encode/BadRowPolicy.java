package org.spladespark.jobs.encode;

import java.util.Locale;

/** What the encode job does with bad input rows. */
public enum BadRowPolicy {
  /** Stop before encoding anything, naming the first bad rows, their reason and the fix. */
  FAIL,
  /** Write bad rows with their reason to the {@code rejected_rows} table and encode the rest. */
  QUARANTINE;

  public static BadRowPolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown policy '" + s + "' (expected fail or quarantine)", e);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
