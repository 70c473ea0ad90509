package org.spladespark.jobs.encode;

import java.io.Serializable;

/**
 * Where the documents come from and which columns (JSON fields) hold what.
 *
 * @param location a file, a folder, or a Delta catalog table name
 * @param format the input format, or {@link InputFormat#AUTO}
 * @param idCol column of the document id (strings or integers)
 * @param textCol column of the document text
 * @param titleCol optional title column; empty = ignore titles. When a row has a title it is joined
 *     to the text as BEIR does ({@link DocumentText})
 */
public record CorpusInput(
    String location, InputFormat format, String idCol, String textCol, String titleCol)
    implements Serializable {

  public CorpusInput {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("the input location is empty");
    }
    if (format == null) {
      format = InputFormat.AUTO;
    }
    if (idCol == null || idCol.isBlank() || textCol == null || textCol.isBlank()) {
      throw new IllegalArgumentException("id and text column names must not be empty");
    }
    if (idCol.equals(textCol)) {
      throw new IllegalArgumentException("id and text columns are both '" + idCol + "'");
    }
    titleCol = titleCol == null ? "" : titleCol.trim();
  }

  public boolean hasTitle() {
    return !titleCol.isEmpty();
  }

  public CorpusInput withFormat(InputFormat f) {
    return new CorpusInput(location, f, idCol, textCol, titleCol);
  }
}
