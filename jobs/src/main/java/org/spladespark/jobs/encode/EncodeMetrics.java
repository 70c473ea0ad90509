package org.spladespark.jobs.encode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What one encode run did, returned by {@link EncodeCorpusJob#run} and written as JSON to {@code
 * <tables>/_runs/encode-<start>-<model_id>.json} (Spark and Delta ignore {@code _}-folders).
 *
 * @param modelId the model fingerprint
 * @param input the input location
 * @param format the input format read
 * @param tables the tables folder
 * @param startedAt run start, ISO-8601 UTC
 * @param encodedAt the encoded_at written
 * @param rowsRead rows in the input (blank lines excluded)
 * @param rejectedRows bad rows (quarantined; a failing run writes no metrics)
 * @param docs documents encoded
 * @param tokens model input tokens ([CLS]/[SEP] included, after truncation)
 * @param truncatedDocs documents longer than the model reads, encoded truncated
 * @param postings non-zeros written = rows of postings
 * @param postingsFiles files the postings were laid out in
 * @param meanActiveDims postings / docs
 * @param partitions encode tasks
 * @param seconds wall time of the whole run
 * @param validateSeconds wall time from the start (model resolved) to the input read and checked
 * @param encodeSeconds wall time of encoding + writing doc_vectors
 * @param indexSeconds wall time of writing postings and token_stats
 * @param docsPerSecond docs / encodeSeconds
 * @param path where the JSON was written
 */
public record EncodeMetrics(
    String modelId,
    String input,
    String format,
    String tables,
    String startedAt,
    String encodedAt,
    long rowsRead,
    long rejectedRows,
    long docs,
    long tokens,
    long truncatedDocs,
    long postings,
    int postingsFiles,
    double meanActiveDims,
    int partitions,
    double seconds,
    double validateSeconds,
    double encodeSeconds,
    double indexSeconds,
    double docsPerSecond,
    String path) {

  /** The JSON fields, snake_case, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", modelId);
    m.put("input", input);
    m.put("format", format);
    m.put("tables", tables);
    m.put("started_at", startedAt);
    m.put("encoded_at", encodedAt);
    m.put("rows_read", rowsRead);
    m.put("rejected_rows", rejectedRows);
    m.put("docs", docs);
    m.put("tokens", tokens);
    m.put("truncated_docs", truncatedDocs);
    m.put("postings", postings);
    m.put("postings_files", postingsFiles);
    m.put("mean_active_dims", meanActiveDims);
    m.put("partitions", partitions);
    m.put("seconds", seconds);
    m.put("validate_seconds", validateSeconds);
    m.put("encode_seconds", encodeSeconds);
    m.put("index_seconds", indexSeconds);
    m.put("docs_per_second", docsPerSecond);
    return m;
  }

  /** Writes {@link #toMap()} as pretty JSON to {@link #path()}. */
  void write(Configuration conf) {
    RunMetricsFile.write(path, toMap(), conf);
  }
}
