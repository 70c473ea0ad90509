package org.spladespark.jobs.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --max-batch-tokens}, {@code --max-batch-size}: the limits of one ONNX batch, each
 * defaulting to the device's ({@code encode}, {@code reencode}, {@code bench encode}; bench words
 * them in its bundle).
 */
public final class BatchOptions {
  @Option(
      names = "--max-batch-tokens",
      description = "token budget of one ONNX batch (default: 512 on cpu, 32768 on cuda)")
  Integer maxBatchTokens;

  @Option(
      names = "--max-batch-size",
      description = "documents in one ONNX batch (default: 8 on cpu, 128 on cuda)")
  Integer maxBatchSize;

  /** {@code --max-batch-tokens}, or {@code deviceDefault} when it is not given. */
  public int tokens(int deviceDefault) {
    return maxBatchTokens != null ? maxBatchTokens : deviceDefault;
  }

  /** {@code --max-batch-size}, or {@code deviceDefault} when it is not given. */
  public int size(int deviceDefault) {
    return maxBatchSize != null ? maxBatchSize : deviceDefault;
  }
}
