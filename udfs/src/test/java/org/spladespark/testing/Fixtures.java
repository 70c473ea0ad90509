package org.spladespark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Paths of the shared test fixtures under the repository's {@code fixtures/} folder (set by the
 * build as the {@code splade.fixtures} system property): the oracle model and its reference outputs
 * made by sentence-transformers, and the bundled sample corpus.
 */
public final class Fixtures {
  private static JsonNode reference;

  private Fixtures() {}

  public static Path root() {
    String p = System.getProperty("splade.fixtures");
    Path root = p != null && !p.isBlank() ? Paths.get(p) : Paths.get("../fixtures");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("fixtures folder not found at " + root.toAbsolutePath());
    }
    return root;
  }

  /** The tiny random-weight SparseEncoder folder. */
  public static Path tinyModel() {
    return root().resolve("oracle/tiny-inference-free-splade");
  }

  /** {@code model_logits.onnx}: a torch.onnx export whose output is {@code logits}. */
  public static Path logitsExport() {
    return root().resolve("oracle/onnx/model_logits.onnx");
  }

  /** reference.json: the exact outputs of sentence-transformers for the tiny model. */
  public static synchronized JsonNode reference() {
    if (reference == null) {
      try {
        reference = new ObjectMapper().readTree(root().resolve("oracle/reference.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return reference;
  }

  public static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  public static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
