package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.TableRef;
import org.spladespark.testing.Fixtures;

class SpladeIndexIT extends OnStandardIndex {
  @Test
  void equalsSearchJobAndBruteForce() throws IOException {
    int[] picked = {0, 5, 29, 52};
    Path out = SparkTestSession.newDir("index-vs-job");
    Path tsv = out.resolve("q.tsv");
    StringBuilder sb = new StringBuilder();
    for (int i : picked) {
      sb.append(index.queryIds.get(i)).append('\t').append(index.queryTexts.get(i)).append('\n');
    }
    Files.writeString(tsv, sb.toString());
    Path jsonl = out.resolve("run.jsonl");
    SearchJob.run(
        spark,
        SearchOptions.builder()
            .queries(QuerySource.file(tsv.toString()))
            .index(IndexTables.inFolder(index.dir))
            .model(Fixtures.tinyModel().toString())
            .topK(10)
            .plan(Plan.SCAN)
            .outputJsonl(jsonl.toString())
            .build());
    Map<String, List<Hit>> job = SearchJobIT.readJsonl(jsonl);
    Map<String, List<Hit>> brute = IndexSearcherIT.bruteForce(index.queryBatch(), index.docs, 10);

    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      assertEquals(TestIndex.MODEL_ID, si.modelId());
      for (int i : picked) {
        String id = index.queryIds.get(i);
        List<Hit> hits = si.search(index.queryTexts.get(i), 10);
        assertEquals(job.get(id), hits, "query " + id);
        assertEquals(brute.get(id), hits, "query " + id);
        assertEquals(10, hits.size());
        assertEquals(hits, si.search(si.encode(index.queryTexts.get(i)), 10), "query " + id);
      }
    }
  }

  @Test
  void scansWhenTheIndexHasNoPostings() {
    String missing = SparkTestSession.newDir("no-postings").toString();
    IndexTables vectorsOnly = index.vectorsOnly(missing);
    String text = index.queryTexts.get(3);
    try (SpladeIndex si =
        SpladeIndex.open(spark, vectorsOnly, Fixtures.tinyModel().toString(), TestIndex.MODEL_ID)) {
      List<Hit> expected = BruteForce.search(si.encode(text), index.docs, 7);
      assertEquals(expected, si.search(text, 7));
      assertEquals(expected, si.search(si.encode(text), 7));
    }
  }

  @Test
  void onExecutorsEqualsBruteForceAndIsReleasedOnClose() {
    int persistedBefore = spark.sparkContext().getPersistentRDDs().size();
    String model = Fixtures.tinyModel().toString();
    IndexTables tables = IndexTables.inFolder(index.dir);
    try (SpladeIndex si =
        SpladeIndex.open(spark, tables, model, null, SpladeIndex.Residence.EXECUTORS)) {
      assertTrue(si.onExecutors());
      assertFalse(si.inMemory());
      assertEquals(persistedBefore + 1, spark.sparkContext().getPersistentRDDs().size());
      for (int i : new int[] {0, 5, 29, 52}) {
        String text = index.queryTexts.get(i);
        List<Hit> expected = BruteForce.search(si.encode(text), index.docs, 10);
        assertEquals(expected, si.search(text, 10), text);
      }
      assertTrue(si.search("   ", 10).isEmpty());
    }
    assertEquals(persistedBefore, spark.sparkContext().getPersistentRDDs().size());
  }

  @Test
  void onExecutorsNeedsDocVectors() {
    String missing = SparkTestSession.newDir("no-doc-vectors").toString();
    IndexTables postingsOnly =
        new IndexTables(
            TableRef.path(missing + "/doc_vectors"),
            TableRef.path(index.dir + "/postings"),
            TableRef.path(index.dir + "/token_stats"));
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                SpladeIndex.open(
                    spark,
                    postingsOnly,
                    Fixtures.tinyModel().toString(),
                    TestIndex.MODEL_ID,
                    SpladeIndex.Residence.EXECUTORS));
    assertEquals(
        missing
            + "/doc_vectors: does not exist; slices cached on the executors are built from it."
            + " Fix: open the index with Residence.AUTO or NONE (they search its postings)",
        e.getMessage());
  }

  @Test
  void emptyQueryHasNoHitsAndKIsChecked() {
    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      assertTrue(si.search("   ", 10).isEmpty());
      SpladeException e = assertThrows(SpladeException.class, () -> si.search("fever", 0));
      assertEquals("k: is 0. Fix: ask for 1 to 10000 hits", e.getMessage());
    }
  }
}
