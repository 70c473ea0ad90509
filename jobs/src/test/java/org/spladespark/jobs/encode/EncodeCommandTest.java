package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.encode.ModelFingerprint;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.Precision;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.Refusals;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.Pruning;

class EncodeCommandTest {
  private static EncodeCorpusOptions parse(String... args) {
    return Commands.parse(new EncodeCommand(), args);
  }

  private static SpladeException fails(String... args) {
    return assertThrows(SpladeException.class, () -> parse(args));
  }

  @Test
  void defaults() {
    EncodeCorpusOptions o = parse("--input", "docs.jsonl", "--model", "m");
    assertEquals(Path.of("docs.jsonl").toAbsolutePath().toString(), o.input().location());
    assertEquals(InputFormat.AUTO, o.input().format());
    assertEquals("_id", o.input().idCol());
    assertEquals("text", o.input().textCol());
    assertEquals("title", o.input().titleCol());
    assertEquals("m", o.encoder().model());
    assertEquals(EncoderOptions.Device.CPU, o.encoder().device());
    assertEquals(EncoderOptions.cpu().maxBatchTokens(), o.encoder().maxBatchTokens());
    assertEquals(EncoderOptions.cpu().maxBatchSize(), o.encoder().maxBatchSize());
    assertEquals(Pruning.NONE, o.encoder().pruning());
    assertNull(o.encoder().pooledGraph());
    assertEquals(BadRowPolicy.FAIL, o.onBadRows());
    assertEquals(0, o.maxDocWordpieces());
    assertEquals(4096, o.maxDocWordpieces(512));
    assertEquals(Tuning.DEFAULT, o.tuning());
    assertNull(o.encodedAt());
    assertEquals(Path.of("splade-warehouse").toAbsolutePath().normalize().toString(), o.tables());
    assertEquals(o.tables() + "/doc_vectors", o.tablePath("doc_vectors"));
  }

  @Test
  void everyOption() {
    EncodeCorpusOptions o =
        parse(
            "-i",
            "in",
            "--format",
            "CSV",
            "--id-col",
            "id",
            "--text-col",
            "body",
            "--title-col",
            "",
            "-m",
            "model",
            "--graph",
            "g.onnx",
            "--device",
            "cuda",
            "--max-batch-tokens",
            "1000",
            "--max-batch-size",
            "10",
            "--pruning",
            "top_k=64",
            "-o",
            "/tmp/tables/",
            "--on-bad-rows",
            "quarantine",
            "--max-doc-wordpieces",
            "2000",
            "--chunk-size",
            "64",
            "--partitions",
            "7",
            "--postings-file-rows",
            "1000",
            "--progress-seconds",
            "0",
            "--encoded-at",
            "2025-01-31T12:00:00Z");
    assertEquals(InputFormat.CSV, o.input().format());
    assertEquals("id", o.input().idCol());
    assertEquals("body", o.input().textCol());
    assertEquals(false, o.input().hasTitle());
    assertEquals(EncoderOptions.Device.CUDA, o.encoder().device());
    assertEquals(1000, o.encoder().maxBatchTokens());
    assertEquals(10, o.encoder().maxBatchSize());
    assertEquals(Pruning.topK(64), o.encoder().pruning());
    assertEquals(
        Path.of("g.onnx").toAbsolutePath().normalize().toString(), o.encoder().pooledGraph());
    assertEquals("/tmp/tables", o.tables());
    assertEquals(BadRowPolicy.QUARANTINE, o.onBadRows());
    assertEquals(2000, o.maxDocWordpieces(512));
    assertEquals(new Tuning(64, 7, 1000, 0), o.tuning());
    assertEquals(Instant.parse("2025-01-31T12:00:00Z"), o.encodedAt());
  }

  @Test
  void existingLocalInputsBecomeAbsoluteTableNamesStay() {
    assertEquals(
        Path.of("pom.xml").toAbsolutePath().normalize().toString(),
        parse("-i", "pom.xml", "-m", "m").input().location());
    assertEquals(
        "main.default.docs", parse("-i", "main.default.docs", "-m", "m").input().location());
  }

  @Test
  void precisionIsSelectableAndGivesItsOwnGraphAndModelId() {
    assertEquals(Precision.FP32, parse("-i", "x", "-m", "m").encoder().precision());
    String model = Fixtures.tinyModel().toString();
    EncoderSpec fp16 = parse("-i", "x", "-m", model, "--precision", "fp16").encoder();
    assertEquals(Precision.FP16, fp16.precision());
    assertTrue(fails("-i", "x", "-m", "m", "--precision", "int8").getMessage().contains("int8"));
    ModelBundle b = ModelBundle.load(Path.of(model));
    Path half = ExecutorEncoders.pooledGraph(b, fp16);
    Path full = ExecutorEncoders.pooledGraph(b, fp16.withPrecision(Precision.FP32));
    assertNotEquals(full, half);
    assertNotEquals(ModelFingerprint.of(b, full), ModelFingerprint.of(b, half));
  }

  @Test
  void cudaHasGpuBatchDefaults() {
    EncodeCorpusOptions o = parse("-i", "x", "-m", "m", "--device", "cuda");
    assertEquals(EncoderOptions.cuda(0).maxBatchTokens(), o.encoder().maxBatchTokens());
    assertEquals(EncoderOptions.cuda(0).maxBatchSize(), o.encoder().maxBatchSize());
  }

  /** Rows: args | the exact subject | a fragment of the problem ("-": not checked). */
  @TestFactory
  Stream<DynamicTest> refuses() {
    return Refusals.of(
        EncodeCommandTest::parse,
        """
        --model m                                          | --input              | -
        --input x                                          | --model              | -
        -i x -m m --format xml                             | --format             | unknown format 'xml'
        -i x -m m --device tpu                             | --device             | 'tpu'
        -i x -m m --pruning top_k=-3                       | --pruning            | -
        -i x -m m --pruning topk=3                         | -                    | unknown pruning key
        -i x -m m --on-bad-rows skip                       | --on-bad-rows        | fail or quarantine
        -i x -m m --chunk-size 0                           | -                    | --chunk-size must be >= 1
        -i x -m m --chunk-size many                        | -                    | many
        -i x -m m --partitions -1                          | -                    | --partitions
        -i x -m m --progress-seconds -5                    | -                    | --progress-seconds
        -i x -m m --postings-file-rows 0                   | -                    | --postings-file-rows
        -i x -m m --max-doc-wordpieces -1                  | --max-doc-wordpieces | -
        -i x -m m --id-col t --text-col t                  | -                    | both 't'
        -i x -m m --encoded-at yesterday                   | --encoded-at         | ISO-8601
        """);
  }

  @Test
  void badBatchSettings() {
    SpladeException e = fails("-i", "x", "-m", "m", "--max-batch-size", "0");
    assertTrue(e.subject().contains("--max-batch-size"), e.getMessage());
  }

  @Test
  void registeredAsSplade_encode() {
    assertTrue(SpladeCli.commandLine().getSubcommands().containsKey("encode"));
  }
}
