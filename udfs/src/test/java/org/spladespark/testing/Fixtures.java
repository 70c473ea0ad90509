package org.spladespark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** The 50-document sample corpus ({@code _id}, {@code title}, {@code text}), JSON lines. */
  public static Path sampleDocs() {
    return root().resolve("sample/sample_docs.jsonl");
  }

  /** The sample documents in file order: id → {title, text}. */
  public static Map<String, String[]> sampleRows() {
    Map<String, String[]> out = new LinkedHashMap<>();
    ObjectMapper m = new ObjectMapper();
    try {
      for (String line : Files.readAllLines(sampleDocs())) {
        JsonNode n = m.readTree(line);
        out.put(
            n.get("_id").asText(), new String[] {n.get("title").asText(), n.get("text").asText()});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
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
