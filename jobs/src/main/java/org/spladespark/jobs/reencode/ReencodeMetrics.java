package org.spladespark.jobs.reencode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spladespark.jobs.encode.RunInfo;
import org.spladespark.jobs.encode.RunMetrics;
import org.spladespark.jobs.encode.RunTimings;

/**
 * What one re-encode run did, returned by {@link ReencodeJob#run} and written as JSON to {@code
 * <tables>/_runs/reencode-<start>-<model_id>.json}.
 *
 * @param run the run's model, input, tables, times and metrics path
 * @param corpus what the corpus held and what was encoded or deleted
 * @param index how postings and token_stats were brought up to date
 * @param outcome the active model before and after, and conflict retries
 * @param timings wall times of the successful attempt's phases
 */
public record ReencodeMetrics(
    RunInfo run, Corpus corpus, IndexUpdate index, Outcome outcome, RunTimings timings)
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
