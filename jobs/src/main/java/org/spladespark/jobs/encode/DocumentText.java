package org.spladespark.jobs.encode;

/**
 * The text a corpus row contributes to the encoder.
 *
 * <p>With a title, BEIR's rule (beir {@code SentenceBERT.encode_corpus}, which
 * sentence-transformers BEIR evaluations and the reference SciFact vectors follow): {@code (title +
 * " " + text).strip()}, with Python's {@code str.strip()} whitespace. An empty title therefore
 * gives the stripped text. Without a title (no title column, or the row has none) the text is used
 * exactly as given, as {@code encode_document(text)} would; an empty text is a valid document (the
 * vector of {@code [CLS] [SEP]}).
 *
 * <p>Stateless and thread-safe.
 */
public final class DocumentText {
  private DocumentText() {}

  /**
   * @param title the row's title, or null when it has none
   * @param text the row's text, not null
   */
  public static String of(String title, String text) {
    if (title == null) {
      return text;
    }
    return pythonStrip(title + " " + text);
  }

  /** {@code s.strip()} as Python 3 does it: removes leading and trailing {@link #isPythonSpace}. */
  static String pythonStrip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Python's {@code str.isspace()} for one char: Java's whitespace plus the no-break spaces and NEL
   * that Java leaves out (U+0085, U+00A0, U+2007, U+202F).
   */
  static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c)
        || c == '\u0085'
        || c == '\u00A0'
        || c == '\u2007'
        || c == '\u202F';
  }
}
