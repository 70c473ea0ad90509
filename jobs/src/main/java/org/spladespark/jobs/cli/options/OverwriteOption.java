package org.spladespark.jobs.cli.options;

import picocli.CommandLine.Option;

/** {@code --overwrite}: replace outputs that exist instead of failing. */
public final class OverwriteOption {
  @Option(names = "--overwrite", description = "Replace existing outputs.")
  boolean overwrite;

  public boolean overwrite() {
    return overwrite;
  }
}
