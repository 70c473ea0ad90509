package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/**
 * The compiled graphs against sentence-transformers: all 50 reference documents, max |diff| ≤ 1e-5
 * and identical non-zero sets, both from safetensors and from the logits export + pooling.
 */
class GraphParityTest {
  /**
   * Loose fp16 bound. Measured on x86-64, ONNX Runtime 1.29 CPU: 9.9e-3 on the 10 shortest
   * documents tested here, 1.7e-2 over all 50 (weights up to ~1); float16 keeps 11 significant
   * bits.
   */
  static final double FP16_BOUND = 5e-2;

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
    return encode(graph, options, texts);
  }

  static List<SparseVector> encode(Path graph, EncoderOptions options, List<String> docs) {
    try (DocumentEncoder enc = new DocumentEncoder(graph, tokenizer(), options)) {
      assertEquals(model.vocabSize(), enc.vocabSize());
      return enc.encode(docs);
    }
  }

  /**
   * Asserts {@code v} has the reference vector {@code d}'s ids; returns the max |diff| of values.
   */
  private static double diff(JsonNode d, SparseVector v) {
    assertArrayEquals(Fixtures.ints(d.get("indices")), v.indices(), d.get("id").asText());
    float[] exp = Fixtures.floats(d.get("values"));
    double maxDiff = 0;
    for (int k = 0; k < exp.length; k++) {
      maxDiff = Math.max(maxDiff, Math.abs(exp[k] - v.value(k)));
    }
    return maxDiff;
  }

  /** Checks every reference document; returns the max |diff|. */
  static double checkReference(List<SparseVector> vs) {
    double maxDiff = 0;
    int i = 0;
    for (JsonNode d : Fixtures.reference().get("documents")) {
      maxDiff = Math.max(maxDiff, diff(d, vs.get(i++)));
    }
    assertEquals(50, i);
    return maxDiff;
  }

  /**
   * {@code documents_max_active_dims_32} (top-32 by |w| of the first 10 documents): same ids,
   * values within 1e-5; returns the max |diff|.
   */
  static double checkPruned(List<SparseVector> vs) {
    double maxDiff = 0;
    int i = 0;
    for (JsonNode d : Fixtures.reference().get("documents_max_active_dims_32")) {
      maxDiff = Math.max(maxDiff, diff(d, vs.get(i++).topK(32)));
    }
    assertEquals(10, i);
    return maxDiff;
  }

  /** {@code scores_query_x_document}: every query · document dot product; returns max |diff|. */
  static double checkScores(List<SparseVector> docs) {
    JsonNode queries = Fixtures.reference().get("queries");
    JsonNode scores = Fixtures.reference().get("scores_query_x_document");
    double maxDiff = 0;
    try (QueryEncoder qe = QueryEncoder.create(model)) {
      for (int q = 0; q < queries.size(); q++) {
        SparseVector qv = qe.encode(queries.get(q).get("text").asText());
        for (int d = 0; d < docs.size(); d++) {
          maxDiff =
              Math.max(maxDiff, Math.abs(scores.get(q).get(d).asDouble() - qv.dot(docs.get(d))));
        }
      }
    }
    return maxDiff;
  }

  static void checkAll(String name, Path graph) {
    List<SparseVector> vs = encode(graph, EncoderOptions.cpu());
    double vectors = checkReference(vs);
    double pruned = checkPruned(vs);
    double scores = checkScores(vs);
    System.out.printf(
        "%s: max |diff| vs reference: vectors %.3g, max_active_dims=32 %.3g, scores %.3g%n",
        name, vectors, pruned, scores);
    assertTrue(vectors <= 1e-5, "vectors max diff " + vectors);
    assertTrue(pruned <= 1e-5, "pruned max diff " + pruned);
    assertTrue(scores <= 1e-4, "scores max diff " + scores);
  }

  @Test
  void safetensorsGraphMatchesReference() {
    checkAll("safetensors graph", fromSafetensors);
  }

  @Test
  void exportWithPoolingMatchesReference() {
    checkAll("export + pooling", fromExport);
  }

  /**
   * The {@code n} reference documents with the fewest tokens (n = 16: 2 to 198 tokens, the edge
   * cases and the shortest abstracts), which keeps the B×L×vocab tensors of a padded batch small.
   */
  static List<String> shortest(int n) {
    List<JsonNode> docs = new ArrayList<>();
    Fixtures.reference().get("documents").forEach(docs::add);
    docs.sort(Comparator.comparingInt(d -> d.get("token_ids").size()));
    List<String> out = new ArrayList<>();
    for (JsonNode d : docs.subList(0, n)) {
      out.add(d.get("text").asText());
    }
    return out;
  }

  /** Max |a − b| over the union of the non-zero ids of two vector lists. */
  static double maxDiff(List<SparseVector> a, List<SparseVector> b) {
    assertEquals(a.size(), b.size());
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      SparseVector x = a.get(i);
      SparseVector y = b.get(i);
      for (int k = 0; k < x.size(); k++) {
        max = Math.max(max, Math.abs(x.value(k) - y.get(x.index(k))));
      }
      for (int k = 0; k < y.size(); k++) {
        max = Math.max(max, Math.abs(y.value(k) - x.get(y.index(k))));
      }
    }
    return max;
  }

  @Test
  void batchesOfOneAndSixteenAgree() throws OrtException {
    long[][] ids = tokenizer().ids(shortest(16));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (Path graph : List.of(fromSafetensors, fromExport)) {
      try (OrtSession s = env.createSession(graph.toString(), new OrtSession.SessionOptions())) {
        float[][] batched = run(s, ids);
        double diff = 0;
        for (int i = 0; i < ids.length; i++) {
          float[] alone = run(s, new long[][] {ids[i]})[0];
          for (int v = 0; v < alone.length; v++) {
            diff = Math.max(diff, Math.abs(alone[v] - batched[i][v]));
          }
        }
        System.out.println(
            graph.getFileName() + ": batch of 1 vs padded batch of 16, max |diff| = " + diff);
        assertTrue(diff <= 1e-5, graph + ": " + diff);
      }
    }
  }

  /** Runs one right-padded batch; returns the dense [batch][vocab] output. */
  static float[][] run(OrtSession s, long[][] ids) throws OrtException {
    int len = 0;
    for (long[] row : ids) {
      len = Math.max(len, row.length);
    }
    long[] flat = new long[ids.length * len];
    long[] mask = new long[ids.length * len];
    for (int i = 0; i < ids.length; i++) {
      System.arraycopy(ids[i], 0, flat, i * len, ids[i].length);
      Arrays.fill(mask, i * len, i * len + ids[i].length, 1L);
    }
    long[] shape = {ids.length, len};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OrtSession.Result r = s.run(Map.of("input_ids", idsT, "attention_mask", maskT))) {
      return (float[][]) r.get(0).getValue();
    }
  }

  @Test
  void fp16GraphHasHalfWeightsAndFloatOutputAndAgreesLoosely() {
    ModelProto m =
        GraphCompiler.fromSafetensors(
            model.documentConfig(), model.documentWeights(), Precision.FP16);
    for (TensorProto t : m.getGraph().getInitializerList()) {
      boolean layerNorm = t.getName().contains("LayerNorm") || t.getName().contains("layer_norm");
      DataType expected = layerNorm ? DataType.FLOAT : DataType.FLOAT16;
      assertEquals(expected.getNumber(), t.getDataType(), t.getName());
    }
    assertEquals(1, m.getGraph().getOutputCount());
    assertEquals(
        DataType.FLOAT.getNumber(),
        m.getGraph().getOutput(0).getType().getTensorType().getElemType());
    Path fp16 = dir.resolve("fp16.onnx");
    GraphCompiler.write(m, fp16);
    // ONNX Runtime's CPU provider runs it, but its float16 Gemm is slow on x86 (~20 ms per token
    // for the vocabulary projection), so on the 10 shortest documents (2 to 101 tokens) only.
    List<String> docs = shortest(10);
    List<SparseVector> half = encode(fp16, EncoderOptions.cpu(), docs);
    List<SparseVector> full = encode(fromSafetensors, EncoderOptions.cpu(), docs);
    double diff = maxDiff(half, full);
    double largest = 0;
    for (SparseVector v : full) {
      largest = Math.max(largest, v.max());
    }
    System.out.println("fp16 vs fp32: max |diff| = " + diff + " (largest weight " + largest + ")");
    assertTrue(diff <= FP16_BOUND, "fp16 vs fp32 max diff " + diff);
  }
}
