package org.spladespark.jobs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.reencode.ReencodeJob;
import org.spladespark.jobs.reencode.ReencodeOptions;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;

/**
 * Verify on a clean index and on copies of it with one table corrupted in several ways: each kind
 * of difference is counted exactly and shown with its rows.
 */
class VerifyIndexJobIT {
  private static Path template;
  private static String model;

  @BeforeAll
  static void index() {
    template = SparkTestSession.newDir("verify");
    EncodeCorpusOptions e =
        EncodeCorpusOptions.builder()
            .input(
                new CorpusInput(
                    Fixtures.sampleDocs().toString(), InputFormat.AUTO, "_id", "text", "title"))
            .encoder(EncoderFixtures.tinySpec())
            .tables(template.toString())
            .tuning(Tuning.DEFAULT.withProgressSeconds(0))
            .build();
    model =
        ReencodeJob.run(
                SparkTestSession.get(),
                ReencodeOptions.builder().encode(e).build(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
            .modelId();
  }

  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  /** A copy of the clean index. */
  private static Path copy() throws IOException {
    return SparkTestSession.copyOf(template, "corrupt");
  }

  /**
   * Runs {@code statement} on the copy {@code t}, then publishes the tables' latest versions for
   * every model (verify checks what readers see: the published versions).
   */
  private static void sql(Path t, String statement) {
    spark().sql(statement.replace("{dir}", t.toString()));
    spark()
        .sql(
            ("UPDATE delta.`{dir}/models` SET synced_version = {dv}, postings_version = {p},"
                    + " token_stats_version = {s}")
                .replace("{dv}", latest(t, "doc_vectors"))
                .replace("{p}", latest(t, "postings"))
                .replace("{s}", latest(t, "token_stats"))
                .replace("{dir}", t.toString()));
  }

  private static String latest(Path t, String table) {
    return Long.toString(
        io.delta.tables.DeltaTable.forPath(spark(), t.resolve(table).toString())
            .history(1)
            .select("version")
            .first()
            .getLong(0));
  }

  private static VerifyReport verify(Path t) {
    return VerifyIndexJob.run(spark(), VerifyOptions.of(t.toString()));
  }

  /** The first example of the difference {@code kind}. */
  private static String first(Map<String, VerifyReport.Difference> k, String kind) {
    return k.get(kind).examples().get(0);
  }

  private static Map<String, VerifyReport.Difference> byKind(VerifyReport r) {
    Map<String, VerifyReport.Difference> out = new TreeMap<>();
    for (VerifyReport.Difference d : r.differences()) {
      out.put(d.table() + ": " + d.kind(), d);
    }
    return out;
  }

  /** (token_id, weight) of the first posting of a document, by token id. */
  private static Row firstPosting(Path t, String doc) {
    return spark()
        .read()
        .format("delta")
        .load(t.resolve("postings").toString())
        .where("doc_id = '" + doc + "'")
        .orderBy("token_id")
        .first();
  }

  @Test
  void aCleanIndexIsClean() {
    VerifyReport r = verify(template);
    assertTrue(r.clean(), r.render());
    assertEquals(50, r.docVectors());
    assertTrue(r.postings() > 50);
    assertEquals(model, r.activeModel());
    assertEquals(List.of(model), r.models());
    assertTrue(
        r.render().contains("clean: postings and token_stats equal what doc_vectors"), r.render());
  }

  @Test
  void postingsDifferencesAreCountedAndShown() throws IOException {
    Path t = copy();
    int t1 = firstPosting(t, "d01").getAs("token_id");
    int t2 = firstPosting(t, "d02").getAs("token_id");
    int t3 = firstPosting(t, "d03").getAs("token_id");
    sql(t, "DELETE FROM delta.`{dir}/postings` WHERE doc_id = 'd01' AND token_id = " + t1);
    sql(
        t,
        "UPDATE delta.`{dir}/postings` SET weight = weight * 1.0000001 WHERE doc_id = 'd02'"
            + " AND token_id = "
            + t2);
    sql(
        t,
        "INSERT INTO delta.`{dir}/postings` SELECT token_id, doc_id, weight, model_id FROM"
            + " delta.`{dir}/postings` WHERE doc_id = 'd03' AND token_id = "
            + t3);
    sql(
        t,
        "INSERT INTO delta.`{dir}/postings` VALUES (1, 'nope', 0.5, '"
            + model
            + "'),"
            + " (2, 'nope', 0.5, '"
            + model
            + "')");
    VerifyReport r = verify(t);
    assertFalse(r.clean());
    Map<String, VerifyReport.Difference> k = byKind(r);
    assertEquals(
        List.of(
            "postings: duplicate posting",
            "postings: extra posting",
            "postings: missing posting",
            "postings: weight differs"),
        List.copyOf(k.keySet()),
        r.render());
    assertEquals(1, k.get("postings: missing posting").count());
    assertTrue(
        first(k, "postings: missing posting")
            .startsWith(
                "model "
                    + model
                    + " token "
                    + t1
                    + " doc d01: no posting, doc_vectors has"
                    + " weight "),
        r.render());
    assertEquals(1, k.get("postings: weight differs").count());
    assertTrue(
        first(k, "postings: weight differs").contains("doc d02: posting" + " weight "), r.render());
    assertEquals(1, k.get("postings: duplicate posting").count());
    assertTrue(first(k, "postings: duplicate posting").endsWith("doc d03: 2 postings"), r.render());
    assertEquals(2, k.get("postings: extra posting").count());
    assertEquals(5, r.total());
    assertTrue(r.render().contains("NOT CLEAN: 5 differences of 4 kinds"), r.render());
  }

  @Test
  void tokenStatsDifferencesAreExact() throws IOException {
    Path t = copy();
    List<Row> tokens =
        spark()
            .read()
            .format("delta")
            .load(t.resolve("token_stats").toString())
            .orderBy("token_id")
            .limit(5)
            .collectAsList();
    int[] id = new int[5];
    for (int i = 0; i < 5; i++) {
      id[i] = tokens.get(i).getAs("token_id");
    }
    sql(t, "UPDATE delta.`{dir}/token_stats` SET df = df + 1 WHERE token_id = " + id[0]);
    // One ulp-sized change of a double sum is a difference: the sums are exact.
    sql(
        t,
        "UPDATE delta.`{dir}/token_stats` SET sum_weight = sum_weight * (1 + 1e-15) WHERE"
            + " token_id = "
            + id[1]);
    sql(
        t,
        "UPDATE delta.`{dir}/token_stats` SET max_weight = max_weight / 2 WHERE token_id = "
            + id[2]);
    sql(t, "DELETE FROM delta.`{dir}/token_stats` WHERE token_id = " + id[3]);
    sql(
        t,
        "INSERT INTO delta.`{dir}/token_stats` SELECT token_id, token, df, max_weight,"
            + " sum_weight, model_id FROM delta.`{dir}/token_stats` WHERE token_id = "
            + id[4]);
    sql(
        t,
        "INSERT INTO delta.`{dir}/token_stats` VALUES (30000, 'x', 1, 1.0, 1.0, '" + model + "')");
    Map<String, VerifyReport.Difference> k = byKind(verify(t));
    assertEquals(
        List.of(
            "token_stats: df differs",
            "token_stats: duplicate token",
            "token_stats: extra token",
            "token_stats: max_weight differs",
            "token_stats: missing token",
            "token_stats: sum_weight differs"),
        List.copyOf(k.keySet()));
    for (VerifyReport.Difference d : k.values()) {
      assertEquals(1, d.count(), d.kind());
    }
    assertTrue(
        first(k, "token_stats: df differs")
            .matches("model " + model + " token " + id[0] + ": df (\\d+), doc_vectors (\\d+)"),
        k.get("token_stats: df differs").examples().toString());
    assertTrue(first(k, "token_stats: extra token").contains("token 30000"));
    assertTrue(first(k, "token_stats: missing token").contains("token " + id[3] + ": no row"));
  }

  @Test
  void malformedDocVectorsAreNamed() throws IOException {
    Path t = copy();
    sql(
        t,
        "UPDATE delta.`{dir}/doc_vectors` SET active_dims = active_dims + 1 WHERE doc_id ="
            + " 'd01'");
    sql(
        t,
        "UPDATE delta.`{dir}/doc_vectors` SET token_ids = reverse(token_ids), weights ="
            + " reverse(weights) WHERE doc_id = 'd02'");
    sql(
        t,
        "UPDATE delta.`{dir}/doc_vectors` SET weights = transform(weights, (w, i) -> CASE WHEN"
            + " i = 0 THEN CAST(0 AS FLOAT) ELSE w END) WHERE doc_id = 'd03'");
    sql(
        t,
        "INSERT INTO delta.`{dir}/doc_vectors` SELECT * FROM delta.`{dir}/doc_vectors` WHERE"
            + " doc_id = 'd04'");
    VerifyReport r = verify(t);
    Map<String, VerifyReport.Difference> k = byKind(r);
    assertEquals(1, k.get("doc_vectors: active_dims is not the number of non-zeros").count());
    assertTrue(
        first(k, "doc_vectors: active_dims is not the number of non-zeros")
            .startsWith("model " + model + " doc d01: active_dims "),
        r.render());
    assertEquals(1, k.get("doc_vectors: token_ids not strictly ascending").count());
    assertEquals(1, k.get("doc_vectors: zero, negative or NaN weight").count());
    assertEquals(1, k.get("doc_vectors: duplicate doc_id").count());
    assertTrue(
        first(k, "doc_vectors: duplicate doc_id").equals("model " + model + " doc d04: 2 rows"),
        r.render());
    // The zeroed weight of d03 also no longer matches its posting.
    assertEquals(1, k.get("postings: weight differs").count(), r.render());
  }

  @Test
  void twoActiveModelsAreADifference() throws IOException {
    Path t = copy();
    sql(
        t,
        "INSERT INTO delta.`{dir}/models` SELECT 'ffffffffffffffff', source,"
            + " query_weights_sha256, query_fingerprint, graph_sha256, created_at, true,"
            + " activated_at, synced_table_id, synced_version, updated_at, postings_version,"
            + " token_stats_version FROM delta.`{dir}/models`");
    VerifyReport r = verify(t);
    VerifyReport.Difference d = byKind(r).get("models: not exactly one active model");
    assertEquals(2, d.count(), r.render());
    assertTrue(d.examples().get(0).startsWith("2 active of 2 registered"), r.render());
  }

  @Test
  void aMissingPostingsTableIsADifference() throws IOException {
    Path t = copy();
    try (Stream<Path> files = Files.walk(t.resolve("postings"))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Map<String, VerifyReport.Difference> k = byKind(verify(t));
    assertEquals(1, k.get("index: missing table").count());
    assertTrue(k.containsKey("postings: missing posting"));
  }

  @Test
  void aFolderWithoutDocVectorsIsAnError() {
    Path empty = SparkTestSession.newDir("no-index");
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> VerifyIndexJob.run(spark(), VerifyOptions.of(empty.toString())));
    assertTrue(
        e.getMessage().contains(empty.resolve("doc_vectors") + ": does not exist"), e.getMessage());
  }

  @Test
  void oneModelCanBeCheckedAlone() throws IOException {
    Path t = copy();
    sql(t, "INSERT INTO delta.`{dir}/postings` VALUES (1, 'nope', 0.5, 'othermodel')");
    // Registered (inactive), so readers and verify see its rows.
    sql(
        t,
        "INSERT INTO delta.`{dir}/models` SELECT 'othermodel', NULL, NULL, NULL, NULL,"
            + " created_at, false, NULL, NULL, NULL, updated_at, NULL, NULL FROM"
            + " delta.`{dir}/models`");
    assertFalse(verify(t).clean());
    VerifyReport only =
        VerifyIndexJob.run(
            spark(), new VerifyOptions(t.toString(), model, VerifyOptions.DEFAULT_EXAMPLES));
    assertTrue(only.clean(), only.render());
  }
}
