package org.spladespark.jobs.reencode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.spladespark.jobs.encode.RunMetricsFile;

/**
 * What one re-encode run did, returned by {@link ReencodeJob#run} and written as JSON to {@code
 * <tables>/_runs/reencode-<start>-<model_id>.json}.
 *
 * @param modelId the model fingerprint
 * @param previousActiveModel the active model before the run; null if none
 * @param activated whether the run made the model active (false: it already was, or staged)
 * @param input the input location
 * @param format the input format read
 * @param tables the tables folder
 * @param startedAt run start (of the successful attempt), ISO-8601 UTC
 * @param encodedAt the encoded_at written
 * @param rowsRead rows in the input
 * @param rejectedRows bad rows (quarantined; a failing run writes no metrics)
 * @param docs the corpus compared with the model's rows
 * @param deletedDocs rows deleted (missing documents, with delete-missing)
 * @param encodedDocs documents encoded (new + changed)
 * @param index how postings and token_stats were brought up to date
 * @param conflictRetries retries after concurrent commits by other jobs
 * @param seconds wall time of the successful attempt
 * @param encodeSeconds wall time of encoding and writing doc_vectors
 * @param indexSeconds wall time of updating postings and token_stats
 * @param path where the JSON was written
 */
public record ReencodeMetrics(
    String modelId,
    String previousActiveModel,
    boolean activated,
    String input,
    String format,
    String tables,
    String startedAt,
    String encodedAt,
    long rowsRead,
    long rejectedRows,
    DocCounts docs,
    long deletedDocs,
    long encodedDocs,
    IndexUpdate index,
    int conflictRetries,
    double seconds,
    double encodeSeconds,
    double indexSeconds,
    String path) {

  public long newDocs() {
    return docs.added();
  }

  public long changedDocs() {
    return docs.changed();
  }

  public long unchangedDocs() {
    return docs.unchanged();
  }

  /** Documents missing from the corpus whose rows were kept (delete-missing off). */
  public long missingKeptDocs() {
    return docs.missing() - deletedDocs;
  }

  /** {@code none}, {@code incremental} or {@code rebuilt}. */
  public String indexSync() {
    return index.mode().toString();
  }

  /** The JSON fields, snake_case, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", modelId);
    m.put("previous_active_model", previousActiveModel);
    m.put("activated", activated);
    m.put("input", input);
    m.put("format", format);
    m.put("tables", tables);
    m.put("started_at", startedAt);
    m.put("encoded_at", encodedAt);
    m.put("rows_read", rowsRead);
    m.put("rejected_rows", rejectedRows);
    m.put("docs_in_corpus", docs.corpus());
    m.put("docs_new", docs.added());
    m.put("docs_changed", docs.changed());
    m.put("docs_unchanged", docs.unchanged());
    m.put("docs_deleted", deletedDocs);
    m.put("docs_missing_kept", missingKeptDocs());
    m.put("docs_encoded", encodedDocs);
    m.put("index_sync", indexSync());
    m.put("index_sync_reason", index.reason());
    m.put("doc_vectors_version", index.version());
    m.put("index_docs", index.docs());
    m.put("postings_inserted", index.postingsInserted());
    m.put("postings_updated", index.postingsUpdated());
    m.put("postings_deleted", index.postingsDeleted());
    m.put("tokens_recomputed", index.tokens());
    m.put("conflict_retries", conflictRetries);
    m.put("seconds", seconds);
    m.put("encode_seconds", encodeSeconds);
    m.put("index_seconds", indexSeconds);
    return m;
  }

  /** Writes {@link #toMap()} as pretty JSON to {@link #path()}. */
  void write(Configuration conf) {
    RunMetricsFile.write(path, toMap(), conf);
  }
}
