package org.spladespark.jobs.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.SampleIndex;
import org.spladespark.jobs.testing.SampleStats;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.StatsTables.Drift;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Summary;
import org.spladespark.schemas.StatsTables.Tokens;
import org.spladespark.schemas.TableRef;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;

/** Every figure of {@code splade stats} on {@link SampleIndex}, against hand computations. */
class SparsityStatsJobIT {
  private static final double EPS = 1e-9;
  private static SparkSession spark;
  private static Path index;
  private static String out;

  static SampleStats.Run job(String... args) {
    return SampleStats.job(args);
  }

  @BeforeAll
  static void runOnce() {
    spark = SparkTestSession.get();
    out = SampleStats.stats();
    index = SampleStats.index();
  }

  private static Row one(String table, String where) {
    List<Row> rows =
        spark.read().format("delta").load(out + "/" + table).where(where).collectAsList();
    assertEquals(1, rows.size(), table + " where " + where + ": " + rows);
    return rows.get(0);
  }

  private static double d(Row r, String col) {
    return ((Number) r.getAs(col)).doubleValue();
  }

  @Test
  void summaryOfTheWholeCorpus() {
    Row s = one(StatsTables.SUMMARY, "model_id = 'm1' AND slice = 'all'");
    assertEquals(4, d(s, "docs"));
    assertEquals(7, d(s, "postings")); // 4 + 2 + 1 + 0
    assertEquals(1.75, d(s, "active_dims_mean"), EPS); // 7 / 4
    // sorted active dims 0,1,2,4; linear interpolation at p·(n-1)
    assertEquals(1.5, d(s, "active_dims_p50"), EPS); // 1.5 -> 1 + 0.5·(2-1)
    assertEquals(3.4, d(s, "active_dims_p90"), EPS); // 2.7 -> 2 + 0.7·(4-2)
    assertEquals(3.94, d(s, "active_dims_p99"), EPS); // 2.97 -> 2 + 0.97·2
    assertEquals(4, d(s, "active_dims_max"));
    assertEquals(11.75 / 4, d(s, "l1_mass_mean"), EPS); // 3.75 + 4 + 4 + 0
    assertEquals(9.0 / 4, d(s, "max_weight_mean"), EPS); // 2 + 3 + 4 + 0
    assertEquals(4.0, d(s, "max_weight_max"), EPS);
    assertNull(s.getAs("expansion_share_mean")); // no model given: no tokenizer
    assertEquals(5, d(s, "tokens")); // ids 1..5
    assertEquals(1.0, d(s, "posting_len_p50"), EPS); // dfs 1,1,1,1,3
    assertEquals(3, d(s, "posting_len_max"));
    // est_flops = Σ df² / N² = (1 + 9 + 1 + 1 + 1) / 16
    assertEquals(13.0 / 16, d(s, "est_flops"), EPS);
  }

  @Test
  void summaryOfOneSlice() {
    // source=a: d1 (4 dims) and d3 (1 dim); token dfs 1:1, 2:2, 3:1, 4:1
    Row s = one(StatsTables.SUMMARY, "model_id = 'm1' AND slice = 'source=a'");
    assertEquals(2, d(s, "docs"));
    assertEquals(2.5, d(s, "active_dims_mean"), EPS);
    assertEquals(7.0 / 4, d(s, "est_flops"), EPS); // (1 + 4 + 1 + 1) / 2²
    assertEquals(
        3, spark.read().format("delta").load(out + "/" + StatsTables.SUMMARY).count()); // all, a, b
  }

  @Test
  void tokensAndTopTokens() {
    Row t2 = one(StatsTables.TOKENS, "slice = 'all' AND token_id = 2");
    assertEquals(3, d(t2, "df")); // d1, d2, d3
    assertEquals(7.0, d(t2, "mass"), EPS); // 2 + 1 + 4
    assertEquals(4.0, d(t2, "max_weight"), EPS);
    assertEquals(1, d(t2, "df_rank"));
    assertEquals(1, d(t2, "mass_rank"));
    // by mass: 2 (7), 5 (3), 3 (1), 1 (0.5), 4 (0.25); top 3 kept
    assertEquals(List.of(2, 5, 3), topTokenIds("mass"));
    // by df: 2 (3), then the df-1 tokens by id: 1, 3
    assertEquals(List.of(2, 1, 3), topTokenIds("df"));
  }

  /** The token ids of the whole corpus's top tokens {@code by} df or mass, in rank order. */
  private static List<Integer> topTokenIds(String by) {
    return spark
        .read()
        .format("delta")
        .load(out + "/" + StatsTables.TOP_TOKENS)
        .where("slice = 'all' AND by = '" + by + "'")
        .orderBy("rank")
        .collectAsList()
        .stream()
        .map(r -> (int) r.getAs("token_id"))
        .toList();
  }

  @Test
  void histograms() {
    // width 2: dims 0,1 -> [0,1] (d4, d3); 2 -> [2,3] (d2); 4 -> [4,5] (d1)
    Map<Integer, Long> hist = new HashMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(out + "/" + StatsTables.ACTIVE_DIMS_HIST)
            .where("slice = 'all'")
            .collectAsList()) {
      hist.put(r.getAs("bucket_start"), r.getAs("docs"));
      assertEquals((int) r.getAs("bucket_start") + 1, (int) r.getAs("bucket_end"));
    }
    assertEquals(Map.of(0, 2L, 2, 1L, 4, 1L), hist);
    // posting lengths: df 1 -> [1,1]: 4 tokens, 4 postings; df 3 -> [2,3]: 1 token, 3 postings
    Row b1 = one(StatsTables.POSTING_LENGTHS, "slice = 'all' AND bucket_start = 1");
    assertEquals(4, d(b1, "tokens"));
    assertEquals(4, d(b1, "postings"));
    Row b2 = one(StatsTables.POSTING_LENGTHS, "slice = 'all' AND bucket_start = 2");
    assertEquals(3, d(b2, "bucket_end"));
    assertEquals(1, d(b2, "tokens"));
    assertEquals(3, d(b2, "postings"));
  }

  @Test
  void pruningCurve() {
    // top_k=2: kept 2 + 2 + 1 + 0 = 5 of 7; mass 3 + 4 + 4 + 0 = 11 of 11.75
    Row k2 = one(StatsTables.PRUNING, "slice = 'all' AND method = 'top_k' AND param = 2");
    assertEquals(5, d(k2, "postings_kept"));
    assertEquals(7, d(k2, "postings_total"));
    assertEquals(2.0 / 7, d(k2, "postings_saved_share"), EPS);
    assertEquals(11 / 11.75, d(k2, "mass_retained_share"), EPS);
    // max_ratio=0.5: d1 cut 1.0 keeps 2, 1 (3); d2 cut 1.5 keeps 3 (3); d3 keeps 4: 4 of 7, 10
    Row r5 = one(StatsTables.PRUNING, "slice = 'all' AND method = 'max_ratio' AND param = 0.5");
    assertEquals(4, d(r5, "postings_kept"));
    assertEquals(10 / 11.75, d(r5, "mass_retained_share"), EPS);
  }

  @Test
  void driftBetweenModels() {
    // common docs d1, d2. d1: m1 {1,2,3,4} vs m2 {2,3}: delta -2, jaccard 2/4;
    //   top-10 = all -> 2/4. d2: {2,5} vs {2,5,6}: delta +1, jaccard 2/3.
    Row all = one(StatsTables.DRIFT, "slice = 'all'");
    assertEquals("m1", all.getAs("model_a"));
    assertEquals("m2", all.getAs("model_b"));
    assertEquals(2, d(all, "docs_compared"));
    assertEquals(3.0, d(all, "active_dims_mean_a"), EPS); // (4 + 2) / 2
    assertEquals(2.5, d(all, "active_dims_mean_b"), EPS); // (2 + 3) / 2
    assertEquals(-0.5, d(all, "active_dims_delta_mean"), EPS); // (-2 + 1) / 2
    assertEquals((0.5 + 2.0 / 3) / 2, d(all, "active_jaccard_mean"), EPS);
    assertEquals((0.5 + 2.0 / 3) / 2, d(all, "top_k_jaccard_mean"), EPS);
    // top-3 tokens by mass over d1, d2: m1 2 (3), 5 (3), 3 (1); m2 2 (2), 3 (1), 5 (1): overlap 3/3
    assertEquals(1.0, d(all, "top_tokens_overlap"), EPS);
    Row a = one(StatsTables.DRIFT, "slice = 'source=a'");
    assertEquals(1, d(a, "docs_compared")); // only d1 is common in source a
  }

  @Test
  void everyTableHasTheSchemaTheTableLayerDeclares() {
    Map<String, StructType> declared =
        Map.of(
            StatsTables.DOC_STATS, DocStats.SCHEMA,
            StatsTables.SUMMARY, Summary.SCHEMA,
            StatsTables.ACTIVE_DIMS_HIST, Histogram.ACTIVE_DIMS_SCHEMA,
            StatsTables.TOKENS, Tokens.TOKENS_SCHEMA,
            StatsTables.TOP_TOKENS, Tokens.TOP_TOKENS_SCHEMA,
            StatsTables.POSTING_LENGTHS, Histogram.POSTING_LENGTHS_SCHEMA,
            StatsTables.PRUNING, Pruning.SCHEMA,
            StatsTables.DRIFT, Drift.SCHEMA);
    declared.forEach(
        (table, schema) ->
            assertEquals(
                schema, spark.read().format("delta").load(out + "/" + table).schema(), table));
  }

  @Test
  void columnsThatDifferFromTheDeclaredSchemaAreNotWritten(@TempDir Path dir) {
    TableRef table = TableRef.path(dir.resolve("summary").toString());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> table.overwrite(Summary.SCHEMA, spark.range(1).toDF(StatsTables.MODEL_ID)));
    assertTrue(e.getMessage().contains("differ from the table's declared schema"), e.getMessage());
    assertFalse(table.exists(spark));
  }

  @Test
  void docStatsHaveOneRowPerDocument() {
    Row d1 = one(StatsTables.DOC_STATS, "doc_id = 'd1'");
    assertEquals("a", d1.getAs("group_value"));
    assertEquals(3.75, d(d1, "l1_mass"), EPS);
    assertEquals(4, spark.read().format("delta").load(out + "/" + StatsTables.DOC_STATS).count());
  }

  @Test
  void expansionNeedsTextAndTheModelsTokenizer() {
    ModelBundle m = ModelBundle.load(Fixtures.tinyModel());
    Vocabulary v = m.vocabulary();
    long[] own;
    try (TextTokenizer t = TextTokenizer.forDocuments(m.documentTokenizer(), m.maxSeqLength())) {
      own = t.ids("hello world");
    }
    int hello = v.id("hello");
    int world = v.id("world");
    int cat = v.id("cat");
    assertTrue(hello > 0 && world > 0 && cat > 0);
    assertTrue(java.util.Arrays.stream(own).anyMatch(x -> x == hello));
    Path dir = helloWorldCat("stats-expansion"); // "cat" is not in the text: 2 of 4 is expansion
    String o =
        statsOverJsonCorpus(
            dir,
            RowFactory.create("e1", "hello world"),
            new StructType().add("_id", DataTypes.StringType).add("text", DataTypes.StringType));
    Row s = spark.read().format("delta").load(o + "/" + StatsTables.SUMMARY).collectAsList().get(0);
    assertEquals(0.5, d(s, "expansion_share_mean"), EPS);
    Row tok =
        spark
            .read()
            .format("delta")
            .load(o + "/" + StatsTables.TOKENS)
            .where("token_id = " + cat)
            .collectAsList()
            .get(0);
    assertEquals("cat", tok.getAs("token")); // names from the model's vocabulary
  }

  /** Writes {@code doc} as {@code dir}'s JSON corpus, runs stats over it; the output folder. */
  private static String statsOverJsonCorpus(Path dir, Row doc, StructType schema) {
    String corpus = dir.resolve("corpus.json").toString();
    spark.createDataFrame(List.of(doc), schema).write().format("json").save(corpus);
    return job(
            "--index",
            dir.toString(),
            "--corpus",
            corpus,
            "--format",
            "jsonl",
            "--model",
            Fixtures.tinyModel().toString())
        .run(spark);
  }

  /** doc_vectors of one document e1: hello 1, world 1, cat 2 (tiny model ids). */
  private static Path helloWorldCat(String prefix) {
    Vocabulary v = ModelBundle.load(Fixtures.tinyModel()).vocabulary();
    int cat = v.id("cat");
    int[] ids = {v.id("hello"), v.id("world"), cat};
    java.util.Arrays.sort(ids);
    float[] ws = new float[3];
    for (int i = 0; i < 3; i++) {
      ws[i] = ids[i] == cat ? 2f : 1f;
    }
    Path dir = SparkTestSession.newDir(prefix);
    SampleIndex.writeDocVectors(
        spark, dir.resolve("doc_vectors"), List.of(new SampleIndex.Doc("m", "e1", ids, ws)));
    return dir;
  }

  @Test
  void expansionCountsTheTitleAsEncodedText() {
    Path dir = helloWorldCat("stats-expansion-title");
    // encode read "cat hello world" (title + text): nothing is expansion
    String o =
        statsOverJsonCorpus(
            dir,
            RowFactory.create("e1", "cat", "hello world"),
            new StructType()
                .add("_id", DataTypes.StringType)
                .add("title", DataTypes.StringType)
                .add("text", DataTypes.StringType));
    Row s = spark.read().format("delta").load(o + "/" + StatsTables.SUMMARY).collectAsList().get(0);
    assertEquals(0.0, d(s, "expansion_share_mean"), EPS);
  }

  /** The stats job with {@code args} fails. */
  private static SpladeException refused(String... args) {
    return assertThrows(SpladeException.class, () -> job(args).run(spark));
  }

  @Test
  void groupByWithoutCorpusIsRejected() {
    SpladeException e = refused("--index", index.toString(), "--group-by", "source");
    assertEquals(
        "--group-by source: needs the corpus table. Fix: pass --corpus with that column",
        e.getMessage());
  }

  @Test
  void missingDocVectorsIsRejected() {
    Path empty = SparkTestSession.newDir("stats-empty");
    SpladeException e = refused("--index", empty.toString());
    assertEquals(empty + "/doc_vectors", e.subject());
    assertTrue(e.problem().contains("is not a Delta table"));
  }

  @Test
  void unknownCorpusColumnIsRejected() {
    SpladeException e =
        refused(
            "--index", index.toString(),
            "--corpus", index.resolve("corpus").toString(),
            "--id-col", "doc_id",
            "--group-by", "nope",
            "--out", SparkTestSession.newDir("stats-bad").toString());
    assertTrue(e.problem().startsWith("has no column 'nope'"), e.getMessage());
  }

  @Test
  void driftNeedsOneModelPerSide() {
    SpladeException e =
        refused(
            "--index", index.toString(),
            "--compare-model-id", "m2",
            "--out", SparkTestSession.newDir("stats-drift").toString());
    assertEquals("--model-id", e.subject());
  }
}
