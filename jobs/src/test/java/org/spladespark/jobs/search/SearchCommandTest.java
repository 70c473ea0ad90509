package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.schemas.TableRef;

class SearchCommandTest {
  private static SearchOptions parse(String... args) {
    return Commands.parse(new SearchCommand(), args);
  }

  private static String failure(String... args) {
    return assertThrows(SpladeException.class, () -> parse(args)).getMessage();
  }

  @Test
  void parsesEveryOption() {
    SearchOptions o =
        parse(
            "--queries",
            "q.tsv",
            "--queries-format",
            "TSV",
            "--index",
            "/idx",
            "--model",
            "/m",
            "--model-id",
            "abc",
            "--top-k",
            "10",
            "--plan",
            "Postings",
            "--output-table",
            "db.results",
            "--output-jsonl",
            "r.jsonl",
            "--output-trec",
            "r.trec",
            "--run-tag",
            "t1",
            "--overwrite");
    assertEquals(QuerySource.file(abs("q.tsv"), QuerySource.Format.TSV), o.queries());
    assertEquals(IndexTables.inFolder("/idx"), o.index());
    assertEquals("/m", o.model());
    assertEquals("abc", o.modelId());
    assertEquals(10, o.topK());
    assertEquals(Plan.POSTINGS, o.plan());
    assertEquals(TableRef.name("db.results"), o.outputTable());
    assertEquals(abs("r.jsonl"), o.outputJsonl());
    assertEquals(abs("r.trec"), o.outputTrec());
    assertEquals("t1", o.runTag());
    assertTrue(o.overwrite());
  }

  @Test
  void queriesTableAndIndexDatabase() {
    SearchOptions o =
        parse(
            "--queries-table",
            "/data/queries",
            "--index-database",
            "ix",
            "--model",
            "/m",
            "--output-table",
            "/out/results");
    assertEquals(QuerySource.table(TableRef.path("/data/queries")), o.queries());
    assertEquals(IndexTables.inDatabase("ix"), o.index());
    assertEquals(TableRef.path("/out/results"), o.outputTable());
    assertNull(o.outputTrec());
  }

  /** Refused command lines (split on blanks) and the whole message of each refusal. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          --queries q.jsonl --queries-table t --index /i --model /m --output-trec r | --queries/--queries-table: both are given. Fix: pass exactly one
          --index /i --model /m --output-trec r | --queries/--queries-table: neither is given. Fix: pass exactly one
          --queries q.jsonl --index /i --index-database d --model /m --output-trec r | --index/--index-database: both are given. Fix: pass exactly one
          --queries q.jsonl --index /i --model /m --output-trec r --plan fast | --plan: is 'fast'. Fix: use one of auto, scan, postings
          --queries q.csv --queries-format csv --index /i --model /m --output-trec r | --queries-format: is 'csv'. Fix: use one of auto, jsonl, tsv
          """)
  void refuses(String args, String message) {
    assertEquals(message, failure(args.split(" ")));
  }

  private static String abs(String p) {
    return java.nio.file.Path.of(p).toAbsolutePath().normalize().toString();
  }

  @Test
  void registeredInTheCli() {
    assertTrue(SpladeCli.commandLine().getSubcommands().containsKey("search"));
  }
}
