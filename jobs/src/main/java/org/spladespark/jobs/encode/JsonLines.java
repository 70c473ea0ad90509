package org.spladespark.jobs.encode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import org.spladespark.errors.SpladeException;

/**
 * Walks the JSON values of a JSON-lines file ({@link TextLines}: non-blank lines, 1-based numbers),
 * so that every JSON-lines reader of the jobs (queries, BEIR files, encode-texts) reports a bad
 * line the same way.
 */
public final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** What is done with one parsed line. */
  @FunctionalInterface
  public interface Line {
    void accept(int number, JsonNode node);
  }

  /**
   * Calls {@code body} on the parsed value of each non-blank line of {@code r}, in order; a line
   * that is not JSON is a {@link SpladeException} naming {@code source} and the line.
   */
  public static void forEach(BufferedReader r, Object source, Line body) throws IOException {
    TextLines.forEach(r, (n, line) -> body.accept(n, parse(line, source + " line " + n)));
  }

  /** One line's JSON value; a {@link SpladeException} naming {@code where} when it is not JSON. */
  public static JsonNode parse(String line, String where) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw SpladeException.of(
          where,
          "is not valid JSON (" + e.getOriginalMessage() + ")",
          "write one JSON object per line");
    }
  }
}
