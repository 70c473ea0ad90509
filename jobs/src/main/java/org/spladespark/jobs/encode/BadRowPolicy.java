package org.spladespark.jobs.encode;

/** What the encode job does with bad input rows. */
public enum BadRowPolicy {
  /** Stop before encoding anything, naming the first bad rows, their reason and the fix. */
  FAIL,
  /** Write bad rows with their reason to the {@code rejected_rows} table and encode the rest. */
  QUARANTINE;

  @Override
  public String toString() {
    return EnumNames.of(this);
  }
}
