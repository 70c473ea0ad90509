package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.model.TestModels.DOCUMENT;
import static org.spladespark.model.TestModels.POOLING;
import static org.spladespark.model.TestModels.QUERY;
import static org.spladespark.model.TestModels.assertFails;
import static org.spladespark.model.TestModels.assertReferenceQueries;
import static org.spladespark.model.TestModels.delete;
import static org.spladespark.model.TestModels.editJson;
import static org.spladespark.model.TestModels.setJson;
import static org.spladespark.model.TestModels.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/** Older and foreign folder layouts, max sequence length fallbacks and the fingerprint. */
class ModelBundleLayoutsTest {
  @TempDir Path tmp;
  private Path model;

  @BeforeEach
  void copy() {
    model = TestModels.copyTinyModel(tmp);
  }

  /** Renames a router module folder and records its new name and type in router_config.json. */
  private void renameModule(String route, String from, String to, String type) throws IOException {
    Files.move(model.resolve(from), model.resolve(to));
    editJson(
        model.resolve("router_config.json"),
        r -> {
          ObjectNode types = r.withObjectProperty("types");
          types.remove(from);
          types.put(to, type);
          var list = r.withObjectProperty("structure").withArray(route);
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i).asText().equals(from)) {
              list.set(i, Json.MAPPER.getNodeFactory().textNode(to));
            }
          }
        });
  }

  @Test
  void theOracleFolderLoads() {
    ModelBundle b = ModelBundle.load(Fixtures.tinyModel());
    assertEquals(QUERY, b.queryDir().getFileName().toString());
    assertEquals(DOCUMENT, b.documentDir().getFileName().toString());
    assertEquals(new PoolingConfig("max", "relu", 30522), b.pooling());
    assertEquals(30522, b.vocabSize());
    assertEquals(512, b.maxSeqLength());
    assertReferenceQueries(b);
  }

  @Test
  void legacyIdfQueryModule() throws IOException {
    renameModule(
        "query", QUERY, "query_0_IDF", "sentence_transformers.sparse_encoder.models.IDF.IDF");
    ModelBundle b = ModelBundle.load(model);
    assertEquals("query_0_IDF", b.queryDir().getFileName().toString());
    assertReferenceQueries(b);
  }

  @Test
  void legacyTransformerDocumentModule() throws IOException {
    renameModule(
        "document",
        DOCUMENT,
        "document_0_Transformer",
        "sentence_transformers.models.Transformer.Transformer");
    ModelBundle b = ModelBundle.load(model);
    assertEquals("document_0_Transformer", b.documentDir().getFileName().toString());
    assertTrue(Files.isRegularFile(b.documentWeights()));
    assertEquals(512, b.maxSeqLength());
    assertReferenceQueries(b);
  }

  @Test
  void idfJsonGivesTheSameVectorsAsSafetensors() {
    ModelBundle original = ModelBundle.load(model);
    delete(model.resolve(QUERY).resolve("model.safetensors"));
    write(model.resolve(QUERY).resolve("idf.json"), TestModels.idfJson(original));
    ModelBundle b = ModelBundle.load(model);
    assertEquals("idf.json", b.queryWeights().source().getFileName().toString());
    assertEquals(original.queryWeights().sha256(), b.queryWeights().sha256());
    assertReferenceQueries(b);
  }

  @Test
  void tokensAbsentFromIdfJsonWeighZero() throws IOException {
    ModelBundle original = ModelBundle.load(model);
    int cell = original.vocabulary().id("cell");
    assertTrue(original.queryWeights().weight(cell) != 0f);
    ObjectNode idf = (ObjectNode) Json.MAPPER.readTree(TestModels.idfJson(original));
    idf.remove("cell");
    delete(model.resolve(QUERY).resolve("model.safetensors"));
    write(model.resolve(QUERY).resolve("idf.json"), idf.toString());

    ModelBundle b = ModelBundle.load(model);
    assertEquals(0f, b.queryWeights().weight(cell));
    try (QueryEncoder before = QueryEncoder.create(original);
        QueryEncoder after = QueryEncoder.create(b)) {
      SparseVector full = before.encode("cell biology");
      SparseVector pruned = after.encode("cell biology");
      assertEquals(full.size() - 1, pruned.size());
      for (int i = 0; i < pruned.size(); i++) {
        assertNotEquals(cell, pruned.index(i));
        assertEquals(full.get(pruned.index(i)), pruned.value(i));
      }
    }
  }

  @Test
  void openSearchRootLayout() throws IOException {
    ModelBundle original = ModelBundle.load(model);
    Path root = tmp.resolve("opensearch");
    Files.createDirectories(root);
    for (String f :
        List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
      Files.copy(model.resolve(DOCUMENT).resolve(f), root.resolve(f));
    }
    write(root.resolve("idf.json"), TestModels.idfJson(original));

    ModelBundle b = ModelBundle.load(root);
    assertEquals(b.root(), b.queryDir());
    assertEquals(b.root(), b.documentDir());
    assertEquals(new PoolingConfig("max", "relu", 30522), b.pooling());
    assertEquals(512, b.maxSeqLength());
    assertReferenceQueries(b);
    assertEquals(original.queryAndTokenizerFingerprint(), b.queryAndTokenizerFingerprint());
  }

  @Test
  void maxSeqLengthFromSentenceBertConfigWins() {
    setJson(model.resolve(DOCUMENT).resolve("sentence_bert_config.json"), "max_seq_length", 128);
    setJson(model.resolve(DOCUMENT).resolve("tokenizer_config.json"), "model_max_length", 256);
    assertEquals(128, ModelBundle.load(model).maxSeqLength());
  }

  @Test
  void maxSeqLengthNeverExceedsThePositionTable() {
    setJson(model.resolve(DOCUMENT).resolve("sentence_bert_config.json"), "max_seq_length", 4096);
    assertEquals(512, ModelBundle.load(model).maxSeqLength());
  }

  @Test
  void maxSeqLengthFromTokenizerConfig() {
    // v6 saves have no max_seq_length in sentence_bert_config.json (the oracle folder is one).
    setJson(model.resolve(DOCUMENT).resolve("tokenizer_config.json"), "model_max_length", 256);
    ModelBundle b = ModelBundle.load(model);
    assertEquals(256, b.maxSeqLength());
    try (QueryEncoder q = QueryEncoder.create(b)) {
      assertEquals(256, q.tokenizer().maxLength());
    }
  }

  @Test
  void maxSeqLengthIgnoresTheUnlimitedSentinel() {
    setJson(
        model.resolve(DOCUMENT).resolve("tokenizer_config.json"),
        "model_max_length",
        1.0000000000000000e30);
    setJson(model.resolve(DOCUMENT).resolve("config.json"), "max_position_embeddings", 300);
    assertEquals(300, ModelBundle.load(model).maxSeqLength());
  }

  @Test
  void maxSeqLengthFromPositionEmbeddings() throws IOException {
    delete(model.resolve(DOCUMENT).resolve("sentence_bert_config.json"));
    delete(model.resolve(DOCUMENT).resolve("tokenizer_config.json"));
    setJson(model.resolve(DOCUMENT).resolve("config.json"), "max_position_embeddings", 384);
    assertEquals(384, ModelBundle.load(model).maxSeqLength());
  }

  @Test
  void poolingDimensionV6Key() {
    assertEquals(30522, ModelBundle.load(model).pooling().dimension());
  }

  @Test
  void poolingDimensionV5Key() {
    Path cfg = model.resolve(POOLING).resolve("config.json");
    editJson(
        cfg,
        c -> {
          c.remove("embedding_dimension");
          c.put("word_embedding_dimension", 30522);
        });
    assertEquals(30522, ModelBundle.load(model).pooling().dimension());
    editJson(cfg, c -> c.put("word_embedding_dimension", 768));
    assertFails(
        () -> ModelBundle.load(model),
        POOLING + "/config.json: vocab size mismatch: embedding dimension 768");
  }

  @Test
  void poolingWithoutDimensionLoads() {
    editJson(model.resolve(POOLING).resolve("config.json"), c -> c.remove("embedding_dimension"));
    assertEquals(-1, ModelBundle.load(model).pooling().dimension());
  }

  @Test
  void fingerprintDependsOnContentNotPlace() throws Exception {
    ModelBundle a = ModelBundle.load(Fixtures.tinyModel());
    ModelBundle b = ModelBundle.load(model);
    assertEquals(64, a.queryAndTokenizerFingerprint().length());
    assertEquals(a.queryAndTokenizerFingerprint(), b.queryAndTokenizerFingerprint());
    String tokenizerSha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(model.resolve(QUERY).resolve("tokenizer.json"))));
    assertEquals(tokenizerSha, b.queryTokenizerSha256());
    assertEquals(tokenizerSha, b.documentTokenizerSha256());
  }

  @Test
  void fingerprintChangesWithOneQueryWeight() throws IOException {
    String before = ModelBundle.load(model).queryAndTokenizerFingerprint();
    Path weights = model.resolve(QUERY).resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int last = bytes.length - 4;
    b.putFloat(last, b.getFloat(last) + 1f);
    write(weights, bytes);
    assertNotEquals(before, ModelBundle.load(model).queryAndTokenizerFingerprint());
  }

  @Test
  void fingerprintChangesWithTheTokenizerBytes() throws IOException {
    String before = ModelBundle.load(model).queryAndTokenizerFingerprint();
    Path tokenizer = model.resolve(QUERY).resolve("tokenizer.json");
    Files.writeString(tokenizer, "\n", java.nio.file.StandardOpenOption.APPEND);
    ModelBundle after = ModelBundle.load(model);
    assertNotEquals(before, after.queryAndTokenizerFingerprint());
    assertNotEquals(after.queryTokenizerSha256(), after.documentTokenizerSha256());
  }

  @Test
  void fingerprintChangesWithTheMaxSeqLength() {
    String before = ModelBundle.load(model).queryAndTokenizerFingerprint();
    setJson(model.resolve(DOCUMENT).resolve("sentence_bert_config.json"), "max_seq_length", 128);
    String after = ModelBundle.load(model).queryAndTokenizerFingerprint();
    assertNotEquals(before, after);
    assertFalse(after.isEmpty());
  }
}
