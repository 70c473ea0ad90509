package org.spladespark.jobs.encode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one encode run did, returned by {@link EncodeCorpusJob#run} and written as JSON to {@code
 * <tables>/_runs/encode-<start>-<model_id>.json} (Spark and Delta ignore {@code _}-folders).
 *
 * @param run the run's model, input, tables, times and metrics path
 * @param counts what was read and written
 * @param timings wall times of the phases
 */
public record EncodeMetrics(RunInfo run, Counts counts, RunTimings timings) implements RunMetrics {

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
      int partitions) {

    /** postings / docs. */
    public double meanActiveDims() {
      return docs == 0 ? 0 : (double) postings / docs;
    }

    /** Puts the count fields of the JSON in {@code m}. */
    void putInto(Map<String, Object> m) {
      m.put("rows_read", rowsRead);
      m.put("rejected_rows", rejectedRows);
      m.put("docs", docs);
      m.put("tokens", tokens);
      m.put("truncated_docs", truncatedDocs);
      m.put("postings", postings);
      m.put("postings_files", postingsFiles);
      m.put("mean_active_dims", meanActiveDims());
      m.put("partitions", partitions);
    }
  }

  /** docs / encodeSeconds, rounded to milliseconds. */
  public double docsPerSecond() {
    return timings.docsPerSecond(counts.docs());
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_id", run.modelId());
    run.putSource(m);
    counts.putInto(m);
    timings.putInto(m);
    m.put("docs_per_second", docsPerSecond());
    return m;
  }
}
