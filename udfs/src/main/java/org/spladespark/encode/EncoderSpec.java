package org.spladespark.encode;

import java.io.Serializable;
import java.nio.file.Path;
import org.spladespark.graph.Precision;
import org.spladespark.vector.Pruning;

/**
 * What a Spark job ships to its executors to build a {@link DocumentEncoder}: plain, serializable
 * settings, no model bytes. Each executor JVM resolves it once through {@link ExecutorEncoders}.
 *
 * <p>{@code model} and {@code pooledGraph} are read on every executor, so on a cluster they must
 * name paths every executor can read (a shared file system or the same path in the executor image).
 * Equal specs share one encoder per JVM, so the record's equality is the cache key.
 *
 * @param model a local SparseEncoder folder, or a hub id ({@code owner/name})
 * @param device where the graph runs; the CUDA ordinal is chosen per task from the GPU that Spark
 *     assigned to it (see {@link ExecutorEncoders#forCurrentTask})
 * @param maxBatchTokens token budget of one ONNX batch (padded length × documents)
 * @param maxBatchSize most documents in one ONNX batch
 * @param pruning applied to each document vector
 * @param pooledGraph explicit pooled ONNX graph ({@code [batch, vocab]} output), or null to have
 *     the graph derived from the model ({@link ExecutorEncoders#pooledGraph})
 * @param precision the numerics of the graph derived from the model: {@link Precision#FP32} (the
 *     default, on CPU and GPU) or {@link Precision#FP16} (half the memory and faster on GPUs;
 *     weights within ~1e-2 of fp32, so a different model id). An explicit {@code pooledGraph} is
 *     used as it is; null means FP32
 */
public record EncoderSpec(
    String model,
    EncoderOptions.Device device,
    int maxBatchTokens,
    int maxBatchSize,
    Pruning pruning,
    String pooledGraph,
    Precision precision)
    implements Serializable {

  public EncoderSpec {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must name a folder or a hub id");
    }
    if (device == null || pruning == null) {
      throw new IllegalArgumentException("device and pruning must be set");
    }
    if (maxBatchTokens < 1 || maxBatchSize < 1) {
      throw new IllegalArgumentException(
          "batch tokens and size must be >= 1, got " + maxBatchTokens + " and " + maxBatchSize);
    }
    if (pooledGraph != null && pooledGraph.isBlank()) {
      pooledGraph = null;
    }
    if (precision == null) {
      precision = Precision.FP32;
    }
  }

  /** CPU defaults of {@link EncoderOptions#cpu()}, no pruning, graph derived from the model. */
  public static EncoderSpec cpu(String model) {
    EncoderOptions o = EncoderOptions.cpu();
    return new EncoderSpec(
        model, o.device(), o.maxBatchTokens(), o.maxBatchSize(), Pruning.NONE, null, null);
  }

  /** GPU defaults of {@link EncoderOptions#cuda(int)}, no pruning, graph derived from the model. */
  public static EncoderSpec cuda(String model) {
    EncoderOptions o = EncoderOptions.cuda(0);
    return new EncoderSpec(
        model, o.device(), o.maxBatchTokens(), o.maxBatchSize(), Pruning.NONE, null, null);
  }

  public EncoderSpec withPooledGraph(Path graph) {
    return new EncoderSpec(
        model,
        device,
        maxBatchTokens,
        maxBatchSize,
        pruning,
        graph == null ? null : graph.toAbsolutePath().normalize().toString(),
        precision);
  }

  public EncoderSpec withPruning(Pruning p) {
    return new EncoderSpec(model, device, maxBatchTokens, maxBatchSize, p, pooledGraph, precision);
  }

  public EncoderSpec withBatching(int tokens, int size) {
    return new EncoderSpec(model, device, tokens, size, pruning, pooledGraph, precision);
  }

  public EncoderSpec withPrecision(Precision p) {
    return new EncoderSpec(model, device, maxBatchTokens, maxBatchSize, pruning, pooledGraph, p);
  }

  /**
   * The session options of one encoder instance.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads (0 = ORT default)
   * @param gpuId CUDA ordinal, ignored on CPU
   */
  public EncoderOptions options(int intraOpThreads, int gpuId) {
    return new EncoderOptions(
        device,
        device == EncoderOptions.Device.CUDA ? gpuId : 0,
        intraOpThreads,
        maxBatchTokens,
        maxBatchSize,
        pruning);
  }
}
