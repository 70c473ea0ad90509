package org.spladespark.jobs.encode;

import java.io.Serializable;
import java.time.Instant;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;

/**
 * Everything one run of {@link EncodeCorpusJob} needs, validated; built by {@link EncodeCommand}
 * from the command line or directly by code.
 *
 * @param input the documents
 * @param encoder the model and how to run it
 * @param tables folder (any Hadoop file system) holding the Delta tables {@code doc_vectors},
 *     {@code postings}, {@code token_stats}, {@code rejected_rows} and the {@code _runs/} metrics
 * @param onBadRows fail fast (default) or quarantine bad rows
 * @param maxDocWordpieces a document with more wordpieces (special tokens excluded) is a bad row:
 *     the model reads only its first {@code max_seq_length - 2}; 0 = 8 × max_seq_length. Documents
 *     between the two are encoded truncated, as the reference does, and counted in the metrics
 * @param tuning performance settings
 * @param encodedAt the {@code encoded_at} of every row written; null = the run's start time
 */
public record EncodeCorpusOptions(
    CorpusInput input,
    EncoderSpec encoder,
    String tables,
    BadRowPolicy onBadRows,
    int maxDocWordpieces,
    Tuning tuning,
    Instant encodedAt)
    implements Serializable {

  /** Multiple of the model's max_seq_length above which a document is a bad row by default. */
  public static final int DEFAULT_MAX_DOC_FACTOR = 8;

  public EncodeCorpusOptions {
    if (input == null || encoder == null || onBadRows == null || tuning == null) {
      throw SpladeException.of(
          "encode options",
          "input, encoder, bad-row policy and tuning must be set",
          "pass all four");
    }
    if (tables == null || tables.isBlank()) {
      throw SpladeException.of("--output", "is empty", "pass the folder of the tables");
    }
    if (maxDocWordpieces < 0) {
      throw SpladeException.of(
          "--max-doc-wordpieces",
          "must be >= 0 (0 = 8 x max_seq_length), got " + maxDocWordpieces,
          "pass 0 or a positive number of wordpieces");
    }
    while (tables.length() > 1 && tables.endsWith("/")) {
      tables = tables.substring(0, tables.length() - 1);
    }
  }

  /** Defaults for everything but the input, the model and the tables folder. */
  public static EncodeCorpusOptions of(CorpusInput input, EncoderSpec encoder, String tables) {
    return new EncodeCorpusOptions(
        input, encoder, tables, BadRowPolicy.FAIL, 0, Tuning.DEFAULT, null);
  }

  /** The path of one table under {@link #tables()}. */
  public String tablePath(String table) {
    return tables + "/" + table;
  }

  /** The bad-row threshold for a model reading {@code maxSeqLength} tokens. */
  public int maxDocWordpieces(int maxSeqLength) {
    return maxDocWordpieces > 0 ? maxDocWordpieces : DEFAULT_MAX_DOC_FACTOR * maxSeqLength;
  }

  public EncodeCorpusOptions withOnBadRows(BadRowPolicy p) {
    return new EncodeCorpusOptions(input, encoder, tables, p, maxDocWordpieces, tuning, encodedAt);
  }

  public EncodeCorpusOptions withMaxDocWordpieces(int n) {
    return new EncodeCorpusOptions(input, encoder, tables, onBadRows, n, tuning, encodedAt);
  }

  public EncodeCorpusOptions withTuning(Tuning t) {
    return new EncodeCorpusOptions(
        input, encoder, tables, onBadRows, maxDocWordpieces, t, encodedAt);
  }

  public EncodeCorpusOptions withEncodedAt(Instant at) {
    return new EncodeCorpusOptions(input, encoder, tables, onBadRows, maxDocWordpieces, tuning, at);
  }

  public EncodeCorpusOptions withTables(String folder) {
    return new EncodeCorpusOptions(
        input, encoder, folder, onBadRows, maxDocWordpieces, tuning, encodedAt);
  }
}
