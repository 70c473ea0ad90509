package org.spladespark.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;

class ModelFingerprintTest {
  private final ModelBundle model = ModelBundle.load(Fixtures.tinyModel());

  @Test
  void isTheDocumentedHashOfTheThreeParts() throws Exception {
    Path graph = EncoderFixtures.pooledGraph();
    String joined =
        "splade-model-id/v2\n"
            + hex(Files.readAllBytes(graph))
            + "\n"
            + model.queryAndTokenizerFingerprint();
    String expected = hex(joined.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    String id = ModelFingerprint.of(model, graph);
    assertEquals(expected, id);
    assertEquals(ModelFingerprint.LENGTH, id.length());
    assertTrue(id.matches("[0-9a-f]{16}"), id);
    assertEquals(id, ModelFingerprint.of(ModelBundle.load(Fixtures.tinyModel()), graph));
  }

  @Test
  void changesWithTheGraph() {
    Path graph = EncoderFixtures.pooledGraph();
    String id = ModelFingerprint.of(model, graph);
    assertNotEquals(id, ModelFingerprint.of(model, Fixtures.logitsExport()));
  }

  @Test
  void unreadableFileIsNamed(@TempDir Path tmp) {
    Path missing = tmp.resolve("missing.onnx");
    SpladeException e =
        assertThrows(SpladeException.class, () -> ModelFingerprint.of(model, missing));
    assertEquals(missing.toString(), e.subject());
  }

  private static String hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
