package org.spladespark.graph;

/**
 * Numeric precision of a compiled document graph. The pooled output is float32 either way.
 *
 * <ul>
 *   <li>{@link #FP32}: float32 weights and compute; matches sentence-transformers within ~1e-5 per
 *       weight. The default, and the only choice for CPU.
 *   <li>{@link #FP16}: float16 weights and compute (half the memory, tensor cores), with LayerNorm,
 *       Softmax and the final log1p in float32. For GPUs; ONNX Runtime's CPU provider lacks float16
 *       kernels for several operators.
 * </ul>
 */
public enum Precision {
  FP32,
  FP16
}
