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
    String strategy = node.path("pooling_strategy").asText("max");
    if (!strategy.equals("max")) {
      throw SpladeException.of(
          file.toString(),
          "unknown pooling strategy '" + strategy + "' (this pipeline computes SPLADE max pooling)",
          "use a model with \"pooling_strategy\": \"max\"");
    }
    String activation = node.path("activation_function").asText("relu");
    if (!activation.equals("relu")) {
      throw SpladeException.of(
          file.toString(),
          "unknown activation function '" + activation + "' (expected relu)",
          "use a model with \"activation_function\": \"relu\"");
    }
    JsonNode dim =
        node.has("embedding_dimension")
            ? node.get("embedding_dimension")
            : node.get("word_embedding_dimension");
    int dimension = dim == null || dim.isNull() ? -1 : dim.asInt();
    return new PoolingConfig(strategy, activation, dimension);
  }
}
