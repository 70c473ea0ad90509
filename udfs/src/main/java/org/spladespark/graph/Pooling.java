package org.spladespark.graph;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/**
 * SPLADE pooling as ONNX nodes: {@code out[b, v] = log1p(max_l relu(logits[b, l, v]) · mask[b,
 * l])}, the same values as sentence-transformers' {@code SpladePooling} ({@code
 * max_l(log1p(relu(x)) · mask)}), because log1p∘relu is monotone and zero at zero. Taking the max
 * first means log1p runs on B×V values instead of B×L×V. {@code log1p(x)} is computed as {@code
 * Log(1 + x)} in float32: for x ≥ 0 its absolute error is below 1e-7, far under the 1e-5 parity
 * bar. Padded positions contribute 0, which never exceeds the relu of a real position.
 */
final class Pooling {
  static final String OUTPUT = "sparse_embedding";

  private Pooling() {}

  /**
   * Appends pooling over {@code logits} ([batch, seq, vocab], FLOAT or FLOAT16) and writes the
   * float32 result to {@code output}, which the caller has claimed.
   */
  static void append(OnnxGraph g, String logits, DataType type, String mask, String output) {
    String relu = g.op("Relu", "pool/relu", logits);
    String maskT = g.cast(mask, type, "pool/mask");
    String mask3 = g.unsqueeze(maskT, "pool/mask_bl1", 2);
    String kept = g.op("Mul", "pool/masked", relu, mask3);
    String max = g.reduceMax(kept, "pool/max", false, 1);
    if (type != DataType.FLOAT) {
      max = g.cast(max, DataType.FLOAT, "pool/max_f32");
    }
    String plus1 = g.op("Add", "pool/plus_one", max, g.constScalar("pool/one", DataType.FLOAT, 1f));
    g.opInto("Log", output, new String[] {plus1});
  }
}
