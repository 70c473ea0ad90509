package org.spladespark.jobs.reencode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spladespark.jobs.encode.RunInfo;
import org.spladespark.jobs.encode.RunMetrics;

/**
 * What one re-encode run did, returned by {@link ReencodeJob#run} and written as JSON to {@code
 * <tables>/_runs/reencode-<start>-<model_id>.json}.
 *
 * @param run the run's model, input, tables, times and metrics path
 * @param corpus what the corpus held and what was encoded or deleted
 * @param index how postings and token_stats were brought up to date
 * @param outcome the active model before and after, and conflict retries
 * @param timings wall times of the successful attempt
 */
public record ReencodeMetrics(
    RunInfo run, Corpus corpus, IndexUpdate index, Outcome outcome, Timings timings)
    implements RunMetrics {

  /**
   * @param rowsRead rows in the input
   * @param rejectedRows bad rows (quarantined; a failing run writes no metrics)
   * @param docs the corpus compared with the model's rows
   * @param deletedDocs rows deleted (missing documents, with delete-missing)
   * @param encodedDocs documents encoded (new + changed)
   */
  public record Corpus(
      long rowsRead, long rejectedRows, DocCounts docs, long deletedDocs, long encodedDocs) {

    /** Documents missing from the corpus whose rows were kept (delete-missing off). */
    public long missingKeptDocs() {
      return docs.missing() - deletedDocs;
    }

    /** Puts the corpus fields of the JSON in {@code m}. */
    void putInto(Map<String, Object> m) {
      m.put("rows_read", rowsRead);
      m.put("rejected_rows", rejectedRows);
      m.put("docs_in_corpus", docs.corpus());
      m.put("docs_new", docs.added());
      m.put("docs_changed", docs.changed());
      m.put("docs_unchanged", docs.unchanged());
      m.put("docs_deleted", deletedDocs);
      m.put("docs_missing_kept", missingKeptDocs());
      m.put("docs_encoded", encodedDocs);
    }
  }

  /**
   * @param previousActiveModel the active model before the run; null if none
   * @param activated whether the run made the model active (false: it already was, or staged)
   * @param conflictRetries retries after concurrent commits by other jobs
   */
  public record Outcome(String previousActiveModel, boolean activated, int conflictRetries) {}

  /**
   * @param seconds wall time of the successful attempt
   * @param encodeSeconds encoding and writing doc_vectors
   * @param indexSeconds updating postings and token_stats
   */
  public record Timings(double seconds, double encodeSeconds, double indexSeconds) {

    /** Puts the wall-time fields of the JSON in {@code m}. */
    void putInto(Map<String, Object> m) {
      m.put("seconds", seconds);
      m.put("encode_seconds", encodeSeconds);
      m.put("index_seconds", indexSeconds);
    }
  }

  public String previousActiveModel() {
    return outcome.previousActiveModel();
  }

  public boolean activated() {
    return outcome.activated();
  }

  public int conflictRetries() {
    return outcome.conflictRetries();
  }

  public long rowsRead() {
    return corpus.rowsRead();
  }

  public long rejectedRows() {
    return corpus.rejectedRows();
  }

  public long encodedDocs() {
    return corpus.encodedDocs();
  }

  public long deletedDocs() {
    return corpus.deletedDocs();
  }

  public double seconds() {
    return timings.seconds();
  }

  public long newDocs() {
    return corpus.docs().added();
  }

  public long changedDocs() {
    return corpus.docs().changed();
  }

  public long unchangedDocs() {
    return corpus.docs().unchanged();
  }

  /** Documents missing from the corpus whose rows were kept (delete-missing off). */
  public long missingKeptDocs() {
    return corpus.missingKeptDocs();
  }

  /** {@code none}, {@code incremental} or {@code rebuilt}. */
  public String indexSync() {
    return index.mode().toString();
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", run.modelId());
    m.put("previous_active_model", outcome.previousActiveModel());
    m.put("activated", outcome.activated());
    run.putSource(m);
    corpus.putInto(m);
    index.putInto(m);
    m.put("conflict_retries", outcome.conflictRetries());
    timings.putInto(m);
    return m;
  }
}
