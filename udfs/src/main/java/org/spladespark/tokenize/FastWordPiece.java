package org.spladespark.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A pure-Java copy of Hugging Face tokenizers' BERT uncased pipeline without special tokens ({@code
 * BertNormalizer} + {@code BertPreTokenizer} + {@code WordPiece}), used only where it is exact:
 *
 * <ul>
 *   <li>{@link #of} accepts a {@code tokenizer.json} only when its normalizer, pre-tokenizer and
 *       model have exactly the configuration implemented here (else the caller keeps DJL);
 *   <li>{@link #ids} returns {@code null} (the caller then asks DJL) when the text holds a char
 *       {@link BertChars} has not vetted, or an added token's content (those are matched on the raw
 *       text before normalization), or when it yields more than {@code maxIds} ids (truncation is
 *       left to DJL).
 * </ul>
 *
 * WordPiece: a word longer than {@code max_input_chars_per_word} chars is {@code [UNK]}; otherwise
 * greedy longest match from the left, continuations prefixed {@code ##}; a word with an unmatched
 * rest is one {@code [UNK]}. Immutable and thread-safe.
 */
final class FastWordPiece {
  private final VocabTable words;
  private final VocabTable continuations;
  private final int unkId;
  private final int maxCharsPerWord;
  private final String[] addedTokens;

  private FastWordPiece(
      VocabTable words,
      VocabTable continuations,
      int unkId,
      int maxCharsPerWord,
      String[] addedTokens) {
    this.words = words;
    this.continuations = continuations;
    this.unkId = unkId;
    this.maxCharsPerWord = maxCharsPerWord;
    this.addedTokens = addedTokens;
  }

  /** The fast path for this tokenizer.json, or {@code null} when its configuration differs. */
  static FastWordPiece of(Path tokenizerJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(tokenizerJson.toFile());
    } catch (IOException e) {
      return null; // DJL reports the file's problem
    }
    if (root == null || !supported(root)) {
      return null;
    }
    JsonNode model = root.get("model");
    List<String> added = new ArrayList<>();
    for (JsonNode t : root.path("added_tokens")) {
      String content = t.path("content").asText("");
      if (content.isEmpty() || t.path("normalized").asBoolean(true)) {
        return null; // matched on normalized text: not implemented
      }
      added.add(content);
    }
    VocabTable words = new VocabTable(model.get("vocab").size());
    VocabTable continuations = new VocabTable(model.get("vocab").size());
    String prefix = model.get("continuing_subword_prefix").asText();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.get("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) {
        return null;
      }
      words.put(e.getKey(), e.getValue().intValue());
      if (e.getKey().startsWith(prefix)) {
        continuations.put(e.getKey().substring(prefix.length()), e.getValue().intValue());
      }
    }
    char[] unkToken = model.get("unk_token").asText().toCharArray();
    int unk = words.get(unkToken, 0, unkToken.length);
    if (unk < 0) {
      return null;
    }
    return new FastWordPiece(
        words,
        continuations,
        unk,
        model.get("max_input_chars_per_word").intValue(),
        added.toArray(new String[0]));
  }

  private static boolean supported(JsonNode root) {
    JsonNode n = root.path("normalizer");
    JsonNode pre = root.path("pre_tokenizer");
    JsonNode m = root.path("model");
    JsonNode strip = n.path("strip_accents");
    return "BertNormalizer".equals(n.path("type").asText())
        && n.path("clean_text").asBoolean(false)
        && n.path("handle_chinese_chars").asBoolean(false)
        && n.path("lowercase").asBoolean(false)
        && (strip.isNull() || strip.isMissingNode() || strip.asBoolean(false))
        && n.size() == 5
        && "BertPreTokenizer".equals(pre.path("type").asText())
        && pre.size() == 1
        && "WordPiece".equals(m.path("type").asText())
        && "##".equals(m.path("continuing_subword_prefix").asText())
        && m.path("max_input_chars_per_word").canConvertToInt()
        && m.path("unk_token").isTextual()
        && m.path("vocab").isObject()
        && m.size() == 5;
  }

  /**
   * Token ids of {@code text} without special tokens, or {@code null} when this path cannot vouch
   * for them (see the class comment).
   */
  long[] ids(String text, int maxIds) {
    for (String t : addedTokens) {
      if (text.contains(t)) {
        return null;
      }
    }
    Ids out = new Ids();
    char[] word = new char[Math.min(text.length(), 64) + 4];
    int len = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (BertChars.kind(c)) {
        case BertChars.WORD:
          String s = BertChars.output(c);
          if (len + s.length() > word.length) {
            word = Arrays.copyOf(word, Math.max(2 * word.length, len + s.length()));
          }
          for (int k = 0; k < s.length(); k++) {
            word[len++] = s.charAt(k);
          }
          break;
        case BertChars.DROP:
          break;
        case BertChars.SPACE:
          wordPiece(word, len, out);
          len = 0;
          break;
        case BertChars.ISOLATE:
          wordPiece(word, len, out);
          len = 0;
          char[] single = BertChars.output(c).toCharArray();
          wordPiece(single, single.length, out);
          break;
        default:
          return null;
      }
    }
    wordPiece(word, len, out);
    return out.size <= maxIds ? Arrays.copyOf(out.ids, out.size) : null;
  }

  private void wordPiece(char[] word, int len, Ids out) {
    if (len == 0) {
      return;
    }
    if (len > maxCharsPerWord) { // every vetted char is one code point
      out.add(unkId);
      return;
    }
    int mark = out.size;
    int start = 0;
    while (start < len) {
      VocabTable table = start == 0 ? words : continuations;
      int end = Math.min(len, start + table.maxKeyLength()); // longer pieces cannot match
      int id = -1;
      while (end > start && (id = table.get(word, start, end)) < 0) {
        end--;
      }
      if (id < 0) {
        out.size = mark;
        out.add(unkId);
        return;
      }
      out.add(id);
      start = end;
    }
  }

  /** A growable int list. */
  private static final class Ids {
    long[] ids = new long[32];
    int size;

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, 2 * size);
      }
      ids[size++] = id;
    }
  }
}
