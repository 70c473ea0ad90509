package org.spladespark.encode;

import java.util.Arrays;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.QueryWeights;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/**
 * The inference-free query encoder of sentence-transformers' {@code SparseStaticEmbedding}: the
 * query is tokenized without special tokens (at most max-length ids), and each <em>distinct</em>
 * token id gets its trained weight {@code w[id]}. No term frequency, no normalisation; negative
 * weights are kept, zero weights dropped. Values are the stored float32 weights, bit for bit.
 *
 * <p>Thread-safe; cheap enough to run per row in a Spark UDF.
 */
public final class QueryEncoder implements AutoCloseable {
  private final TextTokenizer tokenizer;
  private final QueryWeights weights;

  /** An encoder that takes ownership of {@code tokenizer}: {@link #close} closes it. */
  public QueryEncoder(TextTokenizer tokenizer, QueryWeights weights) {
    this.tokenizer = tokenizer;
    this.weights = weights;
  }

  public static QueryEncoder create(ModelBundle model) {
    return create(model, TextTokenizer.Engine.JAVA);
  }

  /** The encoder whose tokenizer is answered by {@code engine} (same vectors, other speed). */
  public static QueryEncoder create(ModelBundle model, TextTokenizer.Engine engine) {
    return new QueryEncoder(
        TextTokenizer.forQueries(model.queryTokenizer(), model.maxSeqLength(), engine),
        model.queryWeights());
  }

  /** The query vector; null, empty or whitespace-only text gives the empty vector. */
  public SparseVector encode(String text) {
    if (text == null || text.isBlank()) {
      return SparseVector.empty();
    }
    return fromTokenIds(tokenizer.ids(text));
  }

  /** The query vector of already tokenized ids (duplicates allowed, order irrelevant). */
  public SparseVector fromTokenIds(long[] ids) {
    int[] sorted = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      sorted[i] = Math.toIntExact(ids[i]);
    }
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n == 0 || sorted[i] != sorted[n - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    int[] distinct = Arrays.copyOf(sorted, n);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = weights.weight(distinct[i]);
    }
    return SparseVector.of(distinct, w);
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
