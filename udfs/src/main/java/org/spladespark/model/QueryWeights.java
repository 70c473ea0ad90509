package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.spladespark.errors.SpladeException;

/**
 * The inference-free query side: one trained weight per vocabulary id (the IDF table of {@code
 * SparseStaticEmbedding}, formerly {@code IDF}). Read from the module's {@code model.safetensors}
 * (one F32 tensor {@code weight} of shape [vocab]) or from an OpenSearch-style {@code idf.json}
 * ({@code {"token": weight}}; tokens absent from the file weigh 0). Immutable and thread-safe.
 */
public final class QueryWeights {
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
    if (!t.dtype().equals("F32")) {
      throw Safetensors.malformed(
          file, "tensor 'weight' has dtype " + t.dtype() + ", expected F32");
    }
    if (t.shape().length != 1) {
      throw Safetensors.malformed(
          file,
          "tensor 'weight' has shape "
              + java.util.Arrays.toString(t.shape())
              + ", expected [vocab]");
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
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
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
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
