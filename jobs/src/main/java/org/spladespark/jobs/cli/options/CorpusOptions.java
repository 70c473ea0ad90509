package org.spladespark.jobs.cli.options;

import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EnumNames;
import org.spladespark.jobs.encode.InputFormat;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a corpus is read, the same for every command that reads one ({@code encode}, {@code
 * reencode}, {@code stats --corpus}): the format (inferred from the input by default: a Delta log,
 * a BEIR folder, or the files' extension) and the columns holding id, text and title ({@link
 * CorpusColumns}). The location itself is each command's own option ({@code --input}, {@code
 * --corpus}).
 */
public final class CorpusOptions {
  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "Corpus format: auto, jsonl, csv, parquet, delta, beir (default: auto).")
  String format = "auto";

  @Mixin CorpusColumns columns = new CorpusColumns();

  /**
   * The corpus at {@code location} (a path made absolute, a URI, or a catalog table: {@link
   * Locations#pathOrTable}) read with these options.
   *
   * @param option the name of the location option, for the error message
   */
  public CorpusInput input(String option, String location) {
    InputFormat f;
    try {
      f = EnumNames.parse(InputFormat.class, "format", format);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of("--format", e.getMessage(), "pass one of the formats listed", e);
    }
    if (location == null || location.isBlank()) {
      throw SpladeException.of(option, "is not given", "pass the corpus with " + option);
    }
    try {
      return columns.input(Locations.pathOrTable(location), f);
    } catch (IllegalArgumentException e) {
      throw SpladeException.of(
          option + "/--id-col/--text-col", e.getMessage(), "name the corpus columns", e);
    }
  }
}
