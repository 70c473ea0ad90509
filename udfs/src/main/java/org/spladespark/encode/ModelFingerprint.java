package org.spladespark.encode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;

/**
 * The {@code model_id} stored with every vector: a content fingerprint of everything that decides
 * the numbers in the tables, and nothing else (not the folder name, not the hub revision).
 *
 * <pre>
 *   model_id = hex(SHA-256("splade-model-id/v2\n"
 *                          + hex(SHA-256(pooled graph file bytes)) + "\n"
 *                          + ModelBundle.queryAndTokenizerFingerprint()))[0..16)
 *
 *   (the latter covers the query weights, both tokenizers and the max sequence length)
 * </pre>
 *
 * 16 hex characters (64 bits) keep table rows short; a collision between two models that a user
 * actually keeps side by side is not a practical concern at that size. The same model files give
 * the same id on every machine; a graph compiled differently (other opset, other optimisation)
 * gives another id, which is right: its vectors may differ in the last bits.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelFingerprint {
  /** Length of {@link #of} in hex characters. */
  public static final int LENGTH = 16;

  private ModelFingerprint() {}

  /** The fingerprint of a model whose documents are encoded by {@code pooledGraph}. */
  public static String of(ModelBundle model, Path pooledGraph) {
    String joined =
        "splade-model-id/v2\n" + sha256(pooledGraph) + "\n" + model.queryAndTokenizerFingerprint();
    return HexFormat.of()
        .formatHex(digest().digest(joined.getBytes(StandardCharsets.UTF_8)))
        .substring(0, LENGTH);
  }

  /** Hex SHA-256 of a file's bytes, streamed. */
  public static String sha256(Path file) {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw SpladeException.failed(
          file,
          "cannot be read to fingerprint the model",
          "check the file exists and is readable",
          e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
