package org.spladespark.jobs.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.Refusals;

/** {@code splade stats} command lines into {@link SparsityStatsOptions}, and their checks. */
class StatsCommandTest {
  private static SparsityStatsOptions parse(String... args) {
    return Commands.parse(new StatsCommand(), args);
  }

  @Test
  void defaults() {
    SparsityStatsOptions o = parse("--index", "idx");
    String idx = abs("idx");
    assertEquals(idx + "/doc_vectors", o.docVectorsPath());
    assertEquals(idx + "/stats", o.outDir());
    assertEquals(PruningGrid.DEFAULT, o.grid());
    assertNull(o.corpus());
    assertEquals(50, o.topTokens());
    assertEquals(16, o.histWidth());
    assertEquals(10, o.driftTopK());
    assertNull(o.groupBy());
    assertNull(o.model());
  }

  @Test
  void parsesEveryOption() {
    SparsityStatsOptions o =
        parse(
            "--index",
            "i",
            "--doc-vectors",
            "dv",
            "--out",
            "o",
            "--corpus",
            "c",
            "--format",
            "jsonl",
            "--id-col",
            "doc_id",
            "--group-by",
            "source",
            "--text-col",
            "body",
            "--title-col",
            "",
            "--model",
            "m",
            "--model-id",
            "a",
            "--compare-model-id",
            "b",
            "--compare-index",
            "ci",
            "--top-tokens",
            "3",
            "--hist-width",
            "2",
            "--top-k-grid",
            "4",
            "--max-ratio-grid",
            "0.5",
            "--drift-top-k",
            "7");
    assertEquals(abs("dv"), o.docVectorsPath());
    assertEquals(abs("o"), o.outDir());
    assertEquals(new CorpusInput(abs("c"), InputFormat.JSONL, "doc_id", "body", ""), o.corpus());
    assertEquals("source", o.groupBy());
    assertEquals(Path.of("m"), o.model());
    assertEquals("a", o.modelId());
    assertEquals("b", o.compareModelId());
    assertEquals(abs("ci"), o.compareIndex());
    assertEquals(3, o.topTokens());
    assertEquals(2, o.histWidth());
    assertEquals(new PruningGrid(List.of(4), List.of(0.5f)), o.grid());
    assertEquals(7, o.driftTopK());
  }

  @Test
  void indexIsRequired() {
    SpladeException e = Refusals.assertRefused(StatsCommandTest::parse, "--out o", "--index", null);
    assertEquals("is not given", e.problem());
  }

  @Test
  void nonPositiveHistogramWidthIsRejected() {
    SpladeException e =
        assertThrows(SpladeException.class, () -> parse("--index", "i", "--hist-width", "0"));
    assertEquals(
        "--hist-width/--top-tokens/--drift-top-k: must be > 0, got 0/50/10. Fix: pass positive"
            + " values",
        e.getMessage());
  }

  @Test
  void corpusTakesEncodesOptionsAndDefaults() {
    SparsityStatsOptions o = parse("--index", "i", "--corpus", "corpus.jsonl");
    assertEquals(
        new CorpusInput(abs("corpus.jsonl"), InputFormat.AUTO, "_id", "text", "title"), o.corpus());
    assertEquals(
        "main.db.docs", parse("--index", "i", "--corpus", "main.db.docs").corpus().location());
  }

  @Test
  void unsupportedCorpusFormatIsRejected() {
    Refusals.assertRefused(
        StatsCommandTest::parse,
        "--index i --corpus c --format xml",
        "--format",
        "unknown format 'xml'");
  }

  @Test
  void groupByNeedsTheCorpus() {
    Refusals.assertRefused(
        StatsCommandTest::parse, "--index i --group-by s", "--group-by s", "needs the corpus");
  }

  private static String abs(String p) {
    return Path.of(p).toAbsolutePath().normalize().toString();
  }

  @Test
  void malformedGridIsRejected() {
    SpladeException e =
        assertThrows(SpladeException.class, () -> parse("--index", "i", "--top-k-grid", "8,x"));
    assertEquals("--top-k-grid/--max-ratio-grid", e.subject());
    assertTrue(
        e.problem().startsWith("'8,x'/'0.01,0.05,0.1,0.2,0.3,0.5' is not a grid"), e.problem());
  }

  @Test
  void zeroInTheGridIsRejected() {
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> parse("--index", "i", "--max-ratio-grid", "0,0.5"));
    assertTrue(
        e.problem().endsWith("a pruning grid value of 0 prunes nothing: remove it"), e.problem());
  }
}
