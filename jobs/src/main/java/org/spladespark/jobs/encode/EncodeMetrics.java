package org.spladespark.jobs.encode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What one encode run did, returned by {@link EncodeCorpusJob#run} and written as JSON to {@code
 * <tables>/_runs/encode-<start>-<model_id>.json} (Spark and Delta ignore {@code _}-folders).
 *
 * @param run the run's model, input, tables, times and metrics path
 * @param counts what was read and written
 * @param timings wall times
 */
public record EncodeMetrics(RunInfo run, Counts counts, Timings timings) {

  /**
   * @param rowsRead rows in the input (blank lines excluded)
   * @param rejectedRows bad rows (quarantined; a failing run writes no metrics)
   * @param docs documents encoded
   * @param tokens model input tokens ([CLS]/[SEP] included, after truncation)
   * @param truncatedDocs documents longer than the model reads, encoded truncated
   * @param postings non-zeros written = rows of postings
   * @param postingsFiles files the postings were laid out in
   * @param partitions encode tasks
   */
  public record Counts(
      long rowsRead,
      long rejectedRows,
      long docs,
      long tokens,
      long truncatedDocs,
      long postings,
      int postingsFiles,
      int partitions) {}

  /**
   * @param seconds wall time of the whole run
   * @param validateSeconds from the start (model resolved) to the input read and checked
   * @param encodeSeconds encoding + writing doc_vectors
   * @param indexSeconds writing postings and token_stats, and publishing
   */
  public record Timings(
      double seconds, double validateSeconds, double encodeSeconds, double indexSeconds) {}

  public String modelId() {
    return run.modelId();
  }

  public String path() {
    return run.path();
  }

  public long rowsRead() {
    return counts.rowsRead();
  }

  public long rejectedRows() {
    return counts.rejectedRows();
  }

  public long docs() {
    return counts.docs();
  }

  public long postings() {
    return counts.postings();
  }

  public int postingsFiles() {
    return counts.postingsFiles();
  }

  public int partitions() {
    return counts.partitions();
  }

  public double seconds() {
    return timings.seconds();
  }

  /** postings / docs. */
  public double meanActiveDims() {
    return counts.docs() == 0 ? 0 : (double) counts.postings() / counts.docs();
  }

  /** docs / encodeSeconds, rounded to milliseconds. */
  public double docsPerSecond() {
    return timings.encodeSeconds() > 0
        ? RunClock.round(counts.docs() / timings.encodeSeconds())
        : 0;
  }

  /** The JSON fields, snake_case, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", run.modelId());
    run.putSource(m);
    m.put("rows_read", counts.rowsRead());
    m.put("rejected_rows", counts.rejectedRows());
    m.put("docs", counts.docs());
    m.put("tokens", counts.tokens());
    m.put("truncated_docs", counts.truncatedDocs());
    m.put("postings", counts.postings());
    m.put("postings_files", counts.postingsFiles());
    m.put("mean_active_dims", meanActiveDims());
    m.put("partitions", counts.partitions());
    m.put("seconds", timings.seconds());
    m.put("validate_seconds", timings.validateSeconds());
    m.put("encode_seconds", timings.encodeSeconds());
    m.put("index_seconds", timings.indexSeconds());
    m.put("docs_per_second", docsPerSecond());
    return m;
  }

  /** Writes {@link #toMap()} as pretty JSON to {@link #path()}. */
  void write(Configuration conf) {
    RunMetricsFile.write(run.path(), toMap(), conf);
  }
}
