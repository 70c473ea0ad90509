package org.spladespark.jobs.reencode;

import java.io.Serializable;
import java.time.Duration;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.EncodeCorpusOptions;

/**
 * Everything one run of {@link ReencodeJob} needs, validated; built by {@link ReencodeCommand} from
 * the command line or by code through {@link #builder()}.
 *
 * <h2>Why missing documents are deleted by default</h2>
 *
 * A re-encode makes the index equal what a full encode of the current corpus would give: a document
 * removed from the corpus (retracted, deleted, now a bad row) must stop being returned by search,
 * so its vectors and postings are deleted ({@code deleteMissing}). The risk is an incomplete input
 * (one shard of the corpus, a truncated export) deleting most of the index; {@code
 * maxDeleteFraction} refuses, before anything is encoded or written, a run that would delete more
 * than that fraction of the model's documents. Pass 1 for an intended mass deletion, or turn
 * deletion off ({@code --no-delete-missing}) to keep vectors of documents the input lacks (e.g.
 * when feeding only new or changed documents).
 *
 * @param encode input, model, tables folder, bad-row policy, tuning and {@code encoded_at}, as for
 *     {@code splade encode}
 * @param deleteMissing delete the model's rows of documents not in the corpus (default true)
 * @param maxDeleteFraction refuse to delete more than this fraction of the model's documents (0..1,
 *     default {@value #DEFAULT_MAX_DELETE_FRACTION})
 * @param activation make the model the active one when the run completes (true), or stage it
 *     (false): its rows are written and it is registered, readers keep the current model until
 *     {@code splade models activate}; null (the default) activates it unless the index was rolled
 *     back away from it, which needs an explicit {@code --activate}
 * @param conflictRetries how often the run is retried when another job committed to the same tables
 *     meanwhile (Delta's optimistic concurrency), before failing with a message saying to rerun
 * @param retryBackoff wait before the first retry, doubled for each further one (plus up to 50%
 *     random jitter, so competing jobs do not retry in lockstep)
 */
public record ReencodeOptions(
    EncodeCorpusOptions encode,
    boolean deleteMissing,
    double maxDeleteFraction,
    Boolean activation,
    int conflictRetries,
    Duration retryBackoff)
    implements Serializable {

  public static final double DEFAULT_MAX_DELETE_FRACTION = 0.25;
  public static final int DEFAULT_CONFLICT_RETRIES = 3;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(2);

  /** Most retries accepted: a run is re-done from the start on each. */
  public static final int MAX_CONFLICT_RETRIES = 20;

  public ReencodeOptions {
    if (encode == null || retryBackoff == null) {
      throw SpladeException.of(
          "reencode options", "the encode options and the retry backoff must be set", "pass both");
    }
    if (!(maxDeleteFraction >= 0 && maxDeleteFraction <= 1)) {
      throw SpladeException.of(
          "--max-delete-fraction",
          "must be between 0 and 1, got " + maxDeleteFraction,
          "pass a fraction of the model's documents, e.g. 0.25 (1 allows any deletion)");
    }
    if (conflictRetries < 0 || conflictRetries > MAX_CONFLICT_RETRIES) {
      throw SpladeException.of(
          "--conflict-retries",
          "must be between 0 and " + MAX_CONFLICT_RETRIES + ", got " + conflictRetries,
          "pass a smaller number of retries");
    }
    if (retryBackoff.isNegative()) {
      throw SpladeException.of(
          "--retry-backoff-ms", "must be >= 0, got " + retryBackoff, "pass 0 or more");
    }
  }

  /**
   * A builder with the defaults: delete missing documents (at most 25%), activate, 3 retries from 2
   * s.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return builder()
        .encode(encode)
        .deleteMissing(deleteMissing)
        .maxDeleteFraction(maxDeleteFraction)
        .activation(activation)
        .conflictRetries(conflictRetries)
        .retryBackoff(retryBackoff);
  }

  /** Whether the run activates the model (unless a rollback is in effect, when not explicit). */
  public boolean activate() {
    return activation == null || activation;
  }

  /** Whether activation was asked for explicitly ({@code --activate} / {@code --no-activate}). */
  public boolean activationExplicit() {
    return activation != null;
  }

  /** Builder of {@link ReencodeOptions}; the encode options have no default. */
  public static final class Builder {
    private EncodeCorpusOptions encode;
    private boolean deleteMissing = true;
    private double maxDeleteFraction = DEFAULT_MAX_DELETE_FRACTION;
    private Boolean activation;
    private int conflictRetries = DEFAULT_CONFLICT_RETRIES;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

    private Builder() {}

    /** The validated options; a {@link SpladeException} naming the bad option. */
    public ReencodeOptions build() {
      return new ReencodeOptions(
          encode, deleteMissing, maxDeleteFraction, activation, conflictRetries, retryBackoff);
    }

    public Builder encode(EncodeCorpusOptions v) {
      encode = v;
      return this;
    }

    public Builder deleteMissing(boolean v) {
      deleteMissing = v;
      return this;
    }

    public Builder maxDeleteFraction(double v) {
      maxDeleteFraction = v;
      return this;
    }

    /** True activates, false stages; null activates unless a rollback is in effect. */
    public Builder activation(Boolean v) {
      activation = v;
      return this;
    }

    public Builder conflictRetries(int v) {
      conflictRetries = v;
      return this;
    }

    public Builder retryBackoff(Duration v) {
      retryBackoff = v;
      return this;
    }
  }
}
