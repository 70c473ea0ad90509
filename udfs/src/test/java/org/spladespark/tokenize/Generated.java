package org.spladespark.tokenize;

import java.util.SplittableRandom;

/**
 * Deterministic adversarial query strings for the tokenizer differential test: English-like words,
 * accents and combining marks, CJK (BMP and supplementary), emoji and ZWJ sequences, punctuation
 * (ASCII and Unicode), control and zero-width chars, whitespace variants, very long words, mixed
 * scripts, special-token look-alikes and random BMP chars. Three in five strings use only chars
 * that the fast path vets, so that most of them exercise it rather than the fallback.
 */
final class Generated {
  private static final String[] WORDS = {
    "the", "protein", "Vitamin", "B12", "increases", "risk", "of", "cancer", "COVID-19", "p53",
    "mice", "unaffable", "running", "über", "naïve", "café", "Ångström", "résumé", "x", "a",
    "IL-6", "TNFα", "β-cell", "don't", "U.S.", "e.g.", "mRNA", "CRISPR/Cas9", "10%", "1,000"
  };
  private static final String ACCENTS = "éèêëàâäáãåôöóòõûüúùçñÅØæœßÿÉÈÀÇÑÖÜıİŁłŠšŽžĐđ";
  private static final String PUNCT =
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’–—…«»¡¿·•†‡‰′″‹›§¶¦©®°±×÷";
  private static final String SPACES =
      " \t\n\r\u000B\u000C\u0085\u00A0\u1680\u2000\u2003\u2007\u200A\u2028\u2029\u202F\u205F"
          + "\u3000\u001C\u001F";
  private static final String INVISIBLE =
      "\u0000\u0001\u0007\u001B\u007F\u0080\u009F\u00AD\u200B\u200C\u200D\u200E\u200F\u2060"
          + "\u2061\u2066\u2069\uFEFF\uFFFD\u180E\u061C\u034F";
  private static final String SCRIPTS = "αβγδΣσςΩωάέЖжЯяЁёДдعربيשלוםनमस्तेไทย한국어ひらがなカタカナԱբ";
  private static final String[] EMOJI = {
    "\uD83D\uDE00",
    "\uD83D\uDC4D\uD83C\uDFFD",
    "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
    "\u2764\uFE0F",
    "\uD83C\uDDEB\uD83C\uDDF7",
    "\u00A9\uFE0F",
    "1\uFE0F\u20E3"
  };
  private static final String[] SPECIAL = {"[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]", "[mask]"};

  private Generated() {}

  static String text(SplittableRandom rnd, int i) {
    boolean vettedOnly = i % 5 < 3;
    if (i % 997 == 0) {
      return longText(rnd); // beyond the 512-id truncation
    }
    StringBuilder sb = new StringBuilder();
    int parts = 1 + rnd.nextInt(12);
    for (int p = 0; p < parts; p++) {
      if (p > 0 && rnd.nextInt(3) > 0) {
        sb.append(rnd.nextInt(4) == 0 ? pick(rnd, SPACES) : ' ');
      }
      int kind = rnd.nextInt(vettedOnly ? 9 : 14);
      switch (kind) {
        case 0, 1, 2 -> sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        case 3 ->
            sb.append(word(rnd, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        case 4 -> sb.append(word(rnd, "aeiourstln" + ACCENTS));
        case 5 -> sb.append(pick(rnd, PUNCT));
        case 6 -> combining(rnd, sb);
        case 7 -> sb.append(vetted(rnd, 1 + rnd.nextInt(6)));
        case 8 -> longWord(rnd, sb);
        case 9 -> sb.append(pick(rnd, INVISIBLE));
        case 10 -> sb.append(EMOJI[rnd.nextInt(EMOJI.length)]);
        case 11 -> sb.append(word(rnd, SCRIPTS));
        case 12 -> sb.append(SPECIAL[rnd.nextInt(SPECIAL.length)]);
        default -> sb.append(anyBmp(rnd, 1 + rnd.nextInt(4)));
      }
    }
    return sb.toString();
  }

  private static String longText(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    int words = 300 + rnd.nextInt(500);
    for (int w = 0; w < words; w++) {
      sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
    }
    return sb.toString();
  }

  private static void longWord(SplittableRandom rnd, StringBuilder sb) {
    int len = 90 + rnd.nextInt(40); // around max_input_chars_per_word = 100
    String alphabet = rnd.nextBoolean() ? "abcdefghij" : "aé\u0301bc";
    for (int k = 0; k < len; k++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
  }

  private static void combining(SplittableRandom rnd, StringBuilder sb) {
    sb.append("aeoAEOnc".charAt(rnd.nextInt(8)));
    int marks = 1 + rnd.nextInt(3);
    for (int k = 0; k < marks; k++) {
      sb.append((char) (0x0300 + rnd.nextInt(0x70)));
    }
  }

  private static String word(SplittableRandom rnd, String alphabet) {
    StringBuilder sb = new StringBuilder();
    int len = 1 + rnd.nextInt(12);
    for (int k = 0; k < len; k++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String vetted(SplittableRandom rnd, int n) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      char c = (char) rnd.nextInt(0x10000);
      if (BertChars.kind(c) != BertChars.FALLBACK) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String anyBmp(SplittableRandom rnd, int n) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      char c = (char) rnd.nextInt(0x10000);
      if (!Character.isSurrogate(c)) {
        sb.append(c);
      }
    }
    // a supplementary CJK ideograph or other astral char now and then
    if (rnd.nextInt(3) == 0) {
      sb.appendCodePoint(0x20000 + rnd.nextInt(0xB000));
    }
    return sb.toString();
  }

  private static char pick(SplittableRandom rnd, String chars) {
    return chars.charAt(rnd.nextInt(chars.length()));
  }

  /** The text with every char outside printable ASCII as {@code \\uXXXX}. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7F) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04X", (int) c));
      }
    }
    return sb.toString();
  }
}
