package org.spladespark.jobs.reencode;

import java.io.Serializable;
import java.time.Duration;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.EncodeCorpusOptions;

/**
 * Everything one run of {@link ReencodeJob} needs, validated; built by {@link ReencodeCommand} from
 * the command line or directly by code.
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
 * @param activate make the model the active one when the run completes (default true); false stages
 *     it: its rows are written and it is registered, readers keep the current model until {@code
 *     splade models activate}
 * @param conflictRetries how often the run is retried when another job committed to the same tables
 *     meanwhile (Delta's optimistic concurrency), before failing with a message saying to rerun
 * @param retryBackoff wait before the first retry, doubled for each further one (plus up to 50%
 *     random jitter, so competing jobs do not retry in lockstep)
 */
public record ReencodeOptions(
    EncodeCorpusOptions encode,
    boolean deleteMissing,
    double maxDeleteFraction,
    boolean activate,
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

  /** The defaults: delete missing documents (at most 25%), activate, 3 retries from 2 s. */
  public static ReencodeOptions of(EncodeCorpusOptions encode) {
    return new ReencodeOptions(
        encode,
        true,
        DEFAULT_MAX_DELETE_FRACTION,
        true,
        DEFAULT_CONFLICT_RETRIES,
        DEFAULT_RETRY_BACKOFF);
  }

  public ReencodeOptions withEncode(EncodeCorpusOptions e) {
    return new ReencodeOptions(
        e, deleteMissing, maxDeleteFraction, activate, conflictRetries, retryBackoff);
  }

  public ReencodeOptions withDeleteMissing(boolean b) {
    return new ReencodeOptions(
        encode, b, maxDeleteFraction, activate, conflictRetries, retryBackoff);
  }

  public ReencodeOptions withMaxDeleteFraction(double f) {
    return new ReencodeOptions(encode, deleteMissing, f, activate, conflictRetries, retryBackoff);
  }

  public ReencodeOptions withActivate(boolean b) {
    return new ReencodeOptions(
        encode, deleteMissing, maxDeleteFraction, b, conflictRetries, retryBackoff);
  }

  public ReencodeOptions withConflictRetries(int n, Duration backoff) {
    return new ReencodeOptions(encode, deleteMissing, maxDeleteFraction, activate, n, backoff);
  }
}
