package org.spladespark.vector;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Why a document scored what it did against a query: the tokens the two vectors share, each with
 * its query weight q, document weight d and contribution q × d (float32).
 *
 * <p>{@link #score} is the float32 sum of the contributions added in ascending token id order,
 * starting at 0 — the arithmetic of {@link SparseVector#dot} and of the search scorers — so it
 * equals the search score bit for bit. {@link #terms} lists the contributions largest first (ties
 * by token id ascending); adding them in that order may differ from {@link #score} in the last
 * bits, which is why the score is carried rather than recomputed. Immutable and thread-safe.
 *
 * @param score the query · document score
 * @param terms the shared tokens, largest contribution first
 */
public record ScoreExplanation(float score, List<Term> terms) implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One shared token.
   *
   * @param contribution {@code queryWeight * docWeight} in float32
   */
  public record Term(int tokenId, float queryWeight, float docWeight, float contribution)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Largest contribution first, ties by token id. */
  public static final Comparator<Term> ORDER =
      Comparator.comparing(Term::contribution, Comparator.reverseOrder())
          .thenComparingInt(Term::tokenId);

  public ScoreExplanation {
    terms = List.copyOf(terms);
  }

  /** The explanation of {@code query · doc}. */
  public static ScoreExplanation of(SparseVector query, SparseVector doc) {
    List<Term> terms = new ArrayList<>();
    float sum = 0f;
    int i = 0;
    int j = 0;
    while (i < query.size() && j < doc.size()) {
      int a = query.index(i);
      int b = doc.index(j);
      if (a == b) {
        float q = query.value(i++);
        float d = doc.value(j++);
        float c = q * d;
        sum += c;
        terms.add(new Term(a, q, d, c));
      } else if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    Collections.sort(terms, ORDER);
    return new ScoreExplanation(sum, terms);
  }

  /** The first {@code n} terms ({@code n <= 0}: all). */
  public List<Term> top(int n) {
    return n <= 0 || n >= terms.size() ? terms : terms.subList(0, n);
  }
}
