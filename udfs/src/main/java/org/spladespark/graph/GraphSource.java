package org.spladespark.graph;

/**
 * Where {@link DocumentGraphs} gets the document transformer from.
 *
 * <ul>
 *   <li>{@link #SAFETENSORS} (default): build DistilBertForMaskedLM from {@code config.json} +
 *       {@code model.safetensors}; no Python or export needed. FP32 or FP16.
 *   <li>{@link #ONNX_EXPORT}: append SPLADE pooling to the logits export {@code onnx/model.onnx}
 *       (optimum / sentence-transformers {@code backend="onnx"}); for architectures the compiler
 *       does not build (e.g. BERT). The export's own precision is kept; FP16 is refused.
 *   <li>{@link #AUTO}: SAFETENSORS when {@code model.safetensors} exists, else ONNX_EXPORT.
 * </ul>
 */
public enum GraphSource {
  SAFETENSORS,
  ONNX_EXPORT,
  AUTO
}
