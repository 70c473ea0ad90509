package org.spladespark.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.spladespark.errors.RequiredPaths;
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
  /** The fix for a file or folder that a model folder lacks. */
  private static final String INCOMPLETE = "re-download the model; the folder must be complete";

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
  private final String queryTokenizerSha256;
  private final String documentTokenizerSha256;
  private final String fingerprint;

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
    this.queryTokenizerSha256 = b.queryTokenizerSha256;
    this.documentTokenizerSha256 = b.documentTokenizerSha256;
    this.fingerprint = b.fingerprint;
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
    String queryTokenizerSha256;
    String documentTokenizerSha256;
    String fingerprint;
  }

  /**
   * Loads a local model folder: a {@code SparseEncoder.save()} folder with {@code
   * router_config.json}, or an OpenSearch-style folder. Every file the pipeline uses is checked
   * here (JSON parses, safetensors headers fit their files, shapes and vocab sizes agree), so a
   * broken or partial download fails now, with the file named, rather than inside a Spark task.
   *
   * @throws SpladeException naming the file and the problem
   */
  public static ModelBundle load(Path dir) {
    RequiredPaths.folder(
        dir,
        "is not a folder",
        "pass a SparseEncoder folder (with router_config.json) or a hub id like owner/name");
    Builder b = new Builder();
    b.root = dir.toAbsolutePath().normalize();
    Path router = b.root.resolve(RouterLayout.FILE);
    Path poolingDir = null;
    if (Files.isRegularFile(router)) {
      RouterLayout layout = RouterLayout.read(router);
      b.queryDir = existingDir(b.root.resolve(layout.query()), router);
      b.documentDir = existingDir(b.root.resolve(layout.document()), router);
      poolingDir = existingDir(b.root.resolve(layout.pooling()), router);
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

    Path configFile = requireFile(b.documentDir.resolve("config.json"));
    JsonNode config = Json.read(configFile);
    JsonNode vocabNode = config.get("vocab_size");
    if (vocabNode != null && !vocabNode.canConvertToInt()) {
      throw SpladeException.of(
          configFile.toString(),
          "vocab_size is not an integer: " + vocabNode,
          "use the config.json saved with the model");
    }
    b.vocabSize = vocabNode == null ? b.vocabulary.size() : vocabNode.asInt();
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
      Path poolingFile = requireFile(poolingDir.resolve("config.json"));
      b.pooling = PoolingConfig.read(poolingFile);
      if (b.pooling.dimension() > 0 && b.pooling.dimension() != b.vocabSize) {
        throw SpladeException.of(
            poolingFile.toString(),
            "vocab size mismatch: embedding dimension "
                + b.pooling.dimension()
                + " but the model's vocab_size is "
                + b.vocabSize,
            "use the pooling config saved with the model");
      }
    } else {
      b.pooling = new PoolingConfig("max", "relu", b.vocabSize);
    }
    // Header only: the document weights are read by the graph compiler; a truncated download
    // must fail here, at load, with the file named.
    Safetensors.open(requireFile(b.documentDir.resolve("model.safetensors")));

    Path weights = b.queryDir.resolve("model.safetensors");
    Path idf = b.queryDir.resolve("idf.json");
    if (!b.queryDir.equals(b.documentDir) && Files.isRegularFile(weights)) {
      b.queryWeights = QueryWeights.fromSafetensors(weights, b.vocabSize);
    } else if (Files.isRegularFile(idf)) {
      b.queryWeights = QueryWeights.fromIdfJson(idf, b.vocabulary);
    } else {
      throw SpladeException.of(
          weights.toString(),
          "file not found (nor idf.json beside it)",
          "the query module must hold its weights in model.safetensors or idf.json");
    }
    b.maxSeqLength = maxSeqLength(b.documentDir, configFile, config);
    b.documentTokenizerSha256 = QueryWeights.sha256(b.documentTokenizer);
    b.queryTokenizerSha256 =
        b.queryTokenizer.equals(b.documentTokenizer)
            ? b.documentTokenizerSha256
            : QueryWeights.sha256(b.queryTokenizer);
    b.fingerprint = fingerprint(b);
    return new ModelBundle(b);
  }

  /**
   * sentence-transformers' rule: {@code sentence_bert_config.json} {@code max_seq_length} if set,
   * else {@code min(max_position_embeddings, tokenizer model_max_length)}; HF's "no limit" sentinel
   * (1e30) in {@code model_max_length} is thus ignored. Never above the position table.
   */
  private static int maxSeqLength(Path documentDir, Path configFile, JsonNode config) {
    JsonNode posNode = config.get("max_position_embeddings");
    if (posNode != null && !(posNode.canConvertToInt() && posNode.asInt() > 0)) {
      throw SpladeException.of(
          configFile.toString(),
          "max_position_embeddings is not a positive integer: " + posNode,
          "use the config.json saved with the model");
    }
    int positions = posNode == null ? 512 : posNode.asInt();
    Path stFile = documentDir.resolve("sentence_bert_config.json");
    JsonNode st = Json.readIfExists(stFile);
    JsonNode stMax = st == null ? null : st.get("max_seq_length");
    if (stMax != null && !stMax.isNull()) {
      if (!stMax.canConvertToInt() || stMax.asInt() <= 0) {
        throw SpladeException.of(
            stFile.toString(),
            "max_seq_length is not a positive integer: " + stMax,
            "set max_seq_length to a positive integer or remove it");
      }
      return Math.min(stMax.asInt(), positions);
    }
    JsonNode tc = Json.readIfExists(documentDir.resolve("tokenizer_config.json"));
    if (tc != null && tc.path("model_max_length").isNumber()) {
      double m = tc.get("model_max_length").asDouble();
      if (m >= 1 && m <= positions) {
        return (int) m;
      }
    }
    return positions;
  }

  private static String fingerprint(Builder b) {
    String text =
        "splade-query-fingerprint-v1\n"
            + "query tokenizer.json sha256="
            + b.queryTokenizerSha256
            + "\ndocument tokenizer.json sha256="
            + b.documentTokenizerSha256
            + "\nquery weights sha256="
            + b.queryWeights.sha256()
            + "\nmax_seq_length="
            + b.maxSeqLength
            + "\n";
    return QueryWeights.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Path existingDir(Path dir, Path named) {
    return RequiredPaths.folder(
        dir, "module folder named in " + named + " does not exist", INCOMPLETE);
  }

  private static Path requireFile(Path file) {
    return RequiredPaths.file(file, INCOMPLETE);
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

  /** SHA-256 (hex) of the query side's {@code tokenizer.json} bytes. */
  public String queryTokenizerSha256() {
    return queryTokenizerSha256;
  }

  /** SHA-256 (hex) of the document side's {@code tokenizer.json} bytes. */
  public String documentTokenizerSha256() {
    return documentTokenizerSha256;
  }

  /**
   * SHA-256 (hex) of everything outside the document graph that decides a vector: the query and
   * document {@code tokenizer.json} bytes, the query weights ({@link QueryWeights#sha256()},
   * float32 little-endian) and the max sequence length that truncates texts. Equal fingerprints
   * give bit-identical query vectors and identical document token ids; the model id combines it
   * with the compiled document graph's hash.
   */
  public String queryAndTokenizerFingerprint() {
    return fingerprint;
  }
}
