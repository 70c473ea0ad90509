package org.spladespark.jobs.encode;

import java.io.Serializable;
import java.time.Instant;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.errors.SpladeException;

/**
 * Everything one run of {@link EncodeCorpusJob} needs, validated; built by {@link EncodeCommand}
 * from the command line or by code through {@link #builder()}.
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

  /** A builder with the defaults: fail on bad rows, 8 × max_seq_length, default tuning. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return builder()
        .input(input)
        .encoder(encoder)
        .tables(tables)
        .onBadRows(onBadRows)
        .maxDocWordpieces(maxDocWordpieces)
        .tuning(tuning)
        .encodedAt(encodedAt);
  }

  /** The path of one table under {@link #tables()}. */
  public String tablePath(String table) {
    return tables + "/" + table;
  }

  /** The bad-row threshold for a model reading {@code maxSeqLength} tokens. */
  public int maxDocWordpieces(int maxSeqLength) {
    return maxDocWordpieces > 0 ? maxDocWordpieces : DEFAULT_MAX_DOC_FACTOR * maxSeqLength;
  }

  /** Builder of {@link EncodeCorpusOptions}; the input, encoder and tables have no default. */
  public static final class Builder {
    private CorpusInput input;
    private EncoderSpec encoder;
    private String tables;
    private BadRowPolicy onBadRows = BadRowPolicy.FAIL;
    private int maxDocWordpieces;
    private Tuning tuning = Tuning.DEFAULT;
    private Instant encodedAt;

    private Builder() {}

    /** The validated options; a {@link SpladeException} naming the bad option. */
    public EncodeCorpusOptions build() {
      return new EncodeCorpusOptions(
          input, encoder, tables, onBadRows, maxDocWordpieces, tuning, encodedAt);
    }

    public Builder input(CorpusInput v) {
      input = v;
      return this;
    }

    public Builder encoder(EncoderSpec v) {
      encoder = v;
      return this;
    }

    public Builder tables(String v) {
      tables = v;
      return this;
    }

    public Builder onBadRows(BadRowPolicy v) {
      onBadRows = v;
      return this;
    }

    public Builder maxDocWordpieces(int v) {
      maxDocWordpieces = v;
      return this;
    }

    public Builder tuning(Tuning v) {
      tuning = v;
      return this;
    }

    public Builder encodedAt(Instant v) {
      encodedAt = v;
      return this;
    }
  }
}
