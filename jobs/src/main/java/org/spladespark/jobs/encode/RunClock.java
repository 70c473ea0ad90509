package org.spladespark.jobs.encode;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The scaffold one encode or re-encode run shares: its start, its {@code encoded_at}, its run id
 * and metrics file, elapsed seconds (rounded to milliseconds) and the progress lines of its encode
 * phase.
 *
 * <p>{@code encoded_at} is the run's start truncated to microseconds (Delta timestamps), or the
 * pinned instant ({@code --encoded-at}), the same for every row of the run. Not thread-safe; one
 * per run attempt.
 */
public final class RunClock {
  private static final DateTimeFormatter RUN_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Instant started = Instant.now();
  private final long t0 = System.nanoTime();
  private final Timestamp encodedAt;

  /** Starts the clock; {@code pinned} is the {@code encoded_at} to write, or null for the start. */
  public RunClock(Instant pinned) {
    this.encodedAt =
        Timestamp.from(pinned != null ? pinned : started.truncatedTo(ChronoUnit.MICROS));
  }

  public Instant started() {
    return started;
  }

  /** The {@code encoded_at} of every row the run writes. */
  public Timestamp encodedAt() {
    return encodedAt;
  }

  /** Seconds since the start, rounded to milliseconds. */
  public double seconds() {
    return since(t0);
  }

  /** Seconds since {@code nanoTime}, rounded to milliseconds. */
  public static double since(long nanoTime) {
    return round((System.nanoTime() - nanoTime) / 1e9);
  }

  /** {@code <verb>-<start, UTC, ms>-<model id>}: unique per run and model. */
  public String runId(String verb, String modelId) {
    return verb + "-" + RUN_NAME.format(started) + "-" + modelId;
  }

  /** Where the run's metrics go: {@code <folder>/_runs/<run id>.json}. */
  public String metricsPath(String folder, String verb, String modelId) {
    return folder + "/_runs/" + runId(verb, modelId) + ".json";
  }

  /** The metrics header of this run of {@code verb} on {@code corpus}, into {@code folder}. */
  public RunInfo info(String verb, String modelId, CheckedCorpus corpus, String folder) {
    return info(verb, modelId, corpus.input().location(), corpus.format().toString(), folder);
  }

  /** The metrics header of this run of {@code verb} ({@code encode}, {@code reencode}). */
  private RunInfo info(String verb, String modelId, String input, String format, String folder) {
    return new RunInfo(
        modelId,
        input,
        format,
        folder,
        started.toString(),
        encodedAt.toInstant().toString(),
        metricsPath(folder, verb, modelId));
  }

  /** The wall clock now, truncated to microseconds (what Delta stores). */
  public static Timestamp now() {
    return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  public static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  /**
   * Runs {@code work} (which encodes {@code docs} documents, counted by {@code progress}) with
   * progress lines every {@link Tuning#progressSeconds()} (none when 0) and a final line.
   */
  public static <T> T encoding(
      SparkContext sc,
      LongAccumulator progress,
      long docs,
      Tuning tuning,
      PrintStream console,
      Supplier<T> work) {
    long e0 = System.nanoTime();
    T out;
    try (EncodeProgress shown =
        EncodeProgress.start(sc, progress, docs, tuning.progressSeconds(), console, "encode")) {
      out = work.get();
    }
    if (docs > 0 && tuning.progressSeconds() > 0) {
      console.println(EncodeProgress.line(docs, docs, (System.nanoTime() - e0) / 1e9));
    }
    return out;
  }
}
