package org.spladespark.jobs.search;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One search result: a document and its exact float32 score. The one hit type of the pipeline:
 * search ({@link TopK}, {@link SpladeIndex}) and evaluation ({@code jobs.eval}) rank with {@link
 * #RANKING}, the order Spark SQL's {@code ORDER BY score DESC, doc_id ASC} gives.
 *
 * @param docId the document id
 * @param score the dot product of query and document vectors
 */
public record Hit(String docId, float score) implements Serializable {

  /**
   * Result order: score descending, then doc id ascending. Scores compare as Spark SQL sorts floats
   * ({@code -0.0 == 0.0}, NaN above everything); doc ids by Unicode code point, which is the UTF-8
   * byte order Spark sorts strings in (and differs from {@link String#compareTo} for characters
   * outside the BMP).
   */
  public static final Comparator<Hit> RANKING =
      (a, b) -> {
        int c = compareScores(b.score, a.score);
        return c != 0 ? c : compareIds(a.docId, b.docId);
      };

  /** Ascending comparison of two scores as Spark orders floats. */
  public static int compareScores(float x, float y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    // At least one NaN: NaN is the largest value and equal to itself.
    return Boolean.compare(Float.isNaN(x), Float.isNaN(y));
  }

  /**
   * Ascending comparison by code point, i.e. by UTF-8 bytes (Spark's string order). Compares UTF-16
   * units up to the first difference, which decides alone unless it involves a surrogate (only
   * there do the two orders part); then it compares code points from the start.
   */
  public static int compareIds(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return Character.isSurrogate(ca) || Character.isSurrogate(cb) ? byCodePoint(a, b) : ca - cb;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
