package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import static org.spladespark.jobs.reencode.ReencodeFixtures.without;
import static org.spladespark.jobs.testing.SparkTestSession.table;
import static org.spladespark.testing.Fixtures.sampleRows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.DocVectorEncoding;
import org.spladespark.jobs.encode.DocumentText;
import org.spladespark.jobs.models.ActiveModel;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.testing.PhaseTimes;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.vector.Pruning;

/**
 * One index re-encoded through a sequence of corpus versions; after each run the tables must equal
 * those of a clean run on the same corpus in a fresh folder, and verify must be clean.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReencodeJobIT {
  private static final Map<String, String[]> V1 = sampleRows();
  private static final Map<String, String[]> V2 = edited(V1, EDITED);
  private static final Map<String, String[]> V3 = addOne(without(V2, List.of("d05", "d30")), "d51");
  private static Path tables;
  private static Path v2;
  private static String modelId;
  private static Printed<ReencodeMetrics> first;
  private static Printed<ReencodeMetrics> edit;

  private static Map<String, String[]> addOne(Map<String, String[]> docs, String id) {
    Map<String, String[]> out = new java.util.LinkedHashMap<>(docs);
    out.put(
        id, new String[] {"Tides", "The moon's gravity raises two tidal bulges in the oceans."});
    return out;
  }

  @BeforeAll
  static void firstRun() {
    tables = SparkTestSession.newDir("reencode");
    first = run(options(corpus(V1), tables));
    modelId = first.metrics().modelId();
  }

  private static final Map<Map<String, String[]>, Map<String, List<String>>> CLEAN =
      new java.util.IdentityHashMap<>();

  /** The tables of a clean run of {@code docs} in a fresh folder (computed once per corpus). */
  private static Map<String, List<String>> clean(Map<String, String[]> docs) {
    return CLEAN.computeIfAbsent(
        docs,
        d -> {
          Path fresh = SparkTestSession.newDir("clean");
          run(options(corpus(d), fresh));
          return snapshot(fresh);
        });
  }

  @Test
  @Order(1)
  void firstRunEncodesEveryDocumentAndActivatesTheModel() {
    ReencodeMetrics m = first.metrics();
    assertEquals(ExecutorEncoders.resolve(ReencodeFixtures.tinySpec()).modelId(), modelId);
    assertEquals(50, m.corpus().docs().added());
    assertEquals(
        0, m.corpus().docs().changed() + m.corpus().docs().unchanged() + m.corpus().deletedDocs());
    assertEquals(50, m.corpus().encodedDocs());
    assertEquals(IndexUpdate.Mode.REBUILT, m.index().mode());
    assertEquals("no sync marker for the model", m.index().reason());
    assertTrue(m.outcome().activated());
    assertNull(m.outcome().previousActiveModel());
    assertEquals(0, m.outcome().conflictRetries());
    assertClean(tables);

    ModelRegistry registry = new ModelRegistry(SparkTestSession.get(), tables.toString());
    List<ModelRow> rows = registry.list();
    assertEquals(1, rows.size());
    ModelRow r = rows.get(0);
    ModelBundle bundle = ExecutorEncoders.resolve(ReencodeFixtures.tinySpec()).bundle();
    assertEquals(modelId, r.modelId());
    assertTrue(r.active());
    assertEquals(ReencodeFixtures.tinySpec().model(), r.source());
    assertEquals(bundle.queryWeights().sha256(), r.queryWeightsSha256());
    assertEquals(bundle.queryAndTokenizerFingerprint(), r.queryFingerprint());
    assertEquals(version(tables, DocVectorsTable.TABLE), r.syncedVersion());
    assertEquals(
        modelId, ActiveModel.require(SparkTestSession.get(), tables.toString(), bundle).modelId());
    Map<String, String> props =
        TableRef.path(tables.toString())
            .child(DocVectorsTable.TABLE)
            .properties(SparkTestSession.get());
    assertEquals("true", props.get("delta.enableChangeDataFeed"));
  }

  @Test
  @Order(2)
  void editingThreeOfFiftyDocumentsEncodesExactlyThree() {
    v2 = corpus(V2);
    edit = run(options(v2, tables));
    ReencodeMetrics m = edit.metrics();
    assertEquals(3, m.corpus().encodedDocs());
    assertEquals(3, m.corpus().docs().changed());
    assertEquals(47, m.corpus().docs().unchanged());
    assertEquals(0, m.corpus().docs().added() + m.corpus().deletedDocs());
    assertEquals(IndexUpdate.Mode.INCREMENTAL, m.index().mode());
    assertEquals(3, m.index().docs());
    assertFalse(m.outcome().activated());
    assertEquals(modelId, m.outcome().previousActiveModel());
    assertClean(tables);
    for (Row r :
        table(tables, DocVectorsTable.TABLE)
            .where("doc_id IN ('d03', 'd17', 'd42')")
            .collectAsList()) {
      String[] d = V2.get(r.<String>getAs("doc_id"));
      assertEquals(
          DocVectorEncoding.textSha256(DocumentText.of(d[0], d[1])), r.getAs("text_sha256"));
    }
    assertEquals(clean(V2), snapshot(tables));
    assertTrue(edit.console().contains("3 changed, 47 unchanged"), edit.console());
  }

  @Test
  @Order(3)
  void anUnchangedCorpusEncodesAndCommitsNothingButTheRegistry() {
    long dv = version(tables, DocVectorsTable.TABLE);
    long postings = version(tables, "postings");
    ReencodeMetrics m = run(options(v2, tables)).metrics();
    assertEquals(0, m.corpus().encodedDocs());
    assertEquals(50, m.corpus().docs().unchanged());
    assertEquals(IndexUpdate.Mode.NONE, m.index().mode());
    assertEquals(dv, version(tables, DocVectorsTable.TABLE));
    assertEquals(postings, version(tables, "postings"));
    assertClean(tables);
  }

  @Test
  @Order(4)
  void removedDocumentsAreDeletedAndNewOnesAdded() {
    ReencodeMetrics m = run(options(corpus(V3), tables)).metrics();
    assertEquals(1, m.corpus().docs().added());
    assertEquals(2, m.corpus().deletedDocs());
    assertEquals(1, m.corpus().encodedDocs());
    assertEquals(0, m.corpus().docs().changed());
    assertEquals(3, m.index().docs());
    assertTrue(m.index().postingsDeleted() > 0 && m.index().postingsInserted() > 0);
    assertClean(tables);
    assertEquals(clean(V3), snapshot(tables));
  }

  @Test
  @Order(5)
  void keepMissingLeavesTheVectorsOfRemovedDocuments() {
    ReencodeMetrics m =
        run(options(corpus(without(V3, List.of("d07"))), tables).toBuilder()
                .deleteMissing(false)
                .build())
            .metrics();
    assertEquals(0, m.corpus().deletedDocs());
    assertEquals(1, m.corpus().missingKeptDocs());
    assertEquals(0, m.corpus().encodedDocs());
    assertEquals(1, table(tables, DocVectorsTable.TABLE).where("doc_id = 'd07'").count());
    assertClean(tables);
  }

  @Test
  @Order(6)
  void anIncompleteInputIsRefusedBeforeAnythingIsWritten() {
    long dv = version(tables, DocVectorsTable.TABLE);
    Map<String, String[]> ten = new java.util.LinkedHashMap<>();
    V3.entrySet().stream().limit(10).forEach(e -> ten.put(e.getKey(), e.getValue()));
    SpladeException e =
        assertThrows(SpladeException.class, () -> run(options(corpus(ten), tables)));
    assertTrue(
        e.getMessage().contains("lacks 39 of the 49 documents of model " + modelId),
        e.getMessage());
    assertTrue(e.getMessage().contains("more than --max-delete-fraction 0.25"), e.getMessage());
    assertTrue(e.getMessage().contains("--no-delete-missing"), e.getMessage());
    assertEquals(dv, version(tables, DocVectorsTable.TABLE));
    assertClean(tables);
  }

  @Test
  @Order(7)
  void metricsFileDescribesTheEditRun() throws IOException {
    ReencodeMetrics m = edit.metrics();
    Path file = Path.of(m.path());
    assertTrue(file.startsWith(tables.resolve("_runs")), m.path());
    assertTrue(file.getFileName().toString().startsWith("reencode-"), m.path());
    JsonNode j = new ObjectMapper().readTree(file.toFile());
    assertEquals(modelId, j.get("model_id").asText());
    assertEquals(0, j.get("docs_new").asLong());
    assertEquals(3, j.get("docs_changed").asLong());
    assertEquals(47, j.get("docs_unchanged").asLong());
    assertEquals(0, j.get("docs_deleted").asLong());
    assertEquals(3, j.get("docs_encoded").asLong());
    assertEquals("incremental", j.get("index_sync").asText());
    assertEquals(m.index().version(), j.get("doc_vectors_version").asLong());
    assertEquals(0, j.get("conflict_retries").asInt());
    assertTrue(
        j.has("seconds")
            && j.has("validate_seconds")
            && j.has("encode_seconds")
            && j.has("index_seconds"));
    PhaseTimes.assertContiguous(m.timings());
  }

  @Test
  @Order(8)
  void changingThePruningReencodesEveryDocument() {
    Path folder = SparkTestSession.newDir("pruning");
    Path input = corpus(V1);
    run(options(input, folder));
    ReencodeOptions pruned =
        options(input, folder, ReencodeFixtures.tinySpec().withPruning(Pruning.parse("top_k=8")));
    ReencodeMetrics m = run(pruned).metrics();
    assertEquals(50, m.corpus().docs().changed());
    assertEquals(50, m.corpus().encodedDocs());
    assertEquals(modelId, m.modelId());
    assertClean(folder);
    for (Row r : table(folder, DocVectorsTable.TABLE).collectAsList()) {
      assertTrue(r.<Integer>getAs("active_dims") <= 8);
      assertEquals("top_k=8", r.getAs("pruning"));
    }
  }

  @Test
  @Order(9)
  void changesMadeWhileTheFeedWasOffAreRepairedByARebuild() {
    Path folder = SparkTestSession.newDir("feed-off");
    run(options(corpus(V1), folder));
    // Someone turns the change data feed off and changes the model's rows.
    SparkTestSession.get()
        .sql(
            "ALTER TABLE delta.`"
                + folder.resolve(DocVectorsTable.TABLE)
                + "` SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'false')");
    SparkTestSession.get()
        .sql(
            "DELETE FROM delta.`"
                + folder.resolve(DocVectorsTable.TABLE)
                + "` WHERE doc_id = 'd01'");
    Printed<ReencodeMetrics> r = run(options(corpus(V3), folder));
    assertEquals(IndexUpdate.Mode.REBUILT, r.metrics().index().mode());
    assertTrue(
        r.metrics().index().reason().startsWith("change feed of versions"),
        r.metrics().index().reason());
    assertTrue(r.console().contains("enabled the change data feed"), r.console());
    assertClean(folder);
    assertEquals(clean(V3), snapshot(folder));
  }

  @Test
  @Order(10)
  void deleteRowsCarryTheKeysTheModelAndTypedNulls() {
    SparkSession spark = SparkTestSession.get();
    Map<StructType, String[]> tables =
        Map.of(
            DocVectorsTable.SCHEMA, new String[] {DocVectorsTable.DOC_ID},
            PostingsTable.SCHEMA, new String[] {PostingsTable.TOKEN_ID, PostingsTable.DOC_ID},
            TokenStatsTable.SCHEMA, new String[] {TokenStatsTable.TOKEN_ID});
    for (Map.Entry<StructType, String[]> t : tables.entrySet()) {
      UpsertColumns columns = UpsertColumns.of(t.getKey(), t.getValue());
      Dataset<Row> keys =
          spark.range(1).selectExpr("'d1' AS doc_id", "7 AS token_id").selectExpr(t.getValue());
      Dataset<Row> deletes = columns.deletes(keys, "m");
      List<String> expected = new ArrayList<>();
      for (StructField f : t.getKey().fields()) {
        expected.add(f.name() + " " + f.dataType().simpleString());
      }
      expected.add(UpsertColumns.OP + " string");
      List<String> actual = new ArrayList<>();
      for (StructField f : deletes.schema().fields()) {
        actual.add(f.name() + " " + f.dataType().simpleString());
      }
      assertEquals(expected, actual);
      Row r = deletes.first();
      for (StructField f : t.getKey().fields()) {
        Object v = r.getAs(f.name());
        if (f.name().equals(DocVectorsTable.MODEL_ID)) {
          assertEquals("m", v);
        } else if (List.of(t.getValue()).contains(f.name())) {
          assertEquals(f.name().equals(DocVectorsTable.DOC_ID) ? "d1" : 7, v, f.name());
        } else {
          assertNull(v, f.name());
        }
      }
      assertEquals(UpsertColumns.DELETE, r.getAs(UpsertColumns.OP));
    }
  }
}
