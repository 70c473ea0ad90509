package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.spladespark.errors.SpladeException;

/**
 * The inference-free query side: one trained weight per vocabulary id (the IDF table of {@code
 * SparseStaticEmbedding}, formerly {@code IDF}). Read from the module's {@code model.safetensors}
 * (one tensor {@code weight} of shape [vocab]: F32, or F16/BF16 widened exactly) or from an
 * OpenSearch-style {@code idf.json} ({@code {"token": weight}}; tokens absent from the file weigh
 * 0). Immutable and thread-safe.
 */
public final class QueryWeights {
  /** Stored dtypes accepted for the weights; F16/BF16 widen to float32 exactly. */
  private static final Set<String> FLOAT_DTYPES = Set.of("F32", "F16", "BF16");

  private final float[] weights;
  private final Path source;
  private final String sha256;

  private QueryWeights(float[] weights, Path source) {
    this.weights = weights;
    this.source = source;
    this.sha256 = sha256(weights);
  }

  /** Reads the {@code weight} tensor of a SparseStaticEmbedding/IDF {@code model.safetensors}. */
  public static QueryWeights fromSafetensors(Path file, int vocabSize) {
    Safetensors st = Safetensors.open(file);
    if (!st.has("weight")) {
      throw Safetensors.malformed(
          file, "has no tensor 'weight' (found " + st.tensors().keySet() + ")");
    }
    Safetensors.Tensor t = st.tensor("weight");
    if (!FLOAT_DTYPES.contains(t.dtype())) {
      throw Safetensors.malformed(
          file, "tensor 'weight' has dtype " + t.dtype() + ", expected F32 (or F16/BF16)");
    }
    if (t.shape().length != 1) {
      throw Safetensors.malformed(
          file, "tensor 'weight' has shape " + Arrays.toString(t.shape()) + ", expected [vocab]");
    }
    if (t.shape()[0] != vocabSize) {
      throw SpladeException.of(
          file.toString(),
          "vocab size mismatch: the query weights have "
              + t.shape()[0]
              + " entries but the tokenizer has "
              + vocabSize
              + " tokens",
          "use the tokenizer.json saved with these weights");
    }
    return new QueryWeights(st.floats("weight"), file);
  }

  /** Reads an OpenSearch {@code idf.json}: token string → weight; unknown tokens are an error. */
  public static QueryWeights fromIdfJson(Path file, Vocabulary vocab) {
    JsonNode root = Json.read(file);
    float[] w = new float[vocab.size()];
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getValue().isNumber()) {
        throw SpladeException.of(
            file.toString(),
            "weight of token '" + e.getKey() + "' is not a number: " + e.getValue(),
            "idf.json must map each token string to a number");
      }
      int id = vocab.id(e.getKey());
      if (id < 0) {
        throw SpladeException.of(
            file.toString(),
            "token '" + e.getKey() + "' is not in the tokenizer's vocabulary",
            "use the tokenizer.json that idf.json was made with");
      }
      w[id] = e.getValue().floatValue();
    }
    return new QueryWeights(w, file);
  }

  public int size() {
    return weights.length;
  }

  public float weight(int tokenId) {
    return weights[tokenId];
  }

  public Path source() {
    return source;
  }

  /** SHA-256 of the weights as little-endian float32: part of the model fingerprint. */
  public String sha256() {
    return sha256;
  }

  private static String sha256(float[] w) {
    ByteBuffer b = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(w);
    return sha256(b.array());
  }

  /** SHA-256 (hex) of a file's bytes; the error names the file. */
  static String sha256(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(), "cannot be read: " + e, "check the file's permissions", e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
