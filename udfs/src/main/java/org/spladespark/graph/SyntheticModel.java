package org.spladespark.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.SafetensorsWriter;
import org.spladespark.model.Vocabulary;

/**
 * Writes a random-weight inference-free SPLADE model as a complete sentence-transformers {@code
 * SparseEncoder} folder, for benchmarks and tests that need a real-sized model without downloads:
 *
 * <pre>
 *   router_config.json, modules.json, config_sentence_transformers.json
 *   query_0_SparseStaticEmbedding/   model.safetensors (weight [vocab], uniform in [0.1, 10)),
 *                                    config.json, tokenizer.json, tokenizer_config.json
 *   document_0_MLMTransformer/       config.json (DistilBertForMaskedLM), model.safetensors,
 *                                    tokenizer.json, tokenizer_config.json
 *   document_1_SpladePooling/        config.json (max, relu)
 * </pre>
 *
 * Weights: matrices and embeddings uniform with standard deviation 0.02 (transformers'
 * initializer_range), biases 0, LayerNorm weight 1 and bias 0, word embeddings tied to the
 * projector. The projector bias is −4 × the logit standard deviation (0.02·√dim), so that, as with
 * trained SPLADE models, a document activates a few hundred vocabulary ids rather than half the
 * vocabulary (measured on distilbert-base shape: ~0.9 active ids per token, e.g. ~230 for a
 * 250-token SciFact abstract). Deterministic for a given seed.
 */
public final class SyntheticModel {
  private static final float INIT_STD = 0.02f;
  private static final float PROJECTOR_BIAS_STDS = 4f;

  /** The transformer's dimensions. */
  public record Shape(
      int dim, int layers, int heads, int hiddenDim, int vocabSize, int maxPositions) {
    /** distilbert-base-uncased: 66 M parameters, ~265 MB of float32 weights. */
    public static final Shape DISTILBERT_BASE = new Shape(768, 6, 12, 3072, 30522, 512);

    public Shape {
      if (dim < 1
          || layers < 1
          || heads < 1
          || hiddenDim < 1
          || vocabSize < 1
          || maxPositions < 1) {
        throw new IllegalArgumentException("all dimensions must be >= 1");
      }
      if (dim % heads != 0) {
        throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
      }
    }
  }

  private SyntheticModel() {}

  /**
   * Writes the model folder {@code out} (created if needed; files in it are replaced).
   *
   * @param tokenizerFrom a folder holding {@code tokenizer.json} (and usually {@code
   *     tokenizer_config.json}), or a SparseEncoder folder whose document tokenizer is copied; its
   *     vocabulary size must equal {@code shape.vocabSize()}
   * @return {@code out}
   */
  public static Path write(Path out, Path tokenizerFrom, Shape shape, long seed) {
    Path tokDir =
        Files.isRegularFile(tokenizerFrom.resolve("tokenizer.json"))
            ? tokenizerFrom
            : ModelBundle.load(tokenizerFrom).documentDir();
    Path tokenizer = tokDir.resolve("tokenizer.json");
    int vocab = Vocabulary.read(tokenizer).size();
    if (vocab != shape.vocabSize()) {
      throw SpladeException.of(
          tokenizer.toString(),
          "has " + vocab + " tokens but the synthetic model's vocab size is " + shape.vocabSize(),
          "give a tokenizer with " + shape.vocabSize() + " tokens or change the shape");
    }
    SplittableRandom random = new SplittableRandom(seed);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      Path query = Files.createDirectories(out.resolve("query_0_SparseStaticEmbedding"));
      Path doc = Files.createDirectories(out.resolve("document_0_MLMTransformer"));
      Path pooling = Files.createDirectories(out.resolve("document_1_SpladePooling"));
      writeRootConfigs(json, out);

      json.writeValue(
          query.resolve("config.json").toFile(), json.createObjectNode().put("frozen", false));
      float[] idf = new float[shape.vocabSize()];
      for (int i = 0; i < idf.length; i++) {
        idf[i] = 0.1f + 9.9f * (float) random.nextDouble();
      }
      new SafetensorsWriter()
          .putF32("weight", new long[] {idf.length}, idf)
          .write(query.resolve("model.safetensors"));

      json.writeValue(doc.resolve("config.json").toFile(), distilBertConfig(json, shape));
      transformerWeights(shape, random).write(doc.resolve("model.safetensors"));
      for (Path dir : List.of(query, doc)) {
        Files.copy(tokenizer, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        Path tc = tokDir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tc)) {
          Files.copy(tc, dir.resolve("tokenizer_config.json"), StandardCopyOption.REPLACE_EXISTING);
        }
      }

      ObjectNode pool = json.createObjectNode();
      pool.put("pooling_strategy", "max")
          .put("activation_function", "relu")
          .put("embedding_dimension", shape.vocabSize());
      json.writeValue(pooling.resolve("config.json").toFile(), pool);
    } catch (IOException e) {
      throw SpladeException.failed(
          out,
          "cannot write the synthetic model",
          "give a writable folder with free space (~" + bytes(shape) / 1_000_000 + " MB)",
          e);
    }
    return out;
  }

  private static long bytes(Shape s) {
    long d = s.dim();
    long layer = 4 * d * d + 2L * d * s.hiddenDim() + 9 * d + s.hiddenDim();
    return 4
        * ((s.vocabSize() + s.maxPositions()) * d
            + s.layers() * layer
            + d * d
            + 5 * d
            + s.vocabSize());
  }

  private static void writeRootConfigs(ObjectMapper json, Path out) throws IOException {
    String st = "sentence_transformers.sparse_encoder.modules.";
    ObjectNode router = json.createObjectNode();
    ObjectNode types = router.putObject("types");
    types.put(
        "query_0_SparseStaticEmbedding", st + "sparse_static_embedding.SparseStaticEmbedding");
    types.put("document_0_MLMTransformer", st + "mlm_transformer.MLMTransformer");
    types.put("document_1_SpladePooling", st + "splade_pooling.SpladePooling");
    ObjectNode structure = router.putObject("structure");
    structure.putArray("query").add("query_0_SparseStaticEmbedding");
    structure.putArray("document").add("document_0_MLMTransformer").add("document_1_SpladePooling");
    ObjectNode params = router.putObject("parameters");
    params.put("default_route", "document").put("allow_empty_key", true);
    params.putObject("route_mappings");
    json.writeValue(out.resolve("router_config.json").toFile(), router);

    ObjectNode module = json.createObjectNode();
    module.put("idx", 0).put("name", "0").put("path", "");
    module.put("type", "sentence_transformers.base.modules.router.Router");
    json.writeValue(out.resolve("modules.json").toFile(), json.createArrayNode().add(module));

    ObjectNode st6 = json.createObjectNode();
    st6.put("model_type", "SparseEncoder").put("similarity_fn_name", "dot");
    st6.putNull("default_prompt_name");
    st6.putObject("prompts").put("query", "").put("document", "");
    json.writeValue(out.resolve("config_sentence_transformers.json").toFile(), st6);
  }

  private static ObjectNode distilBertConfig(ObjectMapper json, Shape s) {
    ObjectNode c = json.createObjectNode();
    c.put("activation", "gelu");
    c.putArray("architectures").add(DistilBertConfig.ARCHITECTURE);
    c.put("attention_dropout", 0.1)
        .put("dim", s.dim())
        .put("dropout", 0.1)
        .put("hidden_dim", s.hiddenDim())
        .put("initializer_range", INIT_STD)
        .put("max_position_embeddings", s.maxPositions())
        .put("model_type", "distilbert")
        .put("n_heads", s.heads())
        .put("n_layers", s.layers())
        .put("pad_token_id", 0)
        .put("qa_dropout", 0.1)
        .put("seq_classif_dropout", 0.2)
        .put("sinusoidal_pos_embds", false)
        .put("tie_word_embeddings", true)
        .put("vocab_size", s.vocabSize());
    return c;
  }

  private static SafetensorsWriter transformerWeights(Shape s, SplittableRandom r) {
    SafetensorsWriter w = new SafetensorsWriter();
    int d = s.dim();
    String e = "distilbert.embeddings.";
    w.putF32(e + "word_embeddings.weight", shape(s.vocabSize(), d), random(r, s.vocabSize() * d));
    w.putF32(
        e + "position_embeddings.weight",
        shape(s.maxPositions(), d),
        random(r, s.maxPositions() * d));
    layerNorm(w, e + "LayerNorm", d);
    for (int i = 0; i < s.layers(); i++) {
      String p = "distilbert.transformer.layer." + i + ".";
      for (String lin : List.of("q_lin", "k_lin", "v_lin", "out_lin")) {
        linear(w, r, p + "attention." + lin, d, d);
      }
      layerNorm(w, p + "sa_layer_norm", d);
      linear(w, r, p + "ffn.lin1", s.hiddenDim(), d);
      linear(w, r, p + "ffn.lin2", d, s.hiddenDim());
      layerNorm(w, p + "output_layer_norm", d);
    }
    linear(w, r, "vocab_transform", d, d);
    layerNorm(w, "vocab_layer_norm", d);
    float[] bias = new float[s.vocabSize()];
    Arrays.fill(bias, -PROJECTOR_BIAS_STDS * INIT_STD * (float) Math.sqrt(d));
    w.putF32("vocab_projector.bias", shape(s.vocabSize()), bias);
    return w;
  }

  private static void linear(SafetensorsWriter w, SplittableRandom r, String p, int out, int in) {
    w.putF32(p + ".weight", shape(out, in), random(r, out * in));
    w.putF32(p + ".bias", shape(out), new float[out]);
  }

  private static void layerNorm(SafetensorsWriter w, String p, int d) {
    float[] ones = new float[d];
    Arrays.fill(ones, 1f);
    w.putF32(p + ".weight", shape(d), ones);
    w.putF32(p + ".bias", shape(d), new float[d]);
  }

  /** Uniform in [−a, a) with a = 0.02·√3, i.e. standard deviation 0.02. */
  private static float[] random(SplittableRandom r, int n) {
    float a = INIT_STD * (float) Math.sqrt(3);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = a * (float) (2 * r.nextDouble() - 1);
    }
    return out;
  }

  private static long[] shape(long... dims) {
    return dims;
  }
}
