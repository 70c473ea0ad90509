package org.spladespark.jobs.search;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * A compact in-memory inverted index of a set of documents (a "slice" of an index): for every
 * token, the ordinals of the documents that have it, ascending, with their weights. Ordinals number
 * the documents in {@link Hit#compareIds} order, so ordering hits by ordinal orders them by doc id.
 *
 * <p>Memory: 8 bytes per non-zero (an int ordinal and a float weight), 4 bytes per token id up to
 * the largest, plus the doc id strings: about {@code 8 × nnz + 60} bytes a document, i.e. ~1.3 KB
 * for a document of 150 non-zeros.
 *
 * <p>Built from whole document vectors ({@link Builder}) or from postings rows ({@link
 * #ofPostings}, possibly only those of some tokens). Immutable once built, so thread-safe; {@link
 * SliceScorer} scores queries against it.
 */
final class PostingSlice implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] docIds;
  private final int[] tokenStart;
  private final int[] docs;
  private final float[] weights;

  private PostingSlice(String[] docIds, int[] tokenStart, int[] docs, float[] weights) {
    this.docIds = docIds;
    this.tokenStart = tokenStart;
    this.docs = docs;
    this.weights = weights;
  }

  /** Number of documents. */
  int size() {
    return docIds.length;
  }

  /** Number of non-zeros (postings). */
  long nonZeros() {
    return docs.length;
  }

  /** Approximate heap size: the arrays, and ~64 bytes per doc id string. */
  long bytes() {
    return 8L * docs.length + 4L * tokenStart.length + 72L * docIds.length;
  }

  String docId(int ordinal) {
    return docIds[ordinal];
  }

  /** First posting of {@code token}; postings of token t are {@code [start(t), start(t + 1))}. */
  int start(int token) {
    return token < 0 || token >= tokenStart.length - 1 ? 0 : tokenStart[token];
  }

  int end(int token) {
    return token < 0 || token >= tokenStart.length - 1 ? 0 : tokenStart[token + 1];
  }

  int doc(int posting) {
    return docs[posting];
  }

  float weight(int posting) {
    return weights[posting];
  }

  /**
   * The slice of postings rows {@code (tokens[i], docIds[i], weights[i])}, in any order; only the
   * documents that occur are numbered. Scoring a query whose tokens all occur here gives the same
   * floats as the whole vectors would, since a document's products are still added in the query's
   * token order.
   */
  static PostingSlice ofPostings(int[] tokens, String[] docIds, float[] weights) {
    String[] distinct =
        Arrays.stream(docIds).distinct().sorted(Hit::compareIds).toArray(String[]::new);
    Map<String, Integer> ordinal = new HashMap<>(distinct.length * 2);
    for (int i = 0; i < distinct.length; i++) {
      ordinal.put(distinct[i], i);
    }
    int maxToken = -1;
    for (int t : tokens) {
      maxToken = Math.max(maxToken, t);
    }
    int[] tokenStart = new int[maxToken + 2];
    for (int t : tokens) {
      tokenStart[t + 1]++;
    }
    for (int t = 0; t + 1 < tokenStart.length; t++) {
      tokenStart[t + 1] += tokenStart[t];
    }
    int[] fill = Arrays.copyOf(tokenStart, tokenStart.length);
    int[] docs = new int[tokens.length];
    float[] ws = new float[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      int slot = fill[tokens[i]]++;
      docs[slot] = ordinal.get(docIds[i]);
      ws[slot] = weights[i];
    }
    return new PostingSlice(distinct, tokenStart, docs, ws);
  }

  /** Collects documents, then lays them out by token. Not thread-safe. */
  static final class Builder {
    private String[] ids = new String[1024];
    private int[] docStart = new int[1025];
    private int[] tokens = new int[1 << 16];
    private float[] ws = new float[1 << 16];
    private int n;
    private int maxToken = -1;

    int size() {
      return n;
    }

    long nonZeros() {
      return docStart[n];
    }

    /**
     * Adds a document; its token ids must be strictly ascending and aligned with the weights.
     *
     * @throws SpladeException naming the document otherwise
     */
    void add(String docId, int[] tokenIds, float[] docWeights) {
      if (tokenIds.length != docWeights.length) {
        throw SpladeException.of(
            "doc_vectors row '" + docId + "'",
            tokenIds.length + " token_ids but " + docWeights.length + " weights",
            "rebuild the index; token_ids and weights must be aligned");
      }
      for (int i = 0; i < tokenIds.length; i++) {
        int t = tokenIds[i];
        if (i > 0 && t <= tokenIds[i - 1]) {
          throw SpladeException.of(
              "doc_vectors row '" + docId + "'",
              "token_ids are not strictly ascending (" + tokenIds[i - 1] + " then " + t + ")",
              "rebuild the index; token_ids must be sorted ascending without duplicates");
        }
        if (t < 0) {
          throw SpladeException.of(
              "doc_vectors row '" + docId + "'",
              "has the negative token id " + t,
              "rebuild the index; token ids index the model's vocabulary");
        }
      }
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, 2 * n);
        docStart = Arrays.copyOf(docStart, 2 * n + 1);
      }
      int from = docStart[n];
      int to = from + tokenIds.length;
      if (to > tokens.length) {
        int cap = Math.max(to, (int) Math.min(Integer.MAX_VALUE - 8, 2L * tokens.length));
        tokens = Arrays.copyOf(tokens, cap);
        ws = Arrays.copyOf(ws, cap);
      }
      System.arraycopy(tokenIds, 0, tokens, from, tokenIds.length);
      System.arraycopy(docWeights, 0, ws, from, docWeights.length);
      if (tokenIds.length > 0) {
        maxToken = Math.max(maxToken, tokenIds[tokenIds.length - 1]);
      }
      ids[n++] = docId;
      docStart[n] = to;
    }

    /**
     * The slice of the documents added; the builder is empty afterwards, and keeps its capacity.
     */
    PostingSlice build() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Hit.compareIds(ids[x], ids[y]));
      String[] sortedIds = new String[n];
      int[] tokenStart = new int[maxToken + 2];
      for (int p = 0; p < docStart[n]; p++) {
        tokenStart[tokens[p] + 1]++;
      }
      for (int t = 0; t + 1 < tokenStart.length; t++) {
        tokenStart[t + 1] += tokenStart[t];
      }
      int[] fill = Arrays.copyOf(tokenStart, tokenStart.length);
      int[] docs = new int[docStart[n]];
      float[] weights = new float[docStart[n]];
      for (int ord = 0; ord < n; ord++) {
        int d = order[ord];
        sortedIds[ord] = ids[d];
        for (int p = docStart[d]; p < docStart[d + 1]; p++) {
          int slot = fill[tokens[p]]++;
          docs[slot] = ord;
          weights[slot] = ws[p];
        }
      }
      // The staging arrays stay for the next slice: growing them again would copy every slice's
      // non-zeros about twice more. The ids go, so that the builder holds no slice's strings.
      Arrays.fill(ids, 0, n, null);
      n = 0;
      maxToken = -1;
      return new PostingSlice(sortedIds, tokenStart, docs, weights);
    }
  }
}
