package org.spladespark.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.spladespark.errors.SpladeException;
import org.spladespark.runtime.Offline;

/**
 * A WordPiece tokenizer for one side of the model.
 *
 * <ul>
 *   <li>{@link #forDocuments}: {@code [CLS] … [SEP]}, truncated to {@code maxLength} ids with
 *       {@code [SEP]} kept (what {@code encode_document} feeds the MLM transformer);
 *   <li>{@link #forQueries}: no special tokens, at most {@code maxLength} ids (what {@code
 *       SparseStaticEmbedding} looks up).
 * </ul>
 *
 * Truncation and padding stored in {@code tokenizer.json} are overridden: no padding (batches are
 * padded by the encoder), truncation to {@code maxLength}.
 *
 * <p>Queries ({@link Engine#JAVA}, the default) first go through {@link FastWordPiece}, a pure-Java
 * copy of the BERT uncased WordPiece pipeline that gives DJL's ids exactly and answers only where
 * it can be sure (a supported {@code tokenizer.json}, vetted characters, no added-token text, no
 * truncation); every other text goes to DJL. Thread-safe: both tokenizers are immutable after
 * construction.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final FastWordPiece fast;
  private final int fastMaxIds;

  /** Which tokenizer answers queries. */
  public enum Engine {
    /** DJL's binding of Hugging Face tokenizers for every text (the reference). */
    DJL,
    /** The pure-Java path where it is exact, DJL elsewhere; same ids as {@link #DJL}. */
    JAVA
  }

  private TextTokenizer(Path tokenizerJson, int maxLength, boolean specialTokens, Engine engine) {
    Offline.ensure();
    this.maxLength = maxLength;
    try {
      HuggingFaceTokenizer.Builder b =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(tokenizerJson)
              .optAddSpecialTokens(specialTokens)
              .optPadding(false);
      // maxLength 0 = no truncation. (DJL caps even a huge max length at the tokenizer's
      // model_max_length, so "very long" must be expressed as truncation off.)
      this.tokenizer =
          (maxLength > 0 ? b.optMaxLength(maxLength).optTruncation(true) : b.optTruncation(false))
              .build();
    } catch (IOException | RuntimeException e) {
      throw SpladeException.failed(
          tokenizerJson,
          "cannot be loaded as a Hugging Face tokenizer",
          "use the tokenizer.json saved with the model",
          e);
    }
    // Only untruncated query ids are taken from the fast path: DJL may cap maxLength further.
    this.fast =
        engine == Engine.JAVA && !specialTokens && maxLength > 0
            ? FastWordPiece.of(tokenizerJson)
            : null;
    this.fastMaxIds = Math.min(maxLength, tokenizer.getMaxLength());
  }

  public static TextTokenizer forDocuments(Path tokenizerJson, int maxLength) {
    return new TextTokenizer(tokenizerJson, maxLength, true, Engine.DJL);
  }

  public static TextTokenizer forQueries(Path tokenizerJson, int maxLength) {
    return forQueries(tokenizerJson, maxLength, Engine.JAVA);
  }

  /** The query tokenizer answered by {@code engine} (the ids are the same; the speed is not). */
  public static TextTokenizer forQueries(Path tokenizerJson, int maxLength, Engine engine) {
    return new TextTokenizer(tokenizerJson, maxLength, false, engine);
  }

  /**
   * Wordpieces without special tokens and <em>without truncation</em>: counts how much of a
   * document the model would not read (see {@link #lengths}).
   */
  public static TextTokenizer forCounting(Path tokenizerJson) {
    return new TextTokenizer(tokenizerJson, 0, false, Engine.DJL);
  }

  /** Token ids of one text. {@code null} is rejected; callers decide what a null text means. */
  public long[] ids(String text) {
    long[] ids = fast != null ? fast.ids(text, fastMaxIds) : null;
    return ids != null ? ids : tokenizer.encode(text).getIds();
  }

  /**
   * Whether {@link #ids(String)} answers {@code text} without DJL (for benchmarks: the fallback
   * share).
   */
  public boolean fastPathCovers(String text) {
    return fast != null && fast.ids(text, fastMaxIds) != null;
  }

  /** Whether this tokenizer has a pure-Java path at all (a supported tokenizer.json, queries). */
  public boolean hasFastPath() {
    return fast != null;
  }

  /** Token ids of many texts, in order (one native call, or per text with the fast path). */
  public long[][] ids(List<String> texts) {
    if (fast != null) {
      long[][] out = new long[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = ids(texts.get(i));
      }
      return out;
    }
    Encoding[] enc = tokenizer.batchEncode(texts);
    long[][] out = new long[enc.length][];
    for (int i = 0; i < enc.length; i++) {
      out[i] = enc[i].getIds();
    }
    return out;
  }

  /** Number of ids of each text, in order (one native call). */
  public int[] lengths(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    int[] out = new int[enc.length];
    for (int i = 0; i < enc.length; i++) {
      out[i] = enc[i].getIds().length;
    }
    return out;
  }

  /** The truncation length; 0 = none ({@link #forCounting}). */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
