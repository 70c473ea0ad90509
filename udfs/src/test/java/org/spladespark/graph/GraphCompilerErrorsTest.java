package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Safetensors;
import org.spladespark.model.SafetensorsWriter;
import org.spladespark.testing.Fixtures;

/** Malformed models and exports: each case fails with the file named and the cause stated. */
class GraphCompilerErrorsTest {
  static final ModelBundle TINY = ModelBundle.load(Fixtures.tinyModel());

  @TempDir Path tmp;

  private Path config(String from, String to) throws IOException {
    String json = Files.readString(TINY.documentConfig());
    assertTrue(json.contains(from), from);
    return Files.writeString(tmp.resolve("config.json"), json.replace(from, to));
  }

  /** The tiny weights rewritten, with {@code edit} applied to the tensor map first. */
  private Path weights(Consumer<Map<String, float[][]>> edit) {
    Safetensors st = Safetensors.open(TINY.documentWeights());
    Map<String, float[][]> tensors = new TreeMap<>();
    for (Safetensors.Tensor t : st.tensors().values()) {
      float[] shape = new float[t.shape().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.shape()[i];
      }
      tensors.put(t.name(), new float[][] {shape, st.floats(t.name())});
    }
    edit.accept(tensors);
    SafetensorsWriter w = new SafetensorsWriter();
    tensors.forEach(
        (name, t) -> {
          long[] shape = new long[t[0].length];
          for (int i = 0; i < shape.length; i++) {
            shape[i] = (long) t[0][i];
          }
          w.putF32(name, shape, t[1]);
        });
    Path file = tmp.resolve("model.safetensors");
    w.write(file);
    return file;
  }

  private SpladeException compileFails(Path config, Path weights) {
    return assertThrows(
        SpladeException.class,
        () -> GraphCompiler.fromSafetensors(config, weights, Precision.FP32));
  }

  @Test
  void wrongArchitecture() throws IOException {
    Path config = config("\"DistilBertForMaskedLM\"", "\"BertForMaskedLM\"");
    SpladeException e = compileFails(config, TINY.documentWeights());
    assertEquals(config.toString(), e.subject());
    assertEquals(
        "architectures is [BertForMaskedLM]; the graph compiler builds DistilBertForMaskedLM only"
            + " (BERT and other encoders are future work)",
        e.problem());
    assertTrue(e.fix().contains("GraphSource.ONNX_EXPORT"), e.fix());
  }

  @Test
  void sinusoidalPositionsAreRefused() throws IOException {
    Path config = config("\"sinusoidal_pos_embds\": false", "\"sinusoidal_pos_embds\": true");
    SpladeException e = compileFails(config, TINY.documentWeights());
    assertEquals(
        "sinusoidal_pos_embds is true; only learned position embeddings are supported",
        e.problem());
  }

  @Test
  void headsMustDivideDim() throws IOException {
    Path config = config("\"n_heads\": 2", "\"n_heads\": 3");
    SpladeException e = compileFails(config, TINY.documentWeights());
    assertEquals("dim 32 is not a multiple of n_heads 3", e.problem());
  }

  @Test
  void missingTensor() {
    String name = "distilbert.transformer.layer.1.ffn.lin2.weight";
    Path weights = weights(t -> t.remove(name));
    SpladeException e = compileFails(TINY.documentConfig(), weights);
    assertEquals(weights.toString(), e.subject());
    assertEquals("tensor '" + name + "' is missing (40 tensors in the file)", e.problem());
  }

  @Test
  void wrongTensorShape() {
    Path weights =
        weights(t -> t.put("vocab_transform.weight", new float[][] {{32, 16}, new float[32 * 16]}));
    SpladeException e = compileFails(TINY.documentConfig(), weights);
    assertEquals(weights.toString(), e.subject());
    assertEquals(
        "tensor 'vocab_transform.weight' has shape [32, 16], but config.json implies [32, 32]",
        e.problem());
  }

  /**
   * Appending the pooling to {@code export} fails.
   *
   * @param subject the exact subject, or null not to check it
   * @param problem the exact problem, or null not to check it
   */
  private static void appendFails(Path export, int vocabSize, String subject, String problem) {
    SpladeException e =
        assertThrows(SpladeException.class, () -> GraphCompiler.appendPooling(export, vocabSize));
    if (subject != null) {
      assertEquals(subject, e.subject());
    }
    if (problem != null) {
      assertEquals(problem, e.problem());
    }
  }

  @Test
  void exportWithoutLogitsOutput() {
    // An already pooled graph: its only output is [batch, vocab], not [batch, seq, vocab].
    Path pooled = tmp.resolve("pooled.onnx");
    GraphCompiler.write(
        GraphCompiler.fromSafetensors(
            TINY.documentConfig(), TINY.documentWeights(), Precision.FP32),
        pooled);
    appendFails(
        pooled,
        30522,
        pooled.toString(),
        "has no float output of rank 3 usable as MLM logits [batch, seq, vocab] (outputs:"
            + " sparse_embedding FLOAT[batch, 30522])");
  }

  @Test
  void exportWithWrongVocabulary() {
    appendFails(
        Fixtures.logitsExport(),
        1000,
        null,
        "output 'logits' has 30522 logits per token, but the model's vocab_size is 1000");
  }

  @Test
  void exportWithUnsupportedInput() {
    Path export = toyExport(tmp.resolve("toy.onnx"), 13, "position_ids");
    appendFails(
        export,
        1,
        export.toString(),
        "graph input 'position_ids' is not supported (inputs: [input_ids, attention_mask,"
            + " position_ids])");
  }

  @Test
  void exportWithoutAttentionMask() {
    Path export = toyExport(tmp.resolve("toy.onnx"), 13, null);
    ModelProto m = ExportPooling.read(export);
    GraphProto.Builder g = m.getGraph().toBuilder().removeInput(1);
    GraphCompiler.write(m.toBuilder().setGraph(g).build(), export);
    appendFails(export, 1, null, "has no input 'attention_mask' (inputs: [input_ids])");
  }

  @Test
  void notAnOnnxFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("model.onnx"), "not a model");
    appendFails(file, 1, file.toString(), null);
  }

  /**
   * token_type_ids is fed with zeros inside the graph; checked on a toy "model" whose logits are
   * input_ids + token_type_ids (one vocabulary entry), at an old opset (11: Unsqueeze and ReduceMax
   * take attribute axes) and a current one (18: input axes).
   */
  @Test
  void tokenTypeIdsAreFedZerosAtOldAndNewOpsets() throws OrtException {
    for (int opset : new int[] {11, 18}) {
      Path export = toyExport(tmp.resolve("toy" + opset + ".onnx"), opset, "token_type_ids");
      Path pooled = tmp.resolve("pooled" + opset + ".onnx");
      GraphCompiler.write(GraphCompiler.appendPooling(export, 1), pooled);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      long[] ids = {3, 9, 5, 0, 2, 7, 0, 0};
      long[] mask = {1, 1, 1, 0, 1, 1, 0, 0};
      long[] shape = {2, 4};
      try (OrtSession s = env.createSession(pooled.toString(), new OrtSession.SessionOptions());
          OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OrtSession.Result r = s.run(Map.of("input_ids", idsT, "attention_mask", maskT))) {
        assertEquals(2, s.getInputNames().size());
        float[][] out = (float[][]) r.get(0).getValue();
        assertArrayEquals(
            new float[][] {{(float) Math.log1p(9)}, {(float) Math.log1p(7)}},
            out,
            "opset " + opset);
      }
    }
  }

  /**
   * A toy export: inputs input_ids, attention_mask and optionally {@code extra} (int64 [b, s]);
   * output logits = float(input_ids + extra) as [b, s, 1]; the mask is unused, as in models whose
   * logits ignore it at padded positions.
   */
  static Path toyExport(Path file, int opset, String extra) {
    OnnxGraph g = new OnnxGraph(GraphProto.newBuilder().setName("toy"), opset);
    GraphProto.Builder gp = g.proto();
    for (String in : new String[] {"input_ids", "attention_mask", extra}) {
      if (in != null) {
        gp.addInput(OnnxGraph.valueInfo(g.claim(in), DataType.INT64, "b", "s"));
      }
    }
    String sum = extra == null ? "input_ids" : g.op("Add", "sum", "input_ids", extra);
    String f = g.cast(sum, DataType.FLOAT, "as_float");
    String logits = g.claim("logits");
    if (opset >= 13) {
      g.opInto("Unsqueeze", logits, new String[] {f, g.constInts("axes", 2)});
    } else {
      g.opInto("Unsqueeze", logits, new String[] {f}, OnnxGraph.attr("axes", new long[] {2}));
    }
    gp.addOutput(OnnxGraph.valueInfo(logits, DataType.FLOAT, "b", "s", 1L));
    ModelProto m =
        ModelProto.newBuilder()
            .setIrVersion(7)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
            .setGraph(gp)
            .build();
    GraphCompiler.write(m, file);
    return file;
  }
}
