package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLineParserTest {
  private final JsonLineParser parser = new JsonLineParser("_id", "text", "title");

  private JsonLineParser.Parsed parse(String line) {
    return parser.parse(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void goodLine() {
    JsonLineParser.Parsed p = parse("{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"body\"}");
    assertEquals("d1", p.docId());
    assertEquals("T", p.title());
    assertEquals("body", p.text());
    assertNull(p.problem());
  }

  @Test
  void integerIdsAreText() {
    assertEquals("4983", parse("{\"_id\": 4983, \"text\": \"x\"}").docId());
  }

  @Test
  void missingAndNullFieldsAreNullsNotProblems() {
    JsonLineParser.Parsed p = parse("{\"text\": null}");
    assertNull(p.docId());
    assertNull(p.text());
    assertNull(p.title());
    assertNull(p.problem());
  }

  @Test
  void titleIgnoredWhenNotConfigured() {
    JsonLineParser noTitle = new JsonLineParser("_id", "text", "");
    JsonLineParser.Parsed p =
        noTitle.parse(
            "{\"_id\":\"a\",\"title\":\"T\",\"text\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    assertNull(p.title());
  }

  @Test
  void invalidJsonNamesTheColumn() {
    JsonLineParser.Parsed p = parse("{\"_id\": \"d1\", \"text\": \"unterminated}");
    assertTrue(p.problem().startsWith(BadRows.INVALID_JSON + " at column"), p.problem());
    assertEquals("{\"_id\": \"d1\", \"text\": \"unterminated}", p.raw());
  }

  @Test
  void trailingGarbageIsInvalid() {
    assertTrue(
        parse("{\"_id\": \"d1\", \"text\": \"t\"} extra").problem().startsWith("invalid JSON"));
  }

  @Test
  void duplicateKeysAreInvalid() {
    String problem = parse("{\"_id\": \"a\", \"_id\": \"b\", \"text\": \"t\"}").problem();
    assertTrue(problem.startsWith("invalid JSON") && problem.contains("_id"), problem);
  }

  @Test
  void arrayLineIsNotAnObject() {
    assertEquals(
        "invalid JSON: the line is a JSON array, expected an object", parse("[1, 2]").problem());
  }

  @Test
  void nonUtf8BytesNamedWithOffset() {
    byte[] line = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xE9, '"', '}'};
    JsonLineParser.Parsed p = parser.parse(line);
    assertEquals("not valid UTF-8: byte 0xE9 at byte offset 9 of the line", p.problem());
    assertTrue(p.raw().contains("\uFFFD"), p.raw());
  }

  @Test
  void wrongTypes() {
    assertEquals(
        "id field '_id' is a JSON object, expected a string",
        parse("{\"_id\": {}, \"text\": \"t\"}").problem());
    assertEquals(
        "text field 'text' is a JSON number, expected a string",
        parse("{\"_id\": \"a\", \"text\": 3}").problem());
    assertEquals(
        "title field 'title' is a JSON array, expected a string",
        parse("{\"_id\": \"a\", \"title\": [], \"text\": \"t\"}").problem());
    assertEquals("a", parse("{\"_id\": \"a\", \"text\": 3}").docId());
  }

  @Test
  void blankLines() {
    assertTrue(JsonLineParser.isBlank(" \t\r".getBytes(StandardCharsets.UTF_8)));
    assertTrue(JsonLineParser.isBlank(new byte[0]));
    assertFalse(JsonLineParser.isBlank("{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unicodeText() {
    assertEquals("日本語 😀", parse("{\"_id\": \"u\", \"text\": \"日本語 😀\"}").text());
    assertEquals("é", parse("{\"_id\": \"u\", \"text\": \"\\u00e9\"}").text());
  }
}
