package org.spladespark.jobs.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.SampleIndex;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.ModelRow;
import org.spladespark.testing.Fixtures;

/** Resolving the active model and the registry's error paths, on hand-made tables. */
class ActiveModelIT {
  private static final Timestamp T = Timestamp.from(Instant.parse("2025-01-01T00:00:00Z"));
  private static final ModelBundle TINY = ModelBundle.load(Fixtures.tinyModel());

  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  private static ModelRow row(String id, String fingerprint) {
    return new ModelRow(
        id, "src-" + id, "w-" + id, fingerprint, null, T, false, null, null, null, T, null, null);
  }

  /**
   * ActiveModel.resolve of {@code dir} fails with a message containing every one of {@code parts}.
   */
  private static void assertResolveFails(Path dir, String... parts) {
    SpladeException e =
        assertThrows(SpladeException.class, () -> ActiveModel.resolve(spark(), dir.toString()));
    for (String part : parts) {
      assertMentions(e, part);
    }
  }

  @Test
  void anIndexWithoutRegistryServesItsSingleModelUnchecked() {
    Path dir = SparkTestSession.newDir("legacy");
    SampleIndex.writeDocVectors(
        spark(),
        dir.resolve("doc_vectors"),
        SampleIndex.DOCS.stream().filter(d -> d.model().equals("m1")).toList());
    ActiveModel a = ActiveModel.require(spark(), dir.toString(), TINY);
    assertEquals("m1", a.modelId());
    assertFalse(a.registered());
    assertNull(a.queryFingerprint());
  }

  @Test
  void anIndexWithoutRegistryAndTwoModelsIsAmbiguous() {
    Path dir = SparkTestSession.newDir("legacy2");
    SampleIndex.writeDocVectors(spark(), dir.resolve("doc_vectors"), SampleIndex.DOCS);
    assertResolveFails(dir, "holds vectors of several models (m1, m2)", "splade reencode");
  }

  @Test
  void aFolderWithoutTablesIsNamed() {
    Path dir = SparkTestSession.newDir("empty");
    assertResolveFails(dir, "holds neither a models table nor doc_vectors");
  }

  @Test
  void aRegistryWithoutActiveModelIsRefused() {
    Path dir = SparkTestSession.newDir("inactive");
    ModelRegistry r = new ModelRegistry(spark(), dir.toString());
    r.commit(row("aaaa", TINY.queryAndTokenizerFingerprint()), false);
    assertResolveFails(dir, "has no active model (registered: 'aaaa')", "splade models activate");
  }

  @Test
  void commitActivatesOneModelAndKeepsCreationTime() {
    Path dir = SparkTestSession.newDir("commit");
    ModelRegistry r = new ModelRegistry(spark(), dir.toString());
    r.commit(row("aaaa", "fa"), true);
    r.commit(row("bbbb", "fb"), true);
    assertEquals(List.of("bbbb"), r.active().stream().map(ModelRow::modelId).toList());
    Timestamp later = Timestamp.from(Instant.parse("2025-06-01T00:00:00Z"));
    r.commit(
        new ModelRow(
            "aaaa", null, null, null, null, later, false, null, "t", 5L, later, null, null),
        false);
    ModelRow a = r.find("aaaa").orElseThrow();
    assertEquals(T, a.createdAt());
    assertEquals("src-aaaa", a.source());
    assertEquals(5L, a.syncedVersion());
    assertEquals(later, a.updatedAt());
    assertFalse(a.active());
    assertEquals(List.of("bbbb"), r.active().stream().map(ModelRow::modelId).toList());
  }

  @Test
  void anUnregisteredModelIdIsRefusedWhenThereIsARegistry() {
    Path dir = SparkTestSession.newDir("unregistered");
    new ModelRegistry(spark(), dir.toString())
        .commit(row("aaaa", TINY.queryAndTokenizerFingerprint()), true);
    assertEquals("aaaa", ActiveModel.require(spark(), dir.toString(), TINY).modelId());
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> ActiveModel.require(spark(), dir.toString(), TINY, "cccc"));
    assertMentions(e, "has no model 'cccc' (registered: 'aaaa' (active))");
  }

  @Test
  void sameWeightsWithAnotherTokenizerAreRefusedToo() {
    Path dir = SparkTestSession.newDir("tokenizer");
    new ModelRegistry(spark(), dir.toString())
        .commit(
            new ModelRow(
                "aaaa",
                "src",
                TINY.queryWeights().sha256(),
                "another",
                null,
                T,
                true,
                T,
                null,
                null,
                T,
                null,
                null),
            true);
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> ActiveModel.require(spark(), dir.toString(), TINY));
    assertMentions(e, "has the query weights of model aaaa but another tokenizer");
  }

  @Test
  void rollbackWithoutAnEarlierModelIsRefused() {
    Path dir = SparkTestSession.newDir("no-rollback");
    ModelRegistry r = new ModelRegistry(spark(), dir.toString());
    SpladeException none = assertThrows(SpladeException.class, () -> r.rollback(null));
    assertMentions(none, "does not exist");
    r.commit(row("aaaa", "fa"), true);
    SpladeException e = assertThrows(SpladeException.class, () -> r.rollback(null));
    assertMentions(e, "has no earlier version with another active model than" + " aaaa");
    SpladeException v = assertThrows(SpladeException.class, () -> r.rollback(7L));
    assertMentions(v, "cannot restore version 7");
  }

  @Test
  void rollbackToAnExplicitVersion() {
    Path dir = SparkTestSession.newDir("to-version");
    ModelRegistry r = new ModelRegistry(spark(), dir.toString());
    r.commit(row("aaaa", "fa"), true);
    long withA = r.version();
    r.commit(row("bbbb", "fb"), true);
    r.commit(row("cccc", "fc"), true);
    ModelRegistry.Rollback back = r.rollback(withA);
    assertEquals("cccc", back.fromModel());
    assertEquals("aaaa", back.toModel());
    assertEquals(withA + 3, back.newVersion());
    assertEquals(List.of("aaaa"), r.list().stream().map(ModelRow::modelId).toList());
  }

  /** {@code e}'s message contains {@code part} (the message is shown when it does not). */
  private static void assertMentions(Exception e, String part) {
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
