package org.spladespark.tokenize;

import java.text.Normalizer;

/**
 * What Hugging Face tokenizers' {@code BertNormalizer} (clean_text, handle_chinese_chars,
 * strip_accents, lowercase) followed by {@code BertPreTokenizer} does to each single UTF-16 char,
 * precomputed for a vetted set of BMP characters; every other char is {@link #FALLBACK}.
 *
 * <p>The Rust pipeline is, per char {@code c} of the raw text: drop {@code c} if it is NUL, U+FFFD
 * or a control char (category Cc, Cf or Co, except tab, LF and CR; unassigned chars are kept, and
 * fall back here); turn White_Space into a space; put spaces around CJK ideographs; NFD, then drop
 * non-spacing marks (Mn); lowercase; then split on whitespace (removed) and on punctuation (ASCII
 * punctuation or category P*, isolated). Every step but NFD's canonical reordering is per char, and
 * reordering only moves marks of non-zero combining class, which are all Mn (dropped) for the chars
 * kept here: chars whose decomposition keeps a spacing or enclosing mark fall back. The categories
 * and decompositions come from Java's Unicode tables, so the vetted set is limited to blocks
 * assigned long before the Unicode version of the Rust crates; {@code FastWordPieceTest} checks
 * every vetted char against DJL.
 *
 * <p>Immutable, shared, thread-safe.
 */
final class BertChars {
  /** Not vetted: the caller must use the reference tokenizer. */
  static final byte FALLBACK = 0;

  /** Removed by clean_text, or NFD + mark stripping leaves nothing. */
  static final byte DROP = 1;

  /** Whitespace: ends the current word. */
  static final byte SPACE = 2;

  /** Punctuation or a CJK ideograph: a word of its own ({@link #output}). */
  static final byte ISOLATE = 3;

  /** Part of a word: appends {@link #output} (one or more chars, none punctuation). */
  static final byte WORD = 4;

  private static final int[][] VETTED = {
    {0x0000, 0x052F}, // Basic Latin .. Cyrillic Supplement (Latin, IPA, diacritics, Greek)
    {0x2000, 0x206F}, // General Punctuation (spaces, zero-width and bidi controls, dashes, quotes)
    {0x3000, 0x303F}, // CJK Symbols and Punctuation
    {0x3400, 0x4DB5}, // CJK Extension A (Unicode 3.0)
    {0x4E00, 0x9FA5}, // CJK Unified Ideographs (Unicode 1.1)
    {0xFEFF, 0xFEFF}, // byte-order mark / zero-width no-break space
  };

  private static final byte[] KIND = new byte[0x10000];
  private static final String[] OUTPUT = new String[0x10000];

  static {
    for (int[] range : VETTED) {
      for (int c = range[0]; c <= range[1]; c++) {
        classify((char) c);
      }
    }
  }

  private BertChars() {}

  static byte kind(char c) {
    return KIND[c];
  }

  /** The normalized text of an {@link #ISOLATE} or {@link #WORD} char. */
  static String output(char c) {
    return OUTPUT[c];
  }

  private static void classify(char c) {
    if (Character.getType(c) == Character.UNASSIGNED) {
      return; // FALLBACK: the Rust crates keep these (and may know chars Java 17 does not)
    }
    if (c == 0 || c == 0xFFFD || isControl(c)) {
      KIND[c] = DROP;
      return;
    }
    if (isWhitespace(c)) {
      KIND[c] = SPACE;
      return;
    }
    StringBuilder out = new StringBuilder();
    for (char d : Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toCharArray()) {
      int type = Character.getType(d);
      if (type == Character.NON_SPACING_MARK) {
        continue;
      }
      if (type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || Character.isSurrogate(d)
          || isWhitespace(d)) {
        return; // FALLBACK: reordering or splitting this char needs the full algorithm
      }
      out.append(Character.toLowerCase(d));
    }
    String s = out.toString();
    boolean chinese = isChinese(c);
    if (s.isEmpty()) {
      KIND[c] = chinese ? FALLBACK : DROP;
      return;
    }
    boolean anyPunct = s.chars().anyMatch(d -> isPunctuation((char) d));
    if (s.length() == 1 && chinese != anyPunct) {
      KIND[c] = ISOLATE; // a CJK ideograph, or a char that normalizes to one punctuation char
      OUTPUT[c] = s;
    } else if (!chinese && !anyPunct) {
      KIND[c] = WORD;
      OUTPUT[c] = s;
    } // else FALLBACK: a CJK char that is also punctuation, or punctuation inside a longer output
  }

  /** clean_text's control test: Cc, Cf, Co, except tab, LF and CR (which are whitespace). */
  private static boolean isControl(char c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE;
  }

  /** Rust's {@code char::is_whitespace}: the Unicode White_Space property (stable since 6.3). */
  static boolean isWhitespace(char c) {
    return (c >= 0x09 && c <= 0x0D)
        || c == 0x20
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /**
   * BertPreTokenizer's punctuation: ASCII punctuation or Unicode categories Pc Pd Ps Pe Pi Pf Po.
   */
  static boolean isPunctuation(char c) {
    if (c < 0x80) {
      return (c >= 33 && c <= 47)
          || (c >= 58 && c <= 64)
          || (c >= 91 && c <= 96)
          || (c >= 123 && c <= 126);
    }
    switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** BertNormalizer's CJK ranges (the BMP ones; the others are surrogate pairs and fall back). */
  private static boolean isChinese(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0xF900 && c <= 0xFAFF);
  }
}
