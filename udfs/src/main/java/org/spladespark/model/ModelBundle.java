package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.spladespark.errors.SpladeException;

/**
 * A resolved inference-free SPLADE model: the files of a sentence-transformers {@code
 * SparseEncoder} folder, validated once.
 *
 * <p>Layout, read from {@code router_config.json} and never from hard-coded folder names:
 *
 * <pre>
 *   structure.query[0]    SparseStaticEmbedding (older saves: IDF) → model.safetensors "weight"
 *   structure.document[0] MLMTransformer (older: Transformer)      → config.json, model.safetensors,
 *                                                                    tokenizer.json, onnx/model.onnx?
 *   structure.document[1] SpladePooling                            → config.json (max, relu)
 * </pre>
 *
 * An OpenSearch-style folder (no router; {@code config.json} + {@code model.safetensors} + {@code
 * tokenizer.json} + {@code idf.json} at the root) is accepted too.
 *
 * <p>Max sequence length: {@code sentence_bert_config.json} {@code max_seq_length}, else {@code
 * tokenizer_config.json} {@code model_max_length}, else {@code config.json} {@code
 * max_position_embeddings}; never more than the position embeddings allow.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelBundle {
  private final Path root;
  private final Path queryDir;
  private final Path documentDir;
  private final Path queryTokenizer;
  private final Path documentTokenizer;
  private final QueryWeights queryWeights;
  private final Vocabulary vocabulary;
  private final PoolingConfig pooling;
  private final int maxSeqLength;
  private final int vocabSize;

  private ModelBundle(Builder b) {
    this.root = b.root;
    this.queryDir = b.queryDir;
    this.documentDir = b.documentDir;
    this.queryTokenizer = b.queryTokenizer;
    this.documentTokenizer = b.documentTokenizer;
    this.queryWeights = b.queryWeights;
    this.vocabulary = b.vocabulary;
    this.pooling = b.pooling;
    this.maxSeqLength = b.maxSeqLength;
    this.vocabSize = b.vocabSize;
  }

  private static final class Builder {
    Path root;
    Path queryDir;
    Path documentDir;
    Path queryTokenizer;
    Path documentTokenizer;
    QueryWeights queryWeights;
    Vocabulary vocabulary;
    PoolingConfig pooling;
    int maxSeqLength;
    int vocabSize;
  }

  /** Loads a local model folder. */
  public static ModelBundle load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw SpladeException.of(
          dir.toString(),
          "is not a folder",
          "pass a SparseEncoder folder (with router_config.json) or a hub id like owner/name");
    }
    Builder b = new Builder();
    b.root = dir.toAbsolutePath().normalize();
    Path router = b.root.resolve("router_config.json");
    Path poolingDir = null;
    if (Files.isRegularFile(router)) {
      JsonNode cfg = Json.read(router);
      JsonNode structure = cfg.path("structure");
      JsonNode types = cfg.path("types");
      List<String> query = strings(structure.path("query"));
      List<String> document = strings(structure.path("document"));
      if (query.size() != 1) {
        throw SpladeException.of(
            router.toString(),
            "structure.query must name exactly one module (an inference-free model), found "
                + query,
            "use an inference-free SPLADE model: query = [SparseStaticEmbedding]");
      }
      if (document.size() != 2) {
        throw SpladeException.of(
            router.toString(),
            "structure.document must name [MLMTransformer, SpladePooling], found " + document,
            "use a SPLADE document route saved by sentence-transformers");
      }
      String queryType = types.path(query.get(0)).asText("");
      if (!queryType.isEmpty()
          && !queryType.endsWith("SparseStaticEmbedding")
          && !queryType.endsWith(".IDF")) {
        throw SpladeException.of(
            router.toString(),
            "query module '" + query.get(0) + "' has type " + queryType,
            "use an inference-free model whose query module is SparseStaticEmbedding or IDF");
      }
      String docType = types.path(document.get(0)).asText("");
      if (!docType.isEmpty() && !docType.endsWith("Transformer")) {
        throw SpladeException.of(
            router.toString(),
            "document module '" + document.get(0) + "' has type " + docType,
            "the document route must start with an MLMTransformer");
      }
      b.queryDir = existingDir(b.root.resolve(query.get(0)), router);
      b.documentDir = existingDir(b.root.resolve(document.get(0)), router);
      poolingDir = existingDir(b.root.resolve(document.get(1)), router);
    } else if (Files.isRegularFile(b.root.resolve("idf.json"))
        && Files.isRegularFile(b.root.resolve("config.json"))) {
      b.queryDir = b.root;
      b.documentDir = b.root;
    } else {
      throw SpladeException.of(
          router.toString(),
          "file not found (and no OpenSearch-style idf.json + config.json at the root)",
          "pass the folder saved by SparseEncoder.save() or downloaded from the hub");
    }

    b.documentTokenizer = requireFile(b.documentDir.resolve("tokenizer.json"));
    Path qt = b.queryDir.resolve("tokenizer.json");
    b.queryTokenizer = Files.isRegularFile(qt) ? qt : b.documentTokenizer;
    b.vocabulary = Vocabulary.read(b.documentTokenizer);

    JsonNode config = Json.read(requireFile(b.documentDir.resolve("config.json")));
    b.vocabSize = config.path("vocab_size").asInt(b.vocabulary.size());
    if (b.vocabulary.size() != b.vocabSize) {
      throw SpladeException.of(
          b.documentTokenizer.toString(),
          "vocab size mismatch: tokenizer has "
              + b.vocabulary.size()
              + " tokens, config.json vocab_size is "
              + b.vocabSize,
          "use the tokenizer.json saved with the model");
    }
    if (poolingDir != null) {
      b.pooling = PoolingConfig.read(requireFile(poolingDir.resolve("config.json")));
      if (b.pooling.dimension() > 0 && b.pooling.dimension() != b.vocabSize) {
        throw SpladeException.of(
            poolingDir.resolve("config.json").toString(),
            "vocab size mismatch: embedding dimension "
                + b.pooling.dimension()
                + " but the model's vocab_size is "
                + b.vocabSize,
            "use the pooling config saved with the model");
      }
    } else {
      b.pooling = new PoolingConfig("max", "relu", b.vocabSize);
    }

    Path weights = b.queryDir.resolve("model.safetensors");
    Path idf = b.queryDir.resolve("idf.json");
    if (b.queryDir != b.documentDir && Files.isRegularFile(weights)) {
      b.queryWeights = QueryWeights.fromSafetensors(weights, b.vocabSize);
    } else if (Files.isRegularFile(idf)) {
      b.queryWeights = QueryWeights.fromIdfJson(idf, b.vocabulary);
    } else {
      throw SpladeException.of(
          weights.toString(),
          "file not found (nor idf.json beside it)",
          "the query module must hold its weights in model.safetensors or idf.json");
    }
    b.maxSeqLength = maxSeqLength(b.documentDir, config);
    return new ModelBundle(b);
  }

  private static int maxSeqLength(Path documentDir, JsonNode config) {
    int positions = config.path("max_position_embeddings").asInt(512);
    JsonNode st = Json.readIfExists(documentDir.resolve("sentence_bert_config.json"));
    if (st != null && st.path("max_seq_length").canConvertToInt()) {
      return Math.min(st.get("max_seq_length").asInt(), positions);
    }
    JsonNode tc = Json.readIfExists(documentDir.resolve("tokenizer_config.json"));
    if (tc != null && tc.path("model_max_length").isNumber()) {
      double m = tc.get("model_max_length").asDouble();
      if (m > 0 && m <= positions) {
        return (int) m;
      }
    }
    return positions;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Path existingDir(Path dir, Path named) {
    if (!Files.isDirectory(dir)) {
      throw SpladeException.of(
          dir.toString(),
          "module folder named in " + named.getFileName() + " does not exist",
          "re-download the model; the folder must be complete");
    }
    return dir;
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw SpladeException.of(
          file.toString(), "file not found", "re-download the model; the folder must be complete");
    }
    return file;
  }

  /** The model folder (absolute). */
  public Path root() {
    return root;
  }

  /**
   * The query module folder (e.g. {@code query_0_SparseStaticEmbedding} or {@code query_0_IDF}).
   */
  public Path queryDir() {
    return queryDir;
  }

  /** The document transformer folder (e.g. {@code document_0_MLMTransformer}). */
  public Path documentDir() {
    return documentDir;
  }

  /** {@code config.json} of the document transformer (a DistilBertForMaskedLM config). */
  public Path documentConfig() {
    return documentDir.resolve("config.json");
  }

  /** {@code model.safetensors} of the document transformer. */
  public Path documentWeights() {
    return documentDir.resolve("model.safetensors");
  }

  /** An existing logits export ({@code onnx/model.onnx}) of the document transformer, if any. */
  public Optional<Path> documentOnnxExport() {
    Path p = documentDir.resolve("onnx").resolve("model.onnx");
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  public Path queryTokenizer() {
    return queryTokenizer;
  }

  public Path documentTokenizer() {
    return documentTokenizer;
  }

  public QueryWeights queryWeights() {
    return queryWeights;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public PoolingConfig pooling() {
    return pooling;
  }

  /** Longest token sequence (special tokens included) a document may have. */
  public int maxSeqLength() {
    return maxSeqLength;
  }

  public int vocabSize() {
    return vocabSize;
  }
}
