package org.spladespark.encode;

import java.io.Serializable;
import org.spladespark.vector.Pruning;

/**
 * How a {@link DocumentEncoder} runs.
 *
 * @param device {@code cpu} or {@code cuda}
 * @param gpuId CUDA device ordinal (ignored on CPU)
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 = ORT default (all cores)
 * @param maxBatchTokens token budget of one batch: padded length × batch size never exceeds it (a
 *     single longer document still forms a batch of one)
 * @param maxBatchSize most documents in one batch
 * @param pruning applied to each document vector after encoding
 */
public record EncoderOptions(
    Device device,
    int gpuId,
    int intraOpThreads,
    int maxBatchTokens,
    int maxBatchSize,
    Pruning pruning)
    implements Serializable {

  /** Where the ONNX graph runs. */
  public enum Device {
    CPU,
    CUDA
  }

  public EncoderOptions {
    if (maxBatchTokens < 1 || maxBatchSize < 1 || intraOpThreads < 0 || gpuId < 0) {
      throw new IllegalArgumentException(
          "batch tokens and size must be >= 1, threads and gpu id >= 0");
    }
  }

  /**
   * CPU defaults: small batches. The B×L×vocab logits of a large batch thrash the cache on CPU
   * (measured: 1–2 SciFact documents per batch beat 8).
   */
  public static EncoderOptions cpu() {
    return new EncoderOptions(Device.CPU, 0, 0, 512, 8, Pruning.NONE);
  }

  /** GPU defaults: large length-sorted batches. */
  public static EncoderOptions cuda(int gpuId) {
    return new EncoderOptions(Device.CUDA, gpuId, 1, 32_768, 128, Pruning.NONE);
  }

  public EncoderOptions withPruning(Pruning p) {
    return new EncoderOptions(device, gpuId, intraOpThreads, maxBatchTokens, maxBatchSize, p);
  }

  public EncoderOptions withThreads(int threads) {
    return new EncoderOptions(device, gpuId, threads, maxBatchTokens, maxBatchSize, pruning);
  }

  public EncoderOptions withBatching(int tokens, int size) {
    return new EncoderOptions(device, gpuId, intraOpThreads, tokens, size, pruning);
  }
}
