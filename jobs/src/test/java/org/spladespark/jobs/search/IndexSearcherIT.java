package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.TableRef;
import org.spladespark.vector.SparseVector;
import scala.jdk.javaapi.CollectionConverters;

/** The two plans against brute force, and the index checks, without the job's I/O. */
class IndexSearcherIT extends OnStandardIndex {
  private static QueryBatch batch;

  @BeforeAll
  static void setUp() {
    batch = index.queryBatch();
  }

  /** Hits per query id, in rank order; queries without hits are absent. */
  static Map<String, List<Hit>> search(
      IndexSearcher searcher, QueryBatch queries, int k, Plan plan) {
    try (RankedRows r = searcher.search(queries, k, plan)) {
      return search(r.rows(), queries);
    }
  }

  /** The ranked rows as hits per query id (collects {@code ranked} once). */
  static Map<String, List<Hit>> search(Dataset<Row> ranked, QueryBatch queries) {
    Map<String, List<Hit>> out = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>(ranked.collectAsList());
    rows.sort(
        java.util.Comparator.<Row>comparingInt(row -> row.getInt(0))
            .thenComparingInt(row -> row.getInt(1)));
    for (Row row : rows) {
      List<Hit> hits = out.computeIfAbsent(queries.id(row.getInt(0)), q -> new ArrayList<>());
      assertEquals(hits.size() + 1, row.getInt(1), "ranks are 1..n");
      hits.add(new Hit(row.getString(2), row.getFloat(3)));
    }
    return out;
  }

  static Map<String, List<Hit>> bruteForce(
      QueryBatch queries, Map<String, SparseVector> docs, int k) {
    Map<String, List<Hit>> expected = BruteForce.search(queries, docs, k);
    expected.values().removeIf(List::isEmpty);
    return expected;
  }

  static void assertSameHits(Map<String, List<Hit>> expected, Map<String, List<Hit>> got) {
    assertEquals(expected.keySet(), got.keySet());
    for (String q : expected.keySet()) {
      // Hit is a record: equal means the same doc ids and bit-identical float scores.
      assertEquals(expected.get(q), got.get(q), "query " + q);
    }
  }

  @Test
  void scanAndPostingsEqualBruteForceExactly() {
    IndexSearcher searcher = new IndexSearcher(spark, IndexTables.inFolder(index.dir), null);
    assertEquals(TestIndex.MODEL_ID, searcher.modelId());
    for (int k : new int[] {10, 1000}) {
      Map<String, List<Hit>> expected = bruteForce(batch, index.docs, k);
      assertSameHits(expected, search(searcher, batch, k, Plan.SCAN));
      assertSameHits(expected, search(searcher, batch, k, Plan.POSTINGS));
    }
    // The corpus does exercise exact ties, incl. ids whose UTF-16 and UTF-8 orders differ.
    Map<String, List<Hit>> all = bruteForce(batch, index.docs, 1000);
    long tied = 0;
    for (List<Hit> hits : all.values()) {
      for (int i = 1; i < hits.size(); i++) {
        tied += hits.get(i).score() == hits.get(i - 1).score() ? 1 : 0;
      }
    }
    assertTrue(tied > 50, "tied neighbours: " + tied);
    assertTrue(
        all.values().stream()
            .anyMatch(hits -> hits.stream().anyMatch(h -> h.docId().equals("twin-\uD83D\uDE00"))));
  }

  @Test
  void autoUsesPostingsForOneQueryAndScanForTheBatch() {
    IndexSearcher searcher = new IndexSearcher(spark, IndexTables.inFolder(index.dir), null);
    IndexSearcher.PlanChoice all = searcher.choose(batch, Plan.AUTO, index.model.vocabulary());
    assertEquals(Plan.SCAN, all.plan(), all.reason());
    assertTrue(all.reason().contains("df from token_stats"), all.reason());
    QueryBatch one = QueryBatch.of(List.of("1"), List.of(batch.vector(0)));
    IndexSearcher.PlanChoice single = searcher.choose(one, Plan.AUTO, index.model.vocabulary());
    assertEquals(Plan.POSTINGS, single.plan(), single.reason());
    assertEquals(
        new IndexSearcher.PlanChoice(Plan.SCAN, "requested"),
        searcher.choose(one, Plan.SCAN, index.model.vocabulary()));
  }

  @Test
  void withoutTokenStatsAutoEstimatesDfUniformly() {
    IndexTables noStats =
        new IndexTables(
            TableRef.path(index.dir + "/doc_vectors"),
            TableRef.path(index.dir + "/postings"),
            TableRef.path(index.dir + "/no_token_stats"));
    IndexSearcher searcher = new IndexSearcher(spark, noStats, null);
    IndexSearcher.PlanChoice c = searcher.choose(batch, Plan.AUTO, index.model.vocabulary());
    assertTrue(c.reason().contains("uniform df estimate"), c.reason());
  }

  @Test
  void postingsPlanReadsOnlyTheFilesOfItsTokens() {
    // Queries whose tokens all fall in the first range of the token-clustered postings: Delta's
    // min/max token_id statistics leave one file of eight, for a single token (an equality
    // filter) as for twelve (IN turned into InSet). AQE off so that the executed plan is a plain
    // tree with its scan metrics.
    SparkSession s = spark.newSession();
    s.conf().set("spark.sql.adaptive.enabled", "false");
    IndexSearcher searcher = new IndexSearcher(s, IndexTables.inFolder(index.dir), null);
    // The distributed execution, whose executed plan holds the scan (the driver execution reads
    // the same filtered postings Dataset).
    searcher.driverPostingsLimit = 0;
    int[] lowest =
        index.docs.values().stream()
            .flatMapToInt(v -> java.util.Arrays.stream(v.indices()))
            .distinct()
            .sorted()
            .limit(12)
            .toArray();
    for (int n : new int[] {1, 12}) {
      int[] tokens = java.util.Arrays.copyOf(lowest, n);
      float[] weights = new float[n];
      java.util.Arrays.fill(weights, 1f);
      QueryBatch q = QueryBatch.of(List.of("q"), List.of(SparseVector.of(tokens, weights)));
      try (RankedRows r = searcher.search(q, 1000, Plan.POSTINGS)) {
        Dataset<Row> ds = r.rows();
        assertSameHits(bruteForce(q, index.docs, 1000), search(ds, q));
        long files = 0;
        int scans = 0;
        for (SparkPlan leaf :
            CollectionConverters.asJava(ds.queryExecution().executedPlan().collectLeaves())) {
          if (leaf.metrics().contains("numFiles")) {
            files += leaf.metrics().apply("numFiles").value();
            scans++;
          }
        }
        assertEquals(1, scans);
        assertEquals(1, files, n + " tokens: postings files read, of " + TestIndex.POSTING_FILES);
      }
    }
  }

  @Test
  void refusesAnIndexOfSeveralModelsUnlessOneIsChosen() {
    String dir = SparkTestSession.newDir("two-models").toString();
    Map<String, SparseVector> a = TestIndex.corpus(index.model, 20, 1);
    Map<String, SparseVector> b = TestIndex.corpus(index.model, 20, 2);
    TestIndex.write(spark, dir, Map.of("model-a", a, "model-b", b), index.model.vocabulary());
    IndexTables tables = IndexTables.inFolder(dir);

    SpladeException mixed =
        assertThrows(SpladeException.class, () -> new IndexSearcher(spark, tables, null).modelId());
    assertEquals(
        dir
            + "/postings: holds vectors of more than one model ('model-a', 'model-b'). Fix: pass"
            + " --model-id to search one of them; scores of different models do not compare",
        mixed.getMessage());

    SpladeException unknown =
        assertThrows(
            SpladeException.class, () -> new IndexSearcher(spark, tables, "zzz").modelId());
    assertEquals(
        dir
            + "/postings: has no rows of model_id 'zzz' (it has 'model-a', 'model-b'). Fix: pass"
            + " one of the model ids the index holds",
        unknown.getMessage());

    IndexSearcher searcher = new IndexSearcher(spark, tables, "model-b");
    // The auto plan weighs the searched model's postings only, not model-a's too.
    long bNonZeros = b.values().stream().mapToLong(SparseVector::size).sum();
    String reason = searcher.choose(batch, Plan.AUTO, index.model.vocabulary()).reason();
    assertTrue(reason.endsWith(" " + bNonZeros + " postings"), reason);
    Map<String, List<Hit>> expected = bruteForce(batch, b, 20);
    assertSameHits(expected, search(searcher, batch, 20, Plan.SCAN));
    assertSameHits(expected, search(searcher, batch, 20, Plan.POSTINGS));
  }

  @Test
  void refusesTokenStatsOfAnotherVocabulary() {
    String stats = SparkTestSession.newDir("other-vocab").resolve("token_stats").toString();
    // token_stats as another tokenizer would have written it.
    spark
        .read()
        .format("delta")
        .load(index.dir + "/token_stats")
        .selectExpr(
            "token_id", "concat('x', token) AS token", "df", "max_weight", "sum_weight", "model_id")
        .write()
        .format("delta")
        .mode(SaveMode.ErrorIfExists)
        .save(stats);
    IndexTables tables =
        new IndexTables(
            TableRef.path(index.dir + "/doc_vectors"),
            TableRef.path(index.dir + "/postings"),
            TableRef.path(stats));
    QueryBatch one = QueryBatch.of(List.of("1"), List.of(batch.vector(0)));
    int token = batch.vector(0).index(0);
    String expectedToken = index.model.vocabulary().token(token);
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                new IndexSearcher(spark, tables, null)
                    .choose(one, Plan.AUTO, index.model.vocabulary()));
    assertEquals(
        stats
            + ": token "
            + token
            + " is 'x"
            + expectedToken
            + "' in the index but '"
            + expectedToken
            + "' in the query model. Fix: search with the model the index was encoded with",
        e.getMessage());
  }

  @Test
  void refusesAPlanWhoseTableIsMissing() {
    String missing = SparkTestSession.newDir("missing").toString();
    IndexTables vectorsOnly = index.vectorsOnly(missing);
    IndexSearcher searcher = new IndexSearcher(spark, vectorsOnly, null);
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> searcher.choose(batch, Plan.POSTINGS, index.model.vocabulary()));
    assertEquals(
        missing
            + "/postings: does not exist, and the postings plan reads it. Fix: use --plan scan or"
            + " auto",
        e.getMessage());
    assertEquals(
        new IndexSearcher.PlanChoice(Plan.SCAN, "the index has no postings"),
        searcher.choose(batch, Plan.AUTO, index.model.vocabulary()));
    assertEquals(TestIndex.MODEL_ID, searcher.modelId());

    SpladeException none =
        assertThrows(
            SpladeException.class,
            () -> new IndexSearcher(spark, IndexTables.inFolder(missing), null));
    assertEquals(
        missing
            + "/doc_vectors, "
            + missing
            + "/postings: neither table exists. Fix: build the index with splade encode, or point"
            + " --index at its folder",
        none.getMessage());
  }

  @Test
  void refusesATableOfANewerFormatVersion() {
    String dir = SparkTestSession.newDir("newer").toString();
    io.delta.tables.DeltaTable.create(spark)
        .location(dir + "/postings")
        .addColumns(org.spladespark.schemas.PostingsTable.SCHEMA)
        .property(org.spladespark.schemas.FormatVersion.PROPERTY, "2")
        .execute();
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> new IndexSearcher(spark, IndexTables.inFolder(dir), null));
    assertEquals(
        dir
            + "/postings: was written in table format version 2, newer than the 1 this version"
            + " reads. Fix: upgrade splade-spark",
        e.getMessage());
  }

  @Test
  void queriesWithoutTokensHaveNoHits() {
    IndexSearcher searcher = new IndexSearcher(spark, IndexTables.inFolder(index.dir), null);
    QueryBatch empty =
        QueryBatch.of(List.of("a", "b"), List.of(SparseVector.empty(), SparseVector.empty()));
    assertTrue(search(searcher, empty, 5, Plan.SCAN).isEmpty());
    assertTrue(search(searcher, empty, 5, Plan.POSTINGS).isEmpty());
  }
}
