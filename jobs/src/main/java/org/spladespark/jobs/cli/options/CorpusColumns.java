package org.spladespark.jobs.cli.options;

import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.InputFormat;
import picocli.CommandLine.Option;

/**
 * {@code --id-col}, {@code --text-col}, {@code --title-col}: the columns of a corpus, for every
 * command that reads one ({@link CorpusOptions} adds the format). A command may word their help in
 * its own bundle ({@code export} does).
 */
public final class CorpusColumns {
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
   * The corpus at {@code location} (a path or catalog table as it is) in {@code format} with these
   * columns; an {@link IllegalArgumentException} for bad columns.
   */
  public CorpusInput input(String location, InputFormat format) {
    return new CorpusInput(location, format, idCol, textCol, titleCol);
  }
}
