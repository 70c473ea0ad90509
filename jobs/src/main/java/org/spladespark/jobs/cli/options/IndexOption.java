package org.spladespark.jobs.cli.options;

import org.spladespark.errors.SpladeException;
import picocli.CommandLine.Option;

/** {@code --index}: the folder of an index's Delta tables (what {@code encode --output} wrote). */
public final class IndexOption {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index folder holding the Delta tables (the --output of splade encode).")
  String index;

  /** The folder ({@link Locations#path(String)}); a {@link SpladeException} when not given. */
  public String required() {
    if (index == null || index.isBlank()) {
      throw SpladeException.of("--index", "is not given", "pass the index folder with --index");
    }
    return Locations.path(index);
  }

  /** The folder ({@link Locations#path(String)}), or null. */
  public String orNull() {
    return index == null || index.isBlank() ? null : Locations.path(index);
  }
}
