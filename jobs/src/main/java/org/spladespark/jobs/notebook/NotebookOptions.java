package org.spladespark.jobs.notebook;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * The validated options of {@link NotebookJob} ({@code splade notebook}); parse them with {@link
 * NotebookCommand}.
 *
 * @param file the notebook (Databricks SQL source format)
 * @param index the value of the {@code index_path} widget, or null for the notebook's default
 * @param params widget values that override the defaults (and {@code index}), in order
 * @param out the HTML file to write
 * @param maxRows rows shown per result, > 0
 */
public record NotebookOptions(
    Path file, String index, Map<String, String> params, Path out, int maxRows) {
  public static final int DEFAULT_MAX_ROWS = 200;

  public NotebookOptions {
    if (file == null) {
      throw SpladeException.of("FILE", "is not given", "pass the notebook (.sql)");
    }
    if (out == null) {
      throw SpladeException.of("--out", "is not given", "pass the HTML file to write");
    }
    if (maxRows <= 0) {
      throw SpladeException.of("--max-rows", "is " + maxRows, "pass a positive number");
    }
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
  }
}
