package org.spladespark.jobs.reencode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.CheckedCorpus;
import org.spladespark.jobs.encode.DocVectorEncoding;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.spark.Commands;

/**
 * Brings an index up to date with its corpus and model, encoding only what changed: for a schedule
 * (nightly, hourly), and for switching models.
 *
 * <ol>
 *   <li>Resolve the model on the driver; read and check the corpus as {@code splade encode} does
 *       ({@link CheckedCorpus}: fail on bad rows or quarantine them).
 *   <li>Compare the corpus with the model's {@code doc_vectors} rows by {@code doc_id}, {@code
 *       text_sha256} and {@code pruning} ({@link CorpusDiff}): new, changed, unchanged, missing. A
 *       model the index does not hold yet has no rows, so every document is new.
 *   <li>Refuse, before encoding, to delete more than {@code --max-delete-fraction} of the model's
 *       documents ({@link ReencodeOptions}).
 *   <li>Encode the new and changed documents on the executors ({@link DocVectorEncoding}) and write
 *       them and the deletions to {@code doc_vectors} in one transaction (a MERGE; for a model new
 *       to the index, a plain write of its rows).
 *   <li>Update the model's {@code postings} and {@code token_stats} from the change data feed of
 *       {@code doc_vectors} ({@link IndexSync}): one transaction per table.
 *   <li>Publish: the model's {@code models} row records the {@code doc_vectors}, {@code postings}
 *       and {@code token_stats} versions now written and (by default) makes it the active one — one
 *       transaction ({@link IndexCommits#publish}). Readers read those versions.
 * </ol>
 *
 * <h2>Model switch</h2>
 *
 * A run with another model writes that model's rows beside the current ones (all tables carry
 * {@code model_id}); readers keep using the active model until the final {@code models} commit
 * flips it. {@code --no-activate} stages the model without flipping. See {@link ModelRegistry} for
 * rollback.
 *
 * <h2>Crash safety</h2>
 *
 * Readers read each table at the version the model's {@code models} row publishes, so a run killed
 * at any point before the publish commit changes nothing they see ({@link IndexCommits}). The next
 * run continues from the committed tables: its diff compares against the latest {@code
 * doc_vectors}, and {@link IndexSync} applies every change since the published marker, whichever
 * run made it; its updates are idempotent. Encoding is deterministic ({@link DocVectorEncoding}),
 * so a rerun after a crash gives the tables a clean run gives.
 *
 * <h2>Concurrency</h2>
 *
 * A commit of another job between this run's start and one of its writes (Delta's optimistic
 * concurrency, or {@link IndexCommits}' check that each write is the table's next commit) means the
 * run's diff or sync is stale: the run is retried from the start, up to {@code --conflict-retries}
 * times with exponential backoff, printing one line per retry; the retry compares against the
 * committed state, so it redoes only what is still missing. When retries run out it fails saying
 * the index changed under it and to rerun; nothing of it was published. {@link #run} may be called
 * from several threads of one session at once.
 *
 * <h2>Rollback</h2>
 *
 * After {@code splade models rollback} away from this model, a run without {@code --activate} or
 * {@code --no-activate} refuses to make it active again (a scheduled re-encode must not undo a
 * rollback).
 */
public final class ReencodeJob {
  private ReencodeJob() {}

  /**
   * Runs the job, retrying it when another job's commit conflicts with one of its own.
   *
   * @param console where phase and progress lines go
   * @throws SpladeException for bad input (fail mode), a bad model or tables, too many deletions,
   *     conflicts beyond the retries, or a task that failed with a SpladeException
   */
  public static ReencodeMetrics run(
      SparkSession spark, ReencodeOptions options, PrintStream console) {
    for (int attempt = 0; ; attempt++) {
      try {
        return new ReencodeRun(spark, options, console, attempt).execute();
      } catch (IndexCommits.IndexChanged c) {
        if (attempt >= options.conflictRetries()) {
          throw c.failure("splade reencode", attempt + 1);
        }
        long wait = backoffMillis(options.retryBackoff(), attempt);
        console.print(c.retrying(wait, attempt + 1, options.conflictRetries()));
        sleep(wait);
      } catch (RuntimeException e) {
        throw Commands.unwrapped(e);
      }
    }
  }

  /** {@code base × 2^attempt}, plus up to 50% random jitter. */
  static long backoffMillis(Duration base, int attempt) {
    long b = base.toMillis() << Math.min(attempt, 20);
    return b + (long) (b * 0.5 * ThreadLocalRandom.current().nextDouble());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  /** spark-submit entry point: the {@code splade reencode} options. */
  public static void main(String[] args) {
    SpladeCli.main("reencode", args);
  }
}
