package org.spladespark.jobs.cli.options;

import java.nio.file.Path;
import org.spladespark.errors.SpladeException;
import picocli.CommandLine.Option;

/** {@code --out}: the file or folder a command writes. */
public final class OutOption {
  @Option(names = "--out", paramLabel = "PATH", description = "Output file or folder.")
  String out;

  /** The local output made absolute; a {@link SpladeException} when it is not given. */
  public Path required() {
    if (out == null || out.isBlank()) {
      throw SpladeException.of("--out", "is not given", "pass the output with --out");
    }
    return Path.of(Locations.path(out));
  }

  /** The local output made absolute, or null. */
  public Path orNull() {
    return out == null || out.isBlank() ? null : Path.of(Locations.path(out));
  }

  /** The output on any file system ({@link Locations#path(String)}), or null. */
  public String location() {
    return Locations.path(out);
  }
}
