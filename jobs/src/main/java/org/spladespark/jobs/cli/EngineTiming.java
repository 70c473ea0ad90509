package org.spladespark.jobs.cli;

import ai.onnxruntime.OrtSession;
import org.spladespark.encode.DocumentEncoder;

/**
 * The engine's limit for {@code splade bench encode}: ONNX Runtime's {@code session.run} alone, on
 * the same padded batches {@link DocumentEncoder#encodeTokenIds} forms, with the input tensors
 * built before the clock starts and the output left in ORT's buffer. Benchmark-only, so it lives
 * here and not in the encoder.
 */
final class EngineTiming {
  private EngineTiming() {}

  /** Seconds spent in {@code session.run} over every batch of {@code ids}. */
  static double sessionSeconds(DocumentEncoder encoder, long[][] ids) {
    double seconds = 0;
    for (int[] positions : encoder.batches(ids)) {
      try (DocumentEncoder.Batch batch = encoder.batch(ids, positions)) {
        long t0 = System.nanoTime();
        try (OrtSession.Result result = batch.run()) {
          seconds += (System.nanoTime() - t0) / 1e9;
          if (result.size() != 1) {
            throw new IllegalStateException("expected one output");
          }
        }
      }
    }
    return seconds;
  }
}
