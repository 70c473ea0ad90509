package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/**
 * The compiled graphs against sentence-transformers: all 50 reference documents, max |diff| ≤ 1e-5
 * and identical non-zero sets, both from safetensors and from the logits export + pooling.
 */
class GraphParityTest {
  @TempDir static Path dir;
  static ModelBundle model;
  static List<String> texts = new ArrayList<>();
  static Path fromSafetensors;
  static Path fromExport;

  @BeforeAll
  static void compile() {
    model = ModelBundle.load(Fixtures.tinyModel());
    for (JsonNode d : Fixtures.reference().get("documents")) {
      texts.add(d.get("text").asText());
    }
    fromSafetensors = dir.resolve("safetensors.onnx");
    GraphCompiler.write(
        GraphCompiler.fromSafetensors(
            model.documentConfig(), model.documentWeights(), Precision.FP32),
        fromSafetensors);
    fromExport = dir.resolve("export.onnx");
    GraphCompiler.write(
        GraphCompiler.appendPooling(Fixtures.logitsExport(), model.vocabSize()), fromExport);
  }

  static TextTokenizer tokenizer() {
    return TextTokenizer.forDocuments(model.documentTokenizer(), model.maxSeqLength());
  }

  static List<SparseVector> encode(Path graph, EncoderOptions options) {
    try (DocumentEncoder enc = new DocumentEncoder(graph, tokenizer(), options)) {
      assertEquals(model.vocabSize(), enc.vocabSize());
      return enc.encode(texts);
    }
  }

  /** Checks every reference document; returns the max |diff|. */
  static double checkReference(List<SparseVector> vs) {
    double maxDiff = 0;
    int i = 0;
    for (JsonNode d : Fixtures.reference().get("documents")) {
      SparseVector v = vs.get(i++);
      String id = d.get("id").asText();
      assertArrayEquals(Fixtures.ints(d.get("indices")), v.indices(), id);
      float[] exp = Fixtures.floats(d.get("values"));
      for (int k = 0; k < exp.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(exp[k] - v.value(k)));
      }
    }
    assertEquals(50, i);
    return maxDiff;
  }

  @Test
  void safetensorsGraphMatchesReference() {
    double maxDiff = checkReference(encode(fromSafetensors, EncoderOptions.cpu()));
    System.out.println("safetensors graph: max |diff| vs reference = " + maxDiff);
    assertTrue(maxDiff <= 1e-5, "max diff " + maxDiff);
  }

  @Test
  void exportWithPoolingMatchesReference() {
    double maxDiff = checkReference(encode(fromExport, EncoderOptions.cpu()));
    System.out.println("export + pooling: max |diff| vs reference = " + maxDiff);
    assertTrue(maxDiff <= 1e-5, "max diff " + maxDiff);
  }
}
