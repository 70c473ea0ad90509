package org.spladespark.jobs.cli.options;

import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.InputFormat;
import picocli.CommandLine.Option;

/**
 * How a corpus is read, the same for every command that reads one ({@code encode}, {@code
 * reencode}, {@code stats --corpus}): the format (inferred from the input by default: a Delta log,
 * a BEIR folder, or the files' extension) and the columns holding id, text and title. The location
 * itself is each command's own option ({@code --input}, {@code --corpus}).
 */
public final class CorpusOptions {
  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "Corpus format: auto, jsonl, csv, parquet, delta, beir (default: auto).")
  String format = "auto";

  @Option(
      names = "--id-col",
      defaultValue = "_id",
      description = "Id column of the corpus (default: _id).")
  String idCol = "_id";

  @Option(
      names = "--text-col",
      defaultValue = "text",
      description = "Text column of the corpus (default: text).")
  String textCol = "text";

  @Option(
      names = "--title-col",
      defaultValue = "title",
      description =
          "Title column, used when present: text = (title + ' ' + text).strip() as in BEIR;"
              + " '' to ignore titles (default: title).")
  String titleCol = "title";

  /**
   * The corpus at {@code location} (a path made absolute, a URI, or a catalog table: {@link
   * Locations#pathOrTable}) read with these options.
   *
   * @param option the name of the location option, for the error message
   */
  public CorpusInput input(String option, String location) {
    InputFormat f;
    try {
      f = InputFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of("--format", e.getMessage(), "pass one of the formats listed", e);
    }
    if (location == null || location.isBlank()) {
      throw SpladeException.of(option, "is not given", "pass the corpus with " + option);
    }
    try {
      return new CorpusInput(Locations.pathOrTable(location), f, idCol, textCol, titleCol);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          option + "/--id-col/--text-col", e.getMessage(), "name the corpus columns", e);
    }
  }
}
