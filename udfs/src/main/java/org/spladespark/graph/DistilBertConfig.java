package org.spladespark.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spladespark.errors.SpladeException;

/**
 * The fields of a Hugging Face {@code DistilBertConfig} that shape the graph, read from the
 * document transformer's {@code config.json} and validated once.
 *
 * @param dim hidden size {@code dim}
 * @param layers {@code n_layers}
 * @param heads {@code n_heads} (divides {@code dim})
 * @param hiddenDim feed-forward size {@code hidden_dim}
 * @param vocabSize {@code vocab_size}
 * @param maxPositions {@code max_position_embeddings}
 * @param activation {@code gelu} (exact, erf-based) or {@code relu}
 */
record DistilBertConfig(
    int dim,
    int layers,
    int heads,
    int hiddenDim,
    int vocabSize,
    int maxPositions,
    String activation) {

  static final String ARCHITECTURE = "DistilBertForMaskedLM";

  int headDim() {
    return dim / heads;
  }

  static DistilBertConfig read(Path file) {
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw SpladeException.of(
          file.toString(), "file not found", "check the model folder is complete", e);
    } catch (IOException e) {
      throw SpladeException.failed(file, "is not valid JSON", "re-download the model", e);
    }
    if (c == null || !c.isObject()) {
      throw SpladeException.of(file.toString(), "is not a JSON object", "re-download the model");
    }
    List<String> archs = new ArrayList<>();
    c.path("architectures").forEach(a -> archs.add(a.asText()));
    if (!archs.equals(List.of(ARCHITECTURE))) {
      throw SpladeException.of(
          file.toString(),
          "architectures is "
              + (archs.isEmpty() ? "missing" : archs)
              + "; the graph compiler builds "
              + ARCHITECTURE
              + " only (BERT and other encoders are future work)",
          "use a DistilBERT SPLADE model, or give an ONNX export whose output is the MLM logits"
              + " (GraphSource.ONNX_EXPORT)");
    }
    if (c.path("sinusoidal_pos_embds").asBoolean(false)) {
      throw SpladeException.of(
          file.toString(),
          "sinusoidal_pos_embds is true; only learned position embeddings are supported",
          "use a model trained with learned position embeddings (the DistilBERT default), or"
              + " give an ONNX export (GraphSource.ONNX_EXPORT)");
    }
    String activation = c.path("activation").asText("gelu");
    if (!activation.equals("gelu") && !activation.equals("relu")) {
      throw SpladeException.of(
          file.toString(),
          "activation is '" + activation + "'; supported: gelu, relu",
          "give an ONNX export of this model (GraphSource.ONNX_EXPORT)");
    }
    DistilBertConfig cfg =
        new DistilBertConfig(
            positive(c, "dim", file),
            positive(c, "n_layers", file),
            positive(c, "n_heads", file),
            positive(c, "hidden_dim", file),
            positive(c, "vocab_size", file),
            positive(c, "max_position_embeddings", file),
            activation);
    if (cfg.dim % cfg.heads != 0) {
      throw SpladeException.of(
          file.toString(),
          "dim " + cfg.dim + " is not a multiple of n_heads " + cfg.heads,
          "fix config.json: it must be the one saved with the weights");
    }
    return cfg;
  }

  private static int positive(JsonNode c, String key, Path file) {
    JsonNode n = c.get(key);
    if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
      throw SpladeException.of(
          file.toString(),
          "'"
              + key
              + "' is "
              + (n == null ? "missing" : n.toString())
              + ", expected a positive int",
          "use the config.json saved with the model");
    }
    return n.asInt();
  }
}
