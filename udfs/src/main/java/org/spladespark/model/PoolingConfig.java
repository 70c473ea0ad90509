package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.spladespark.errors.SpladeException;

/**
 * The {@code SpladePooling} module config. Only the SPLADE formula the document graph computes is
 * accepted: max pooling over tokens with a ReLU activation, i.e. {@code log1p(relu(max))}.
 *
 * @param strategy {@code pooling_strategy}, always "max"
 * @param activation {@code activation_function}, always "relu"
 * @param dimension {@code embedding_dimension} (v6) or {@code word_embedding_dimension} (v5)
 */
public record PoolingConfig(String strategy, String activation, int dimension) {

  static PoolingConfig read(Path file) {
    JsonNode node = Json.read(file);
    String strategy =
        only(
            node,
            file,
            "pooling_strategy",
            "max",
            "pooling strategy",
            "this pipeline computes SPLADE max pooling");
    String activation =
        only(node, file, "activation_function", "relu", "activation function", "expected relu");
    JsonNode dim =
        node.has("embedding_dimension")
            ? node.get("embedding_dimension")
            : node.get("word_embedding_dimension");
    int dimension = dim == null || dim.isNull() ? -1 : dim.asInt();
    return new PoolingConfig(strategy, activation, dimension);
  }

  /** The setting {@code key} (absent: {@code value}), which must be {@code value}. */
  private static String only(
      JsonNode node, Path file, String key, String value, String what, String why) {
    String v = node.path(key).asText(value);
    if (!v.equals(value)) {
      throw SpladeException.of(
          file.toString(),
          "unknown " + what + " '" + v + "' (" + why + ")",
          "use a model with \"" + key + "\": \"" + value + "\"");
    }
    return v;
  }
}
