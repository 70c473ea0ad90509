package org.spladespark.jobs.cli.options;

import org.spladespark.errors.SpladeException;
import picocli.CommandLine.Option;

/**
 * {@code -m/--model}: a SparseEncoder folder or a hub id. Required by the commands that encode or
 * search ({@link #required}), optional where only token strings are wanted ({@link #orNull}).
 */
public final class ModelOption {
  @Option(
      names = {"-m", "--model"},
      paramLabel = "DIR|HUB_ID",
      description = "SparseEncoder model folder (or hub id).")
  String model;

  /** The model, a local folder made absolute; a {@link SpladeException} when it is not given. */
  public String required() {
    if (model == null || model.isBlank()) {
      throw SpladeException.of(
          "--model", "is not given", "pass the model folder (or hub id) with --model");
    }
    return Locations.model(model);
  }

  /** The model, a local folder made absolute, or null. */
  public String orNull() {
    return model == null || model.isBlank() ? null : Locations.model(model);
  }

  /** The model, or {@code fallback} when it is not given. */
  public String orElse(String fallback) {
    return Locations.model(model == null || model.isBlank() ? fallback : model);
  }
}
