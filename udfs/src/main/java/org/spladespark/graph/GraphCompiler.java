package org.spladespark.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spladespark.errors.SpladeException;

/**
 * Compiles the SPLADE document graph: an ONNX model with inputs {@code input_ids} and {@code
 * attention_mask} (int64 [batch, seq]) and one output {@code sparse_embedding} (float32 [batch,
 * vocab]) = log1p(relu(max over unmasked positions of the MLM logits)). The pooling runs inside the
 * graph, so the B×L×vocab logits never leave ONNX Runtime. This is the graph {@link
 * org.spladespark.encode.DocumentEncoder} runs.
 *
 * <p>Two ways in: {@link #fromSafetensors} builds DistilBertForMaskedLM itself (no Python, no
 * export), {@link #appendPooling} pools an existing logits export. Stateless and thread-safe.
 */
public final class GraphCompiler {
  /**
   * Version of the graphs this class emits; part of every {@link GraphCache} key, so bump it when
   * the emitted graph changes.
   */
  public static final String VERSION = "1";

  /** Protobuf cannot serialize a message of 2 GiB or more; keep a margin for the graph itself. */
  private static final long MAX_INITIALIZER_BYTES = 2_000_000_000L;

  private GraphCompiler() {}

  /**
   * Builds DistilBertForMaskedLM + SPLADE pooling from a transformers {@code config.json} and
   * {@code model.safetensors} (F32, F16 or BF16 tensors). See {@link Precision} for the numerics.
   *
   * @throws SpladeException naming the file when the architecture is not DistilBertForMaskedLM, a
   *     tensor is missing or a tensor's shape disagrees with the config
   */
  public static ModelProto fromSafetensors(Path configJson, Path weights, Precision precision) {
    return DistilBertGraph.build(configJson, weights, precision);
  }

  /**
   * Appends SPLADE pooling to an export whose output is the MLM logits [batch, seq, vocab]. The
   * export's own precision is kept (float16 logits are pooled in float16, then cast to float32);
   * {@code token_type_ids}, if the export declares it, is fed with zeros inside the graph.
   *
   * @param vocabSize the model's vocabulary size (the output's fixed last dimension)
   * @throws SpladeException naming the file when it has no usable logits output or unexpected
   *     inputs
   */
  public static ModelProto appendPooling(Path logitsExport, int vocabSize) {
    return ExportPooling.append(logitsExport, vocabSize);
  }

  /** Writes a compiled model (one self-contained .onnx file, weights inline). */
  public static void write(ModelProto model, Path file) {
    long bytes = 0;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      bytes += t.getRawData().size();
    }
    if (bytes > MAX_INITIALIZER_BYTES) {
      throw SpladeException.of(
          file.toString(),
          "the graph's weights take " + bytes + " bytes; one ONNX file holds under 2 GB",
          "use a smaller model or Precision.FP16 (external data is not supported yet)");
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      model.writeTo(out);
    } catch (IOException e) {
      throw SpladeException.failed(
          file,
          "cannot write the compiled graph",
          "check the folder is writable and has free space",
          e);
    }
  }
}
