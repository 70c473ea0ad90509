package org.spladespark.jobs.cli.options;

import java.util.Locale;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.Precision;
import picocli.CommandLine.Option;

/** {@code --precision}: the numerics of the compiled document graph, fp32 (default) or fp16. */
public final class PrecisionOption {
  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description =
          "Graph numerics: fp32 (default) or fp16 (for GPUs: half the memory; weights within"
              + " ~1e-2 of fp32, and a model id of its own).")
  String precision = "fp32";

  /** The precision (any case; float32/float16 too); a {@link SpladeException} for another name. */
  public Precision precision() {
    return switch (precision == null ? "" : precision.trim().toLowerCase(Locale.ROOT)) {
      case "fp32", "float32" -> Precision.FP32;
      case "fp16", "float16" -> Precision.FP16;
      default ->
          throw SpladeException.of(
              "--precision",
              "unknown precision '" + precision + "' (expected fp32 or fp16)",
              "pass fp32 or fp16");
    };
  }
}
