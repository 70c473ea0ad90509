package org.spladespark.jobs.encode;

/**
 * Formats the encode job reads; {@link #AUTO} is decided from the input by {@link CorpusReader}.
 */
public enum InputFormat {
  /** Decide from the path: a Delta log, a BEIR folder, or the files' extension. */
  AUTO,
  /** JSON Lines: one object per line ({@code .jsonl}, {@code .json}, {@code .ndjson}, gzipped). */
  JSONL,
  /** CSV with a header line, one record per line, RFC 4180 quoting ({@code ""} inside quotes). */
  CSV,
  /** Parquet file or folder. */
  PARQUET,
  /** A Delta table: a path, or a catalog name such as {@code catalog.schema.table}. */
  DELTA,
  /** A BEIR dataset folder: {@code corpus.jsonl} with {@code _id}, {@code title}, {@code text}. */
  BEIR;

  @Override
  public String toString() {
    return EnumNames.of(this);
  }
}
