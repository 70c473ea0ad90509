package org.spladespark.jobs.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.report.Table;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.SampleStats;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.Fixtures;

/** Runs every notebook of the repository's notebooks/ folder on the sample index. */
class NotebookJobIT {
  static Path notebooks() {
    return Fixtures.root().getParent().resolve("notebooks");
  }

  static List<NotebookJob.CellResult> run(String file, String... extra) {
    SparkSession spark = SparkTestSession.get();
    Path out = SparkTestSession.newDir("nb").resolve(file + ".html");
    String[] base = {
      notebooks().resolve(file).toString(),
      "--index",
      SampleStats.index().toString(),
      "--out",
      out.toString()
    };
    List<NotebookJob.CellResult> r =
        NotebookJob.run(
            spark,
            Commands.parse(
                new NotebookCommand(),
                Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new)));
    assertTrue(Files.isRegularFile(out));
    return r;
  }

  /** The results of the SQL cells, in order. */
  static List<Table> tables(List<NotebookJob.CellResult> cells) {
    return cells.stream()
        .filter(c -> !c.cell().markdown() && c.result() != null)
        .map(NotebookJob.CellResult::result)
        .toList();
  }

  @Test
  void everyNotebookRuns() throws IOException {
    SampleStats.stats();
    List<Path> files;
    try (Stream<Path> s = Files.list(notebooks())) {
      files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertEquals(5, files.size(), files.toString());
    for (Path f : files) {
      List<NotebookJob.CellResult> cells = run(f.getFileName().toString());
      for (NotebookJob.CellResult c : cells) {
        if (!c.cell().markdown() && !c.sql().strip().startsWith("CREATE WIDGET")) {
          assertNotNull(c.result(), f + " cell " + c.cell().number());
        }
      }
    }
  }

  @Test
  void overviewShowsTheSummary() {
    Table summary = tables(run("sparsity_overview.sql")).get(0);
    assertEquals(3, summary.rows().size()); // m1: all, source=a, source=b
    assertEquals("all", summary.get(0, "slice"));
    assertEquals(1.75, summary.number(0, "active_dims_mean"), 1e-9); // 7 / 4
    assertEquals(0.8125, summary.number(0, "est_flops"), 1e-9); // 13 / 16
  }

  @Test
  void pruningWhatIfOnDocVectorsAgreesWithTheStatsTable() {
    List<Table> t = tables(run("pruning_what_if.sql", "--param", "top_k=2"));
    Table whatIf = t.get(t.size() - 1).where("model_id", "m1");
    // top 2 per doc: d1 {2,1} d2 {3,1} d3 {4}: 5 of 7 postings, mass 11 of 11.75
    assertEquals(5L, whatIf.get(0, "postings_kept"));
    assertEquals(0.9362, whatIf.number(0, "mass_retained_share"), 1e-9);
    Table grid = t.get(0).where("method", "top_k").where("slice", "all");
    assertEquals(5L, grid.get(0, "postings_kept"));
  }

  @Test
  void tokenExplorerListsAPostingList() {
    List<Table> t = tables(run("token_explorer.sql", "--param", "token_id=2"));
    Table postings = t.get(t.size() - 1).where("model_id", "m1");
    // token 2 in m1: d3 4.0, d1 2.0, d2 1.0
    assertEquals(
        List.of("d3", "d1", "d2"), postings.rows().stream().map(r -> (String) r.get(1)).toList());
  }

  @Test
  void driftNotebookComparesTheModels() {
    List<Table> t = tables(run("model_drift.sql"));
    Table docs = t.get(1);
    // d1: {1,2,3,4} vs {2,3}: 2/4; d2: {2,5} vs {2,5,6}: 2/3 — lowest overlap first
    assertEquals("d1", docs.get(0, "doc_id"));
    assertEquals(0.5, docs.number(0, "jaccard"), 1e-9);
  }

  @Test
  void explainNotebookAddsUpToTheScore() {
    List<Table> t = tables(run("explain_scores.sql"));
    // query {2: 0.5, 3: 2.0, 5: 1.0}; m1: d1 {1: .5, 2: 2, 3: 1, 4: .25} → 1 + 2 = 3;
    // d2 {2: 1, 5: 3} → 0.5 + 3 = 3.5; d3 {2: 4} → 2; d4 empty → 0
    Table best = t.get(0);
    assertEquals(List.of("d2", "d1", "d3", "d4"), best.distinct("doc_id"));
    Table terms = t.get(1).where("doc_id", "d2");
    assertEquals(List.of(5, 2), terms.distinct("token_id"));
    assertEquals(3.0, terms.number(0, "contribution"), 0);
    Table check = t.get(2);
    assertEquals(4, check.rows().size());
    for (int i = 0; i < check.rows().size(); i++) {
      assertEquals(true, check.get(i, "identical"), "row " + i);
    }
    assertEquals(3.5, check.number(0, "explained"), 0);
  }

  @Test
  void aFailingStatementNamesTheCell() {
    SpladeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SpladeException.class,
            () -> run("sparsity_overview.sql", "--param", "index_path=/nonexistent-splade-index"));
    assertEquals("sparsity_overview.sql cell 4", e.subject());
  }
}
