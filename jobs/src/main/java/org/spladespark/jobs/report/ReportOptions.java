package org.spladespark.jobs.report;

import java.nio.file.Path;
import org.spladespark.errors.SpladeException;

/**
 * The validated options of {@link ReportJob} ({@code splade report}); parse them with {@link
 * ReportCommand}.
 *
 * @param stats the folder of the stats tables ({@code splade stats} output)
 * @param metrics a {@code metrics.json} written by {@code splade evaluate}, or null
 * @param out the output folder ({@code index.html}, {@code charts/})
 * @param title the page title
 * @param bench scale/bench JSON files to show (e.g. written by {@code splade bench}); may be empty
 */
public record ReportOptions(
    String stats, Path metrics, Path out, String title, java.util.List<Path> bench) {
  public static final String DEFAULT_TITLE = "SPLADE index report";

  public ReportOptions {
    if (stats == null || stats.isBlank()) {
      throw SpladeException.of(
          "--index/--stats", "neither is given", "pass the index (or its stats folder)");
    }
    if (out == null) {
      throw SpladeException.of("--out", "is not given", "pass the output folder");
    }
    if (title == null) {
      title = DEFAULT_TITLE;
    }
    bench = bench == null ? java.util.List.of() : java.util.List.copyOf(bench);
  }
}
