package org.spladespark.jobs.encode;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Walks the non-blank lines of a text file with their 1-based numbers (for messages naming the
 * line), the same for every line-oriented reader of the jobs: queries, BEIR files, encode-texts.
 */
public final class TextLines {
  private TextLines() {}

  /** What is done with one non-blank line. */
  @FunctionalInterface
  public interface Line {
    void accept(int number, String line);
  }

  /** Calls {@code body} on each non-blank line of {@code r}, in order. */
  public static void forEach(BufferedReader r, Line body) throws IOException {
    String line;
    int number = 0;
    while ((line = r.readLine()) != null) {
      number++;
      if (!line.isBlank()) {
        body.accept(number, line);
      }
    }
  }
}
