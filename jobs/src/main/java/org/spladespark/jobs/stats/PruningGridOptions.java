package org.spladespark.jobs.stats;

import org.spladespark.errors.SpladeException;
import picocli.CommandLine.Option;

/**
 * {@code --top-k-grid}, {@code --max-ratio-grid}: the pruning settings whose curves {@code splade
 * stats} computes, read together because one {@link PruningGrid} is made of both.
 */
final class PruningGridOptions {
  @Option(
      names = "--top-k-grid",
      defaultValue = "8,16,32,64,128,256",
      description = "Pruning curve top-k values.")
  String topKGrid;

  @Option(
      names = "--max-ratio-grid",
      defaultValue = "0.01,0.05,0.1,0.2,0.3,0.5",
      description = "Pruning curve max_ratio values.")
  String maxRatioGrid;

  /** The grid; a {@link SpladeException} naming both options when either is not a number list. */
  PruningGrid grid() {
    try {
      return PruningGrid.parse(topKGrid, maxRatioGrid);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw SpladeException.of(
          "--top-k-grid/--max-ratio-grid",
          "'" + topKGrid + "'/'" + maxRatioGrid + "' is not a grid: " + e.getMessage(),
          "pass comma-separated positive numbers, e.g. 8,16,32 and 0.1,0.2",
          e);
    }
  }
}
