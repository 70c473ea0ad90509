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
 * padded by the encoder), truncation to {@code maxLength}. Thread-safe: the native tokenizer is
 * immutable after construction.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final boolean specialTokens;

  private TextTokenizer(Path tokenizerJson, int maxLength, boolean specialTokens) {
    Offline.ensure();
    this.maxLength = maxLength;
    this.specialTokens = specialTokens;
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
      throw SpladeException.of(
          tokenizerJson.toString(),
          "cannot be loaded as a Hugging Face tokenizer: " + e.getMessage(),
          "use the tokenizer.json saved with the model",
          e);
    }
  }

  public static TextTokenizer forDocuments(Path tokenizerJson, int maxLength) {
    return new TextTokenizer(tokenizerJson, maxLength, true);
  }

  public static TextTokenizer forQueries(Path tokenizerJson, int maxLength) {
    return new TextTokenizer(tokenizerJson, maxLength, false);
  }

  /**
   * Wordpieces without special tokens and <em>without truncation</em>: counts how much of a
   * document the model would not read (see {@link #lengths}).
   */
  public static TextTokenizer forCounting(Path tokenizerJson) {
    return new TextTokenizer(tokenizerJson, 0, false);
  }

  /** Token ids of one text. {@code null} is rejected; callers decide what a null text means. */
  public long[] ids(String text) {
    Encoding e = tokenizer.encode(text);
    return e.getIds();
  }

  /** Token ids of many texts, in order (one native call). */
  public long[][] ids(List<String> texts) {
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

  public boolean addsSpecialTokens() {
    return specialTokens;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
