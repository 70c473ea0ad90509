package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.reencode.ReencodeFixtures.assertClean;
import static org.spladespark.jobs.reencode.ReencodeFixtures.corpus;
import static org.spladespark.jobs.reencode.ReencodeFixtures.options;
import static org.spladespark.jobs.reencode.ReencodeFixtures.run;
import static org.spladespark.jobs.testing.SparkTestSession.table;
import static org.spladespark.testing.Fixtures.sampleRows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.SyntheticModel;
import org.spladespark.jobs.models.ActiveModel;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.models.ModelsCommand;
import org.spladespark.jobs.search.SpladeIndex;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.jobs.verify.VerifyReport;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * Model versions end to end: encode model A, switch to model B (a synthetic model with other random
 * weights and query weights), search and verify see B, roll back, they see A again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelSwitchIT {
  private static Path tables;
  private static Path input;
  private static EncoderSpec specB;
  private static Path dirB;
  private static ModelBundle bundleA;
  private static ModelBundle bundleB;
  private static String idA;
  private static String idB;
  private static ModelRegistry registry;
  private static long modelsBeforeSwitch;
  private static ReencodeMetrics switched;

  @BeforeAll
  static void encodeAThenSwitchToB() {
    SparkSession spark = SparkTestSession.get();
    tables = SparkTestSession.newDir("switch");
    input = corpus(sampleRows());
    dirB =
        SyntheticModel.write(
            SparkTestSession.newDir("model-b").resolve("model"),
            Fixtures.tinyModel(),
            new SyntheticModel.Shape(32, 2, 2, 64, 30522, 512),
            7L);
    EncoderSpec cpuB = EncoderSpec.cpu(dirB.toString());
    specB = cpuB.withBatching(cpuB.maxBatchTokens(), 1);
    ExecutorEncoders.ResolvedModel a = ExecutorEncoders.resolve(ReencodeFixtures.tinySpec());
    ExecutorEncoders.ResolvedModel b = ExecutorEncoders.resolve(specB);
    bundleA = a.bundle();
    bundleB = b.bundle();
    idA = a.modelId();
    idB = b.modelId();
    registry = new ModelRegistry(spark, tables.toString());

    run(options(input, tables));
    modelsBeforeSwitch = registry.version();
    switched = run(options(input, tables, specB)).metrics();
  }

  /**
   * The best document for a query, found by search ({@link SpladeIndex}, which resolves and checks
   * the model through {@link ActiveModel}) and checked against {@link SparseVector#dot} over the
   * model's doc_vectors rows.
   */
  private static Hit search(Path queryModel) {
    SparkSession spark = SparkTestSession.get();
    try (SpladeIndex index = SpladeIndex.open(spark, tables.toString(), queryModel.toString())) {
      String modelId = index.modelId();
      Map<String, SparseVector> docs = new TreeMap<>();
      for (Row r :
          table(tables, DocVectorsTable.TABLE)
              .where(col("model_id").equalTo(modelId))
              .collectAsList()) {
        docs.put(r.getAs("doc_id"), VectorColumns.read(r));
      }
      // The query: whole-word tokens a document has under this model (random-weight models rarely
      // activate the words of a text, so arbitrary words would often match nothing).
      ModelBundle bundle = ModelBundle.load(queryModel);
      List<String> words = new ArrayList<>();
      for (SparseVector v : docs.values()) {
        for (int i = 0; i < v.size() && words.size() < 4; i++) {
          String token = bundle.vocabulary().token(v.index(i));
          if (token.matches("[a-z]{3,}")) {
            words.add(token);
          }
        }
        if (words.size() >= 2) {
          break;
        }
        words.clear();
      }
      String query = String.join(" ", words);
      SparseVector q = index.encode(query);
      assertTrue(q.size() > 0, query);
      List<org.spladespark.jobs.search.Hit> hits = index.search(query, 1);
      String best = null;
      float bestScore = 0;
      for (Map.Entry<String, SparseVector> d : docs.entrySet()) {
        float score = q.dot(d.getValue());
        if (best == null || score > bestScore) {
          best = d.getKey();
          bestScore = score;
        }
      }
      assertEquals(best, hits.get(0).docId(), query);
      assertEquals(bestScore, hits.get(0).score(), query);
      return new Hit(modelId, best);
    }
  }

  record Hit(String modelId, String docId) {}

  @Test
  @Order(1)
  void theSwitchEncodesEveryDocumentBesideTheOldModel() {
    assertNotEquals(idA, idB);
    assertEquals(idB, switched.modelId());
    assertEquals(50, switched.corpus().docs().added());
    assertEquals(50, switched.corpus().encodedDocs());
    assertEquals(IndexUpdate.Mode.REBUILT, switched.index().mode());
    assertTrue(switched.outcome().activated());
    assertEquals(idA, switched.outcome().previousActiveModel());
    assertEquals(
        50, table(tables, DocVectorsTable.TABLE).where(col("model_id").equalTo(idA)).count());
    assertEquals(
        50, table(tables, DocVectorsTable.TABLE).where(col("model_id").equalTo(idB)).count());
  }

  @Test
  @Order(2)
  void theFlipIsOneCommitOnModels() {
    assertEquals(modelsBeforeSwitch + 1, registry.version());
    List<ModelRow> now = registry.list();
    assertEquals(2, now.size());
    assertEquals(
        List.of(idB), now.stream().filter(ModelRow::active).map(ModelRow::modelId).toList());
    List<ModelRow> before = registry.listAt(modelsBeforeSwitch);
    assertEquals(
        List.of(idA), before.stream().filter(ModelRow::active).map(ModelRow::modelId).toList());
  }

  @Test
  @Order(3)
  void searchAndVerifySeeModelB() {
    assertEquals(idB, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());
    assertEquals(idB, search(dirB).modelId());
    VerifyReport r = ReencodeFixtures.verify(tables);
    assertTrue(r.clean(), r.render());
    assertEquals(idB, r.activeModel());
    assertEquals(List.of(idA, idB).stream().sorted().toList(), r.models());
  }

  @Test
  @Order(4)
  void queryWeightsOfModelAAreRefusedAgainstModelB() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> ActiveModel.require(SparkTestSession.get(), tables.toString(), bundleA));
    String m = e.getMessage();
    assertTrue(m.contains(bundleA.root().toString()), m);
    assertTrue(
        m.contains("query weights sha256 " + bundleA.queryWeights().sha256().substring(0, 12)), m);
    assertTrue(m.contains("serves model " + idB), m);
    assertTrue(m.contains("switch the index to model " + idA), m);
    // Searching model A explicitly (a staged or previous model) with its own weights is fine.
    assertEquals(
        idA,
        ActiveModel.require(SparkTestSession.get(), tables.toString(), bundleA, idA).modelId());
    assertThrows(
        SpladeException.class,
        () -> ActiveModel.require(SparkTestSession.get(), tables.toString(), bundleB, idA));
  }

  @Test
  @Order(5)
  void rollbackServesModelAAgain() {
    ModelRegistry.Rollback r = registry.rollback(null);
    assertEquals(idB, r.fromModel());
    assertEquals(idA, r.toModel());
    assertEquals(modelsBeforeSwitch, r.restoredVersion());
    assertEquals(idA, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());
    assertEquals(idA, search(Fixtures.tinyModel()).modelId());
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> ActiveModel.require(SparkTestSession.get(), tables.toString(), bundleB));
    assertTrue(e.getMessage().contains("serves model " + idA), e.getMessage());
    // B's rows stay for a later switch; the index is consistent for both models.
    assertEquals(
        50, table(tables, DocVectorsTable.TABLE).where(col("model_id").equalTo(idB)).count());
    VerifyReport v = ReencodeFixtures.verify(tables);
    assertTrue(v.clean(), v.render());
    assertEquals(idA, v.activeModel());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ModelsCommand.list(
        SparkTestSession.get(),
        tables.toString(),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String list = buf.toString(StandardCharsets.UTF_8);
    assertTrue(list.contains("* " + idA), list);
    assertTrue(list.contains(idB) && list.contains("vectors only"), list);
  }

  @Test
  @Order(6)
  void switchingBackToBAfterTheRollbackNeedsActivateThenEncodesNothing() {
    // A scheduled re-encode with B must not undo the rollback silently.
    long before = registry.version();
    SpladeException refused =
        assertThrows(SpladeException.class, () -> run(options(input, tables, specB)));
    assertTrue(refused.getMessage().contains("was rolled back"), refused.getMessage());
    assertTrue(refused.getMessage().contains("pass --activate"), refused.getMessage());
    assertEquals(before, registry.version());
    assertEquals(idA, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());

    ReencodeMetrics again =
        run(options(input, tables, specB).toBuilder().activation(true).build()).metrics();
    assertEquals(0, again.corpus().encodedDocs());
    assertEquals(50, again.corpus().docs().unchanged());
    assertTrue(again.outcome().activated());
    assertEquals(idB, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());
    assertClean(tables);

    long v = registry.version();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ModelsCommand.activate(
        SparkTestSession.get(),
        tables.toString(),
        idA,
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(v + 1, registry.version());
    assertEquals(idA, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());
    assertTrue(
        buf.toString(StandardCharsets.UTF_8)
            .contains("active model: " + idA + " (was " + idB + ")"));
    assertFalse(registry.find(idB).orElseThrow().active());
  }

  @Test
  @Order(7)
  void stagingWithoutActivateKeepsTheActiveModel() {
    ReencodeMetrics staged =
        run(options(input, tables, specB).toBuilder().activation(false).build()).metrics();
    assertFalse(staged.outcome().activated());
    assertEquals(idA, ActiveModel.resolve(SparkTestSession.get(), tables.toString()).modelId());
  }

  @Test
  @Order(8)
  void activatingAnUnknownModelIsRefused() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                ModelsCommand.activate(
                    SparkTestSession.get(),
                    tables.toString(),
                    "0000000000000000",
                    new PrintStream(java.io.OutputStream.nullOutputStream())));
    assertTrue(e.getMessage().contains("has no model '0000000000000000'"), e.getMessage());
    assertTrue(e.getMessage().contains(idA + "' (active)"), e.getMessage());
  }

  @Test
  @Order(9)
  void switchingAnIndexWithoutModelsRegistersItsModelSoTheSwitchCanBeRolledBack()
      throws java.io.IOException {
    Path legacy = SparkTestSession.newDir("legacy-switch");
    org.spladespark.jobs.encode.EncodeCorpusJob.run(
        SparkTestSession.get(),
        options(input, legacy).encode(),
        new PrintStream(java.io.OutputStream.nullOutputStream()));
    ModelRegistry r = new ModelRegistry(SparkTestSession.get(), legacy.toString());
    assertTrue(r.exists(), "encode registers its model");
    // An index written before encode registered models: no models table.
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(Path.of(r.path()))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
    assertFalse(r.exists());
    assertEquals(idA, ActiveModel.resolve(SparkTestSession.get(), legacy.toString()).modelId());

    Printed<ReencodeMetrics> b = run(options(input, legacy, specB));
    assertTrue(
        b.console().contains("registered the index's model " + idA + " as the active one"),
        b.console());
    assertEquals(idA, b.metrics().outcome().previousActiveModel());
    assertEquals(idB, ActiveModel.resolve(SparkTestSession.get(), legacy.toString()).modelId());
    assertClean(legacy);

    assertEquals(idA, r.rollback(null).toModel());
    ActiveModel a = ActiveModel.require(SparkTestSession.get(), legacy.toString(), bundleB);
    // Registered from the tables alone, A's query side is unknown: not checked.
    assertEquals(idA, a.modelId());
    assertTrue(a.registered());
    assertEquals(null, a.queryFingerprint());
  }
}
