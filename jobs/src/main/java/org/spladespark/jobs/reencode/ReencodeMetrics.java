package org.spladespark.jobs.reencode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.spladespark.jobs.encode.RunInfo;
import org.spladespark.jobs.encode.RunMetricsFile;

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
    RunInfo run, Corpus corpus, IndexUpdate index, Outcome outcome, Timings timings) {

  /**
   * @param rowsRead rows in the input
   * @param rejectedRows bad rows (quarantined; a failing run writes no metrics)
   * @param docs the corpus compared with the model's rows
   * @param deletedDocs rows deleted (missing documents, with delete-missing)
   * @param encodedDocs documents encoded (new + changed)
   */
  public record Corpus(
      long rowsRead, long rejectedRows, DocCounts docs, long deletedDocs, long encodedDocs) {}

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
  public record Timings(double seconds, double encodeSeconds, double indexSeconds) {}

  public String modelId() {
    return run.modelId();
  }

  public String path() {
    return run.path();
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
    return corpus.docs().missing() - corpus.deletedDocs();
  }

  /** {@code none}, {@code incremental} or {@code rebuilt}. */
  public String indexSync() {
    return index.mode().toString();
  }

  /** The JSON fields, snake_case, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    DocCounts docs = corpus.docs();
    m.put("model_id", run.modelId());
    m.put("previous_active_model", outcome.previousActiveModel());
    m.put("activated", outcome.activated());
    run.putSource(m);
    m.put("rows_read", corpus.rowsRead());
    m.put("rejected_rows", corpus.rejectedRows());
    m.put("docs_in_corpus", docs.corpus());
    m.put("docs_new", docs.added());
    m.put("docs_changed", docs.changed());
    m.put("docs_unchanged", docs.unchanged());
    m.put("docs_deleted", corpus.deletedDocs());
    m.put("docs_missing_kept", missingKeptDocs());
    m.put("docs_encoded", corpus.encodedDocs());
    m.put("index_sync", indexSync());
    m.put("index_sync_reason", index.reason());
    m.put("doc_vectors_version", index.version());
    m.put("index_docs", index.docs());
    m.put("postings_inserted", index.postingsInserted());
    m.put("postings_updated", index.postingsUpdated());
    m.put("postings_deleted", index.postingsDeleted());
    m.put("tokens_recomputed", index.tokens());
    m.put("conflict_retries", outcome.conflictRetries());
    m.put("seconds", timings.seconds());
    m.put("encode_seconds", timings.encodeSeconds());
    m.put("index_seconds", timings.indexSeconds());
    return m;
  }

  /** Writes {@link #toMap()} as pretty JSON to {@link #path()}. */
  void write(Configuration conf) {
    RunMetricsFile.write(run.path(), toMap(), conf);
  }
}
