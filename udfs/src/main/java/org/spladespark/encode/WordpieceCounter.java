package org.spladespark.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.spladespark.errors.SpladeException;
import org.spladespark.runtime.Offline;

/**
 * Counts the wordpieces of documents as the model's tokenizer splits them, special tokens excluded
 * and <em>without truncation</em>, to find documents far longer than the model reads. (A {@code
 * TextTokenizer} always truncates: DJL caps even a huge max length at the tokenizer's {@code
 * model_max_length}; here truncation is switched off instead.)
 *
 * <p>Thread-safe: the native tokenizer is immutable after construction.
 */
public final class WordpieceCounter implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  public WordpieceCounter(Path tokenizerJson) {
    Offline.ensure();
    try {
      this.tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(tokenizerJson)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException | RuntimeException e) {
      throw SpladeException.of(
          tokenizerJson.toString(),
          "cannot be loaded as a Hugging Face tokenizer: " + e.getMessage(),
          "use the tokenizer.json saved with the model",
          e);
    }
  }

  /** Wordpieces of one text. */
  public int count(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  /** Wordpieces of each text, in order (one native call). */
  public int[] counts(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    int[] out = new int[enc.length];
    for (int i = 0; i < enc.length; i++) {
      out[i] = enc[i].getIds().length;
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
