package org.spladespark.jobs.encode;

import java.util.Map;

/**
 * The wall times of one encode or re-encode run, in seconds rounded to milliseconds ({@link
 * RunClock}). The three phases follow one another from the run's start, so {@code validateSeconds +
 * encodeSeconds + indexSeconds} is {@code seconds} up to the metrics and rounding.
 *
 * @param seconds the whole run (for a re-encode: its successful attempt)
 * @param validateSeconds everything before encoding: the model resolved, the input read and
 *     checked, bad rows handled, the model registered; for a re-encode, the corpus compared with
 *     the model's rows as well
 * @param encodeSeconds encoding and writing doc_vectors
 * @param indexSeconds writing or updating postings and token_stats, and publishing
 */
public record RunTimings(
    double seconds, double validateSeconds, double encodeSeconds, double indexSeconds) {

  /** {@code docs / encodeSeconds}, rounded to milliseconds; 0 when nothing was encoded. */
  public double docsPerSecond(long docs) {
    return encodeSeconds > 0 ? RunClock.round(docs / encodeSeconds) : 0;
  }

  /** Puts the wall-time fields of the metrics JSON in {@code m}. */
  public void putInto(Map<String, Object> m) {
    m.put("seconds", seconds);
    m.put("validate_seconds", validateSeconds);
    m.put("encode_seconds", encodeSeconds);
    m.put("index_seconds", indexSeconds);
  }
}
