package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.reencode.ReencodeFixtures.EDITED;
import static org.spladespark.jobs.reencode.ReencodeFixtures.assertClean;
import static org.spladespark.jobs.reencode.ReencodeFixtures.corpus;
import static org.spladespark.jobs.reencode.ReencodeFixtures.edited;
import static org.spladespark.jobs.reencode.ReencodeFixtures.options;
import static org.spladespark.jobs.reencode.ReencodeFixtures.run;
import static org.spladespark.jobs.reencode.ReencodeFixtures.snapshot;
import static org.spladespark.jobs.reencode.ReencodeFixtures.version;
import static org.spladespark.testing.Fixtures.sampleRows;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.encode.EncodeCorpusJob;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.search.Hit;
import org.spladespark.jobs.search.SpladeIndex;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;

/**
 * Issue 8: readers see the old index or the new one, never a mix. An index of the 50 sample
 * documents is written by {@code splade encode}; runs with 3 documents edited are killed at each
 * commit boundary (child JVMs), or run as two processes at once, or fail; search, verify and a
 * rerun are then compared with clean runs.
 */
class ConsistencyIT {
  private static final Map<String, String[]> V1 = sampleRows();

  /** V1 with 3 texts changed at their start (the tiny model reads only a document's start). */
  private static final Map<String, String[]> V2 = revised(V1, EDITED);

  private static Path inputV2;
  private static Path template;
  private static List<String> queries;
  private static List<String> oldHits;
  private static List<String> newHits;
  private static Map<String, List<String>> clean;

  @BeforeAll
  static void cleanRuns() throws IOException {
    Path inputV1 = corpus(V1);
    inputV2 = corpus(V2);
    template = SparkTestSession.newDir("consistency-v1");
    encode(inputV1, template);
    Path c = copy(template);
    encode(inputV2, c);
    queries = wordsOf(c, EDITED);
    oldHits = hits(template);
    clean = snapshot(c);
    newHits = hits(c);
    assertFalse(oldHits.equals(newHits), "the edits must change the rankings");
  }

  private static Map<String, String[]> revised(Map<String, String[]> docs, List<String> ids) {
    Map<String, String[]> out = new java.util.LinkedHashMap<>(docs);
    for (String id : ids) {
      String[] d = out.get(id);
      out.put(id, new String[] {d[0], "Revised account of volcanoes and rivers. " + d[1]});
    }
    return out;
  }

  private static void encode(Path input, Path tables) {
    EncodeCorpusJob.run(
        SparkTestSession.get(),
        options(input, tables).encode(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  /**
   * One query per document: whole-word tokens its vector has in the index at {@code tables} (a
   * random-weight model rarely activates the words of a text, so its text would match little).
   */
  private static List<String> wordsOf(Path tables, List<String> ids) {
    org.spladespark.model.Vocabulary vocab =
        org.spladespark.model.ModelBundle.load(Path.of(ReencodeFixtures.tinySpec().model()))
            .vocabulary();
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      org.apache.spark.sql.Row r =
          SparkTestSession.table(tables, DocVectorsTable.TABLE)
              .where(org.apache.spark.sql.functions.col("doc_id").equalTo(id))
              .first();
      List<String> words = new ArrayList<>();
      for (Integer t : r.<Integer>getList(r.fieldIndex("token_ids"))) {
        String w = vocab.token(t);
        if (w.matches("[a-z]{3,}") && words.size() < 6) {
          words.add(w);
        }
      }
      assertFalse(words.isEmpty(), id);
      out.add(String.join(" ", words));
    }
    return out;
  }

  /** The top 10 of each query: doc id and exact score. */
  private static List<String> hits(Path tables) {
    List<String> out = new ArrayList<>();
    try (SpladeIndex index =
        SpladeIndex.open(
            SparkTestSession.get(), tables.toString(), ReencodeFixtures.tinySpec().model())) {
      for (String q : queries) {
        for (Hit h : index.search(q, 10)) {
          out.add(q.hashCode() + " " + h.docId() + " " + Float.floatToIntBits(h.score()));
        }
      }
    }
    return out;
  }

  static Path copy(Path from) throws IOException {
    return SparkTestSession.copyOf(from, "consistency");
  }

  @Test
  void encodeKilledAtEachCommitBoundaryShowsTheOldIndexAndARerunEqualsACleanRun() throws Exception {
    // Finding 1: killed after doc_vectors was committed, search returned stale and mixed hits.
    for (String table : List.of(PostingsTable.TABLE, TokenStatsTable.TABLE, ModelsTable.TABLE)) {
      Path t = copy(template);
      long dv = version(t, DocVectorsTable.TABLE);
      ChildJvm.killAt(ChildJvm.args("encode", inputV2, t), FaultPoints.beforeWrite(table));
      assertTrue(
          version(t, DocVectorsTable.TABLE) > dv, "doc_vectors was committed before " + table);
      assertEquals(oldHits, hits(t), "killed before writing " + table);
      assertClean(t);
      encode(inputV2, t);
      assertEquals(clean, snapshot(t), "rerun after a kill before " + table);
      assertEquals(newHits, hits(t));
      assertClean(t);
    }
  }

  @Test
  void encodeRegistersItsModelSoTheNextReencodeIsIncremental() throws IOException {
    Path t = copy(template);
    ModelRow m = new ModelRegistry(SparkTestSession.get(), t.toString()).active().get(0);
    assertEquals(version(t, DocVectorsTable.TABLE), m.syncedVersion());
    assertEquals(version(t, PostingsTable.TABLE), m.postingsVersion());
    assertEquals(version(t, TokenStatsTable.TABLE), m.tokenStatsVersion());
    // encode turned the change data feed on: the reencode neither turns it on nor rebuilds.
    Printed<ReencodeMetrics> p = run(options(inputV2, t));
    assertFalse(p.console().contains("enabled the change data feed"), p.console());
    ReencodeMetrics r = p.metrics();
    assertEquals(IndexUpdate.Mode.INCREMENTAL, r.index().mode());
    assertEquals(3, r.corpus().encodedDocs());
    assertEquals(clean, snapshot(t));
    assertEquals(newHits, hits(t));
  }

  @Test
  void aRunFailingAfterValidationLeavesNoTableBehind() {
    Path t = SparkTestSession.newDir("failed-run");
    FaultPoints.listen(
        point -> {
          if (point.equals(FaultPoints.beforeWrite(PostingsTable.TABLE))) {
            throw new IllegalStateException("injected failure before the postings");
          }
        });
    try {
      assertThrows(IllegalStateException.class, () -> encode(inputV2, t));
    } finally {
      FaultPoints.listen(null);
    }
    for (String table :
        List.of(
            DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE, ModelsTable.TABLE)) {
      assertFalse(Files.exists(t.resolve(table)), table + " was left behind");
    }
  }

  @Test
  void twoProcessesReencodingAtOnceEndWithOneAppliedAfterTheOther() throws Exception {
    Map<String, String[]> a = edited(V1, List.of("d05", "d06", "d07"));
    Map<String, String[]> b = edited(V1, List.of("d10", "d11", "d12"));
    Path inputA = corpus(a);
    Path inputB = corpus(b);
    Path cleanA = copy(template);
    run(options(inputA, cleanA));
    Path cleanB = copy(template);
    run(options(inputB, cleanB));

    Path t = copy(template);
    Path meet = SparkTestSession.newDir("meet");
    Map<String, String> env =
        Map.of(
            "SPLADE_TEST_MEET_AT",
            FaultPoints.beforeWrite(DocVectorsTable.TABLE),
            "SPLADE_TEST_MEET_DIR",
            meet.toString());
    Process pa = ChildJvm.start(ChildJvm.args("reencode", inputA, t), env);
    Process pb = ChildJvm.start(ChildJvm.args("reencode", inputB, t), env);
    ChildJvm.Outcome ra = ChildJvm.finish(pa);
    ChildJvm.Outcome rb = ChildJvm.finish(pb);
    int succeeded = 0;
    for (ChildJvm.Outcome r : List.of(ra, rb)) {
      String out = ChildJvm.tail(r.output());
      if (r.exitCode() == 0) {
        succeeded++;
      } else {
        assertEquals(1, r.exitCode(), out);
        assertTrue(out.contains("the index changed under this run"), out);
        assertTrue(out.contains("rerun splade reencode"), out);
      }
      int trace = r.output().indexOf("\n\tat ");
      String logged = trace < 0 ? "" : r.output().substring(Math.max(0, trace - 600), trace + 200);
      assertTrue(trace < 0, "a retried conflict printed a stack trace, logged as:\n" + logged);
    }
    assertTrue(succeeded >= 1, ra.output() + "\n" + rb.output());
    String changed = ra.output() + rb.output();
    assertTrue(changed.contains("was changed by another job"), "no conflict was met:\n" + changed);
    Map<String, List<String>> now = snapshot(t);
    assertTrue(
        now.equals(snapshot(cleanA)) || now.equals(snapshot(cleanB)),
        "the index is neither run's corpus");
    assertClean(t);
  }
}
