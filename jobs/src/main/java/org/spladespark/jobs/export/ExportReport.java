package org.spladespark.jobs.export;

import java.util.List;
import java.util.Locale;

/**
 * What {@code splade export} wrote.
 *
 * @param modelId the model exported
 * @param documents documents written
 * @param files the data files, in order (names relative to the output folder)
 * @param mapping the mapping file, or null (Anserini)
 * @param queries the queries file, or null
 */
public record ExportReport(
    String out,
    ExportFormat format,
    String modelId,
    long documents,
    List<String> files,
    String mapping,
    String queries) {

  /** The one-line summary the command prints. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "export: %,d documents of model %s as %s in %d file(s) under %s%s%s",
        documents,
        modelId,
        format.cliName(),
        files.size(),
        out,
        mapping == null ? "" : "; mapping " + mapping,
        queries == null ? "" : "; queries " + queries);
  }
}
