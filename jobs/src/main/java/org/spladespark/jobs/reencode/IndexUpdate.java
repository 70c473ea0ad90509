package org.spladespark.jobs.reencode;

import java.util.Locale;
import java.util.Map;

/**
 * How a re-encode brought a model's {@code postings} and {@code token_stats} up to date.
 *
 * @param mode none, incremental or rebuilt
 * @param reason why it was rebuilt; empty otherwise
 * @param tableId the Delta table id of doc_vectors
 * @param version the doc_vectors version the model's postings and token_stats now reflect
 * @param docs documents whose postings were rewritten (all the model's, when rebuilt)
 * @param postingsInserted postings inserted
 * @param postingsUpdated postings whose weight changed
 * @param postingsDeleted postings deleted
 * @param tokens tokens whose statistics were recomputed (all the model's, when rebuilt)
 */
public record IndexUpdate(
    Mode mode,
    String reason,
    String tableId,
    long version,
    long docs,
    long postingsInserted,
    long postingsUpdated,
    long postingsDeleted,
    long tokens) {

  /** Puts the index fields of the re-encode JSON in {@code m}. */
  void putInto(Map<String, Object> m) {
    m.put("index_sync", mode.toString());
    m.put("index_sync_reason", reason);
    m.put("doc_vectors_version", version);
    m.put("index_docs", docs);
    m.put("postings_inserted", postingsInserted);
    m.put("postings_updated", postingsUpdated);
    m.put("postings_deleted", postingsDeleted);
    m.put("tokens_recomputed", tokens);
  }

  /** How the update was done. */
  public enum Mode {
    /** Already up to date. */
    NONE,
    /** Applied the change data feed of doc_vectors. */
    INCREMENTAL,
    /** Rewrote the model's postings and token_stats from doc_vectors. */
    REBUILT;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
