package org.spladespark.jobs.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --graph}: an explicit pooled ONNX document graph instead of compiling it. */
public final class GraphOption {
  @Option(
      names = "--graph",
      paramLabel = "FILE",
      description =
          "Pooled ONNX document graph with a [batch, vocab] output (default: compiled from the"
              + " model).")
  Path graph;

  /** The graph made absolute, or null. */
  public Path orNull() {
    return Locations.path(graph);
  }
}
