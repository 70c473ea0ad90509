package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.BadRowPolicy;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.Refusals;
import picocli.CommandLine;

class ReencodeCommandTest {
  private static ReencodeOptions parse(String... args) {
    return Commands.parse(new ReencodeCommand(), args);
  }

  private static final String[] REQUIRED = {"--input", "docs.jsonl", "--model", "m", "-o", "/t"};

  private static String[] with(String... more) {
    String[] all = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
    System.arraycopy(more, 0, all, REQUIRED.length, more.length);
    return all;
  }

  @Test
  void defaults() {
    ReencodeOptions o = parse(REQUIRED);
    assertTrue(o.deleteMissing());
    assertEquals(0.25, o.maxDeleteFraction());
    assertTrue(o.activate());
    assertEquals(3, o.conflictRetries());
    assertEquals(Duration.ofSeconds(2), o.retryBackoff());
    assertEquals(
        java.nio.file.Path.of("docs.jsonl").toAbsolutePath().toString(),
        o.encode().input().location());
    assertEquals("m", o.encode().encoder().model());
    assertEquals("/t", o.encode().tables());
    assertEquals(ReencodeOptions.builder().encode(o.encode()).build(), o);
  }

  @Test
  void precisionApplies() {
    assertEquals(
        org.spladespark.graph.Precision.FP16,
        parse(with("--precision", "fp16")).encode().encoder().precision());
    assertEquals(
        org.spladespark.graph.Precision.FP32, parse(REQUIRED).encode().encoder().precision());
  }

  @Test
  void encodeOptionsApply() {
    ReencodeOptions o =
        parse(
            with(
                "--on-bad-rows",
                "quarantine",
                "--chunk-size",
                "32",
                "--encoded-at",
                "2025-01-31T12:00:00Z",
                "--max-batch-size",
                "1"));
    EncodeCorpusOptions e = o.encode();
    assertEquals(BadRowPolicy.QUARANTINE, e.onBadRows());
    assertEquals(32, e.tuning().chunkSize());
    assertEquals(Instant.parse("2025-01-31T12:00:00Z"), e.encodedAt());
    assertEquals(1, e.encoder().maxBatchSize());
  }

  @Test
  void ownOptions() {
    ReencodeOptions o =
        parse(
            with(
                "--no-delete-missing",
                "--max-delete-fraction",
                "1",
                "--no-activate",
                "--conflict-retries",
                "0",
                "--retry-backoff-ms",
                "150"));
    assertFalse(o.deleteMissing());
    assertEquals(1.0, o.maxDeleteFraction());
    assertFalse(o.activate());
    assertEquals(0, o.conflictRetries());
    assertEquals(Duration.ofMillis(150), o.retryBackoff());
  }

  @Test
  void positiveFormsOfNegatableOptionsKeepThemOn() {
    ReencodeOptions o = parse(with("--delete-missing", "--activate"));
    assertTrue(o.deleteMissing());
    assertTrue(o.activate());
  }

  /** Rows: args | the exact subject | a fragment of the problem ("-": not checked). */
  @TestFactory
  Stream<DynamicTest> refuses() {
    return Refusals.of(
        ReencodeCommandTest::parse,
        """
        --input docs.jsonl --model m -o /t --max-delete-fraction 1.5  | --max-delete-fraction | must be between 0 and 1, got 1.5
        --input docs.jsonl --model m -o /t --max-delete-fraction -0.1 | --max-delete-fraction | must be between 0 and 1
        --input docs.jsonl --model m -o /t --max-delete-fraction lots | -                     | lots
        --input docs.jsonl --model m -o /t --conflict-retries -1      | --conflict-retries    | must be between 0 and 20, got -1
        --input docs.jsonl --model m -o /t --conflict-retries 21      | -                     | got 21
        --input docs.jsonl --model m -o /t --retry-backoff-ms -5      | --retry-backoff-ms    | must be >= 0
        --model m                                                     | --input               | -
        --input docs.jsonl --model m -o /t --chunk-size 0             | -                     | --chunk-size must be >= 1
        """);
  }

  @Test
  void registeredWithHelpListingOwnAndEncodeOptions() {
    CommandLine cl = SpladeCli.commandLine();
    assertTrue(cl.getSubcommands().containsKey("reencode"));
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("reencode", "--help"));
    String help = out.toString();
    assertTrue(help.contains("--[no-]delete-missing"), help);
    assertTrue(help.contains("--max-delete-fraction"), help);
    assertTrue(help.contains("--[no-]activate"), help);
    assertTrue(help.contains("--on-bad-rows"), help);
    assertTrue(help.contains("Brings an index up to date"), help);
  }

  @Test
  void backoffDoublesWithJitterBelowHalf() {
    for (int attempt = 0; attempt < 4; attempt++) {
      long base = 100L << attempt;
      long b = ReencodeJob.backoffMillis(Duration.ofMillis(100), attempt);
      assertTrue(b >= base && b <= base + base / 2, attempt + ": " + b);
    }
  }
}
