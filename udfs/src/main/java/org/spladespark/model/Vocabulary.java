package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * Token strings by id, read from a Hugging Face {@code tokenizer.json} ({@code model.vocab} plus
 * {@code added_tokens}). Used to decode vectors and to map {@code idf.json} tokens to ids;
 * tokenization itself is DJL's. Immutable and thread-safe.
 */
public final class Vocabulary {
  /** Far above any WordPiece vocabulary; guards the id table against a corrupt file. */
  private static final int MAX_VOCAB = 10_000_000;

  private final String[] tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(String[] tokens, Map<String, Integer> ids) {
    this.tokens = tokens;
    this.ids = ids;
  }

  public static Vocabulary read(Path tokenizerJson) {
    JsonNode root = Json.read(tokenizerJson);
    JsonNode vocab = root.path("model").path("vocab");
    if (!vocab.isObject() || vocab.isEmpty()) {
      throw SpladeException.of(
          tokenizerJson.toString(),
          "has no model.vocab object (type '" + root.path("model").path("type").asText("?") + "')",
          "use the WordPiece tokenizer.json saved with the model");
    }
    Map<String, Integer> ids = new HashMap<>();
    int max = -1;
    for (Map.Entry<String, JsonNode> e : vocab.properties()) {
      JsonNode id = e.getValue();
      if (!id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= MAX_VOCAB) {
        throw SpladeException.of(
            tokenizerJson.toString(),
            "model.vocab maps '" + e.getKey() + "' to " + id + ", not a token id",
            "use the tokenizer.json saved with the model");
      }
      ids.put(e.getKey(), id.asInt());
      max = Math.max(max, id.asInt());
    }
    for (JsonNode added : root.path("added_tokens")) {
      int id = added.path("id").asInt();
      ids.putIfAbsent(added.path("content").asText(), id);
      max = Math.max(max, id);
    }
    String[] tokens = new String[max + 1];
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      tokens[e.getValue()] = e.getKey();
    }
    return new Vocabulary(tokens, Map.copyOf(ids));
  }

  /** Number of ids (largest id + 1). */
  public int size() {
    return tokens.length;
  }

  /** The token string of {@code id}, e.g. {@code "##ing"}; {@code "[id]"} for a hole. */
  public String token(int id) {
    String t = id >= 0 && id < tokens.length ? tokens[id] : null;
    return t != null ? t : "[" + id + "]";
  }

  /** The id of a token string, or -1. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? -1 : id;
  }
}
