package org.spladespark.jobs.encode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses one JSON Lines record into (id, title, text) and says precisely what is wrong with a bad
 * one: bytes that are not UTF-8 (with their offset), invalid JSON (with the column), a value that
 * is not an object, trailing content, a duplicate key, or a field of the wrong type. A missing or
 * null field is not an error here: the validator decides what a null id or text means, the same for
 * every input format.
 *
 * <p>Ids may be JSON strings or integers (some corpora write {@code "_id": 4983}); text and title
 * must be strings. Serializable (it travels to the executors) and thread-safe.
 */
public final class JsonLineParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_MESSAGE = 200;

  private final String idField;
  private final String textField;
  private final String titleField;
  private transient ObjectReader reader;

  /**
   * One parsed line.
   *
   * @param problem null for a good line; otherwise why it is bad (the other fields may be null)
   * @param raw the line as text (bad bytes replaced by U+FFFD), for quarantine
   */
  public record Parsed(String docId, String title, String text, String problem, String raw) {}

  /**
   * @param titleField null or empty: titles are ignored
   */
  public JsonLineParser(String idField, String textField, String titleField) {
    this.idField = idField;
    this.textField = textField;
    this.titleField = titleField == null || titleField.isEmpty() ? null : titleField;
  }

  /** True for a line of only ASCII whitespace: skipped, like an empty line. */
  public static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  public Parsed parse(byte[] line) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(line);
    CharBuffer out = CharBuffer.allocate(line.length);
    CoderResult r = dec.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      String raw = new String(line, StandardCharsets.UTF_8);
      return bad(
          String.format(
              "not valid UTF-8: byte 0x%02X at byte offset %d of the line", line[at] & 0xff, at),
          raw);
    }
    dec.flush(out);
    String text = out.flip().toString();
    JsonNode node;
    try {
      node = reader().readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      return bad("invalid JSON" + where + ": " + shorten(e.getOriginalMessage()), text);
    }
    if (node == null || node.isMissingNode() || !node.isObject()) {
      return bad(
          "invalid JSON: the line is "
              + (node == null || node.isMissingNode() ? "empty" : "a JSON " + kind(node))
              + ", expected an object",
          text);
    }
    JsonNode id = node.get(idField);
    String docId = null;
    if (id != null && !id.isNull()) {
      if (id.isTextual() || id.isIntegralNumber()) {
        docId = id.asText();
      } else {
        return bad(notAString("id", idField, id), text);
      }
    }
    JsonNode t = node.get(textField);
    if (notString(t)) {
      return new Parsed(docId, null, null, notAString("text", textField, t), text);
    }
    JsonNode ti = titleField == null ? null : node.get(titleField);
    if (notString(ti)) {
      return new Parsed(docId, null, null, notAString("title", titleField, ti), text);
    }
    return new Parsed(docId, value(ti), value(t), null, text);
  }

  /** Whether a field is there, not null and not a string. */
  private static boolean notString(JsonNode n) {
    return n != null && !n.isNull() && !n.isTextual();
  }

  /** A string field's value; null when the field is missing or null. */
  private static String value(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String notAString(String what, String field, JsonNode n) {
    return what + " field '" + field + "' is a JSON " + kind(n) + ", expected a string";
  }

  private static Parsed bad(String problem, String raw) {
    return new Parsed(null, null, null, problem, raw);
  }

  private ObjectReader reader() {
    if (reader == null) {
      reader =
          new ObjectMapper()
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .reader();
    }
    return reader;
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case STRING -> "string";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String shorten(String s) {
    String one = s == null ? "" : s.replace('\n', ' ');
    return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE) + "…";
  }
}
