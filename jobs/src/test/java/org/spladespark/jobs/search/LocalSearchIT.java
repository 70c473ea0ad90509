package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.FormatVersion;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * {@link LocalSearch} (Delta Kernel, no Spark) against {@link SearchJob} (Spark) on one published
 * index: the same files byte for byte, the same refusals, and only the published versions seen.
 */
class LocalSearchIT {
  private static final String MODEL_ID = "tiny-oracle";
  private static final Timestamp T = Timestamp.from(Instant.parse("2025-01-01T00:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SparkSession spark;
  private static ModelBundle model;
  private static String dir;
  private static final List<String> QUERIES = new ArrayList<>();

  /** The search index's tables, written once, and a models row publishing their version 0. */
  @BeforeAll
  static void publishedIndex() {
    spark = SparkTestSession.get();
    model = ModelBundle.load(Fixtures.tinyModel());
    dir = SparkTestSession.newDir("local-search").toString();
    Map<String, SparseVector> docs = TestIndex.corpus(model, 120, 7);
    TestIndex.write(spark, dir, docs, MODEL_ID, model.vocabulary());
    String tableId = TableRef.path(dir + "/doc_vectors").id(spark);
    ModelRegistry registry = new ModelRegistry(spark, dir);
    registry.commit(row(MODEL_ID, model.queryAndTokenizerFingerprint(), tableId), true, true);
    // Another registered model whose query side is not the tiny model's.
    registry.commit(row("other", "another-fingerprint", tableId), false, true);
    for (JsonNode q : Fixtures.reference().get("queries")) {
      QUERIES.add(
          JSON.createObjectNode()
              .put("_id", q.get("id").asText())
              .put("text", q.get("text").asText())
              .toString());
    }
  }

  private static ModelRow row(String id, String fingerprint, String tableId) {
    return new ModelRow(
        id, "src-" + id, "w-" + id, fingerprint, null, T, false, null, tableId, 0L, T, 0L, 0L);
  }

  /** Options searching {@code queries} for their top {@code k}, into a fresh folder. */
  private static SearchOptions options(List<String> queries, int k, String modelId)
      throws IOException {
    Path out = SparkTestSession.newDir("local-search-out");
    Path file = out.resolve("queries.jsonl");
    Files.write(file, queries);
    return SearchOptions.builder()
        .queries(QuerySource.file(file.toString()))
        .index(IndexTables.inFolder(dir))
        .model(Fixtures.tinyModel().toString())
        .modelId(modelId)
        .topK(k)
        .outputJsonl(out.resolve("hits.jsonl").toString())
        .outputTrec(out.resolve("run.trec").toString())
        .build();
  }

  private static byte[][] files(SearchOptions o) throws IOException {
    return new byte[][] {
      Files.readAllBytes(Path.of(o.outputJsonl())), Files.readAllBytes(Path.of(o.outputTrec()))
    };
  }

  /** Runs both paths on the same queries; returns the Spark-free report, null if it fell back. */
  private static SearchReport assertSameFiles(List<String> queries, int k) throws IOException {
    SearchOptions local = options(queries, k, null);
    assertTrue(LocalSearch.eligible(local, null, false));
    SearchReport fast = LocalSearch.run(local);
    SearchOptions viaSpark = options(queries, k, null);
    SearchReport slow = SearchJob.run(spark, viaSpark);
    if (fast == null) {
      assertFalse(Files.exists(Path.of(local.outputJsonl())), "a fallback writes nothing");
      return null;
    }
    assertEquals(slow, fast);
    byte[][] a = files(local);
    byte[][] b = files(viaSpark);
    assertArrayEquals(b[0], a[0], "JSON lines");
    assertArrayEquals(b[1], a[1], "TREC run");
    return fast;
  }

  @Test
  void sameFilesAsSparkForSeveralQueriesAndK() throws IOException {
    int local = 0;
    for (int[] qk : new int[][] {{0, 1, 1}, {0, 1, 10}, {3, 6, 5}, {10, 13, 100}, {20, 22, 7}}) {
      SearchReport r = assertSameFiles(QUERIES.subList(qk[0], qk[1]), qk[2]);
      if (r != null) {
        local++;
        assertTrue(r.hits() > 0 || qk[1] - qk[0] == r.emptyQueries(), r.toString());
      }
    }
    assertTrue(local >= 3, "most small batches are scored without Spark: " + local);
    // Many queries move more postings than a scan reads: the scan plan, so Spark runs it.
    assertNull(assertSameFiles(QUERIES, 10));
  }

  @Test
  void anotherModelsQueryWeightsAreRefusedAlike() throws IOException {
    assertSameRefusal(() -> options(QUERIES.subList(0, 2), 5, "other"), "the index serves model");
    assertSameRefusal(() -> options(QUERIES.subList(0, 2), 5, "zzz"), "has no model 'zzz'");
  }

  @Test
  void aNewerFormatVersionIsRefusedAlike() throws IOException {
    setFormatVersion("99");
    try {
      assertSameRefusal(
          () -> options(QUERIES.subList(0, 2), 5, null), "table format version 99, newer than");
    } finally {
      setFormatVersion(Integer.toString(FormatVersion.CURRENT));
    }
  }

  @Test
  void anUnpublishedCommitIsNotSeen() throws IOException {
    SparseVector q;
    try (org.spladespark.encode.QueryEncoder enc =
        org.spladespark.encode.QueryEncoder.create(model)) {
      q = enc.encode(JSON.readTree(QUERIES.get(0)).get("text").asText());
    }
    assertTrue(q.size() > 0);
    // A run's postings commit, not yet published: a document matching every token of query 0.
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      rows.add(RowFactory.create(q.index(i), "zz-unpublished", 1000f, MODEL_ID));
    }
    spark
        .createDataFrame(rows, PostingsTable.SCHEMA)
        .write()
        .format("delta")
        .mode("append")
        .save(dir + "/postings");
    SearchOptions o = options(QUERIES.subList(0, 1), 10, null);
    assertNotNull(LocalSearch.run(o));
    assertFalse(Files.readString(Path.of(o.outputTrec())).contains("zz-unpublished"));
    assertSameFiles(QUERIES.subList(0, 1), 10);
  }

  private static void setFormatVersion(String v) {
    spark.sql(
        "ALTER TABLE delta.`"
            + dir
            + "/postings` SET TBLPROPERTIES ('"
            + FormatVersion.PROPERTY
            + "' = '"
            + v
            + "')");
  }

  /** Both paths refuse the options with the same message, containing {@code part}. */
  private static void assertSameRefusal(IoSupplier<SearchOptions> options, String part)
      throws IOException {
    SearchOptions a = options.get();
    SearchOptions b = options.get();
    SpladeException fast = assertThrows(SpladeException.class, () -> LocalSearch.run(a));
    SpladeException slow = assertThrows(SpladeException.class, () -> SearchJob.run(spark, b));
    assertEquals(slow.getMessage(), fast.getMessage());
    assertTrue(fast.getMessage().contains(part), fast.getMessage());
  }

  /** A supplier that may throw {@link IOException}. */
  @FunctionalInterface
  private interface IoSupplier<T> {
    T get() throws IOException;
  }
}
