package org.spladespark.graph;

import static org.spladespark.graph.OnnxGraph.attr;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.Safetensors;

/**
 * Builds DistilBertForMaskedLM + SPLADE pooling as one ONNX graph (opset 17), following Hugging
 * Face transformers' {@code modeling_distilbert.py}:
 *
 * <pre>
 *   x = LayerNorm(word_emb[ids] + pos_emb[0..L-1])                       eps 1e-12
 *   per layer: q,k,v = x·Wᵀ + b; split heads; q /= √dh; s = q·kᵀ;
 *              s[mask == 0] = float32 min; a = softmax(s)·v; merge heads
 *              x = LayerNorm(a·W_outᵀ + b + x)                           sa_layer_norm
 *              x = LayerNorm(lin2(act(lin1(x))) + x)                     output_layer_norm
 *   logits = LayerNorm(act(vocab_transform(x)))·word_embᵀ + vocab_projector.bias
 * </pre>
 *
 * act = exact GELU {@code 0.5·x·(1 + erf(x/√2))} (or ReLU when the config says so). Linear layers
 * run as {@code Gemm(transB=1)} on a [B·L, D] view, so each stored [out, in] weight is used as is;
 * the projector reuses the word-embedding initializer when the weights are tied (no second 94 MB
 * copy). FP16: weights and matrix products in float16; LayerNorm (with float32 parameters), the
 * masked Softmax and the pooled log1p in float32.
 */
final class DistilBertGraph {
  static final int OPSET = 17;
  static final long IR_VERSION = 8;

  private final DistilBertConfig cfg;
  private final Safetensors st;
  private final Path weightsFile;
  private final Path configFile;
  private final DataType type;
  private final OnnxGraph g;

  private String isPad4d;
  private String shapeHeads;
  private String flatD;

  private DistilBertGraph(Path configFile, Path weightsFile, Precision precision) {
    this.configFile = configFile;
    this.weightsFile = weightsFile;
    this.cfg = DistilBertConfig.read(configFile);
    this.st = Safetensors.open(weightsFile);
    this.type = precision == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT;
    this.g = new OnnxGraph(GraphProto.newBuilder().setName("splade_distilbert_mlm_pooled"), OPSET);
  }

  static ModelProto build(Path configFile, Path weightsFile, Precision precision) {
    return new DistilBertGraph(configFile, weightsFile, precision).build();
  }

  private ModelProto build() {
    int d = cfg.dim();
    GraphProto.Builder gp = g.proto();
    String ids = g.claim("input_ids");
    String mask = g.claim("attention_mask");
    gp.addInput(OnnxGraph.valueInfo(ids, DataType.INT64, "batch", "sequence"));
    gp.addInput(OnnxGraph.valueInfo(mask, DataType.INT64, "batch", "sequence"));

    // Embeddings: positions 0..L-1 are a slice of the position table.
    String wordName = "distilbert.embeddings.word_embeddings.weight";
    String word = weight(wordName, cfg.vocabSize(), d);
    String pos = weight("distilbert.embeddings.position_embeddings.weight", cfg.maxPositions(), d);
    String shapeBL = g.op("Shape", "shape/batch_seq", ids);
    String seqLen = g.op("Shape", "shape/seq", ids, attr("start", 1), attr("end", 2));
    String tok = g.op("Gather", "emb/word", word, ids);
    String zero = g.constInts("const/zero", 0);
    String posL = g.op("Slice", "emb/pos", new String[] {pos, zero, seqLen, zero});
    String emb = g.op("Add", "emb/sum", tok, posL);
    flatD = g.constInts("shape/flat_dim", -1, d);
    String x = g.op("Reshape", "emb/flat", emb, flatD);
    x = layerNorm(x, "distilbert.embeddings.LayerNorm");

    // Key padding mask as [B, 1, 1, L] booleans, shared by every layer.
    String isPad = g.op("Equal", "mask/is_pad", mask, zero);
    isPad4d = g.unsqueeze(isPad, "mask/is_pad_b11l", 1, 2);
    shapeHeads =
        g.op(
            "Concat",
            "shape/heads",
            new String[] {shapeBL, g.constInts("const/heads", cfg.heads(), cfg.headDim())},
            attr("axis", 0));

    for (int i = 0; i < cfg.layers(); i++) {
      x = layer(x, "distilbert.transformer.layer." + i + ".");
    }

    String t = linear(x, "vocab_transform", d, d);
    t = activation(t, "vocab_transform");
    t = layerNorm(t, "vocab_layer_norm");
    String projector = word;
    if (st.has("vocab_projector.weight")
        && !sameBytes("vocab_projector.weight", wordName, cfg.vocabSize(), d)) {
      projector = weight("vocab_projector.weight", cfg.vocabSize(), d);
    }
    String bias = weight("vocab_projector.bias", cfg.vocabSize());
    String logits =
        g.op("Gemm", "logits_flat", new String[] {t, projector, bias}, attr("transB", 1));
    String shapeBLV =
        g.op(
            "Concat",
            "shape/batch_seq_vocab",
            new String[] {shapeBL, g.constInts("const/vocab", cfg.vocabSize())},
            attr("axis", 0));
    String logits3 = g.op("Reshape", "logits", logits, shapeBLV);

    String out = g.claim(Pooling.OUTPUT);
    Pooling.append(g, logits3, type, mask, out);
    gp.addOutput(OnnxGraph.valueInfo(out, DataType.FLOAT, "batch", (long) cfg.vocabSize()));

    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("splade-spark")
        .setProducerVersion(GraphCompiler.VERSION)
        .setDocString(
            "DistilBertForMaskedLM + SPLADE pooling compiled from "
                + weightsFile.getFileName()
                + " ("
                + type
                + ")")
        .setGraph(gp)
        .build();
  }

  private String layer(String x, String p) {
    int d = cfg.dim();
    String q = heads(linear(x, p + "attention.q_lin", d, d), p + "q", 0, 2, 1, 3);
    String k = heads(linear(x, p + "attention.k_lin", d, d), p + "k", 0, 2, 3, 1);
    String v = heads(linear(x, p + "attention.v_lin", d, d), p + "v", 0, 2, 1, 3);
    float sqrtDh = (float) Math.sqrt(cfg.headDim());
    q = g.op("Div", p + "q_scaled", q, g.constScalar("const/sqrt_dh", type, sqrtDh));
    String scores = g.op("MatMul", p + "scores", q, k);
    if (type != DataType.FLOAT) {
      scores = g.cast(scores, DataType.FLOAT, p + "scores_f32");
    }
    String min = g.constScalar("const/f32_min", DataType.FLOAT, -Float.MAX_VALUE);
    scores = g.op("Where", p + "scores_masked", new String[] {isPad4d, min, scores});
    String probs = g.op("Softmax", p + "probs", scores, attr("axis", -1));
    if (type != DataType.FLOAT) {
      probs = g.cast(probs, type, p + "probs_f16");
    }
    String ctx = g.op("MatMul", p + "context", probs, v);
    ctx = g.op("Transpose", p + "context_bl", ctx, attr("perm", new long[] {0, 2, 1, 3}));
    ctx = g.op("Reshape", p + "context_flat", ctx, flatD);
    String attn = linear(ctx, p + "attention.out_lin", d, d);
    String sa = layerNorm(g.op("Add", p + "sa_residual", attn, x), p + "sa_layer_norm");
    String h = linear(sa, p + "ffn.lin1", cfg.hiddenDim(), d);
    h = activation(h, p + "ffn");
    h = linear(h, p + "ffn.lin2", d, cfg.hiddenDim());
    return layerNorm(g.op("Add", p + "ffn_residual", h, sa), p + "output_layer_norm");
  }

  /** [B·L, D] → [B, L, H, dh] → transposed by {@code perm}. */
  private String heads(String x, String hint, long... perm) {
    String split = g.op("Reshape", hint + "_split", x, shapeHeads);
    return g.op("Transpose", hint + "_heads", split, attr("perm", perm));
  }

  private String linear(String x, String prefix, int out, int in) {
    String w = weight(prefix + ".weight", out, in);
    String b = weight(prefix + ".bias", out);
    return g.op("Gemm", prefix, new String[] {x, w, b}, attr("transB", 1));
  }

  private String activation(String x, String hint) {
    if (cfg.activation().equals("relu")) {
      return g.op("Relu", hint + "_relu", x);
    }
    // Exact GELU; ONNX Runtime fuses this Div/Erf/Add/Mul/Mul chain into one Gelu kernel.
    String scaled =
        g.op(
            "Div", hint + "_gelu_div", x, g.constScalar("const/sqrt2", type, (float) Math.sqrt(2)));
    String erf = g.op("Erf", hint + "_gelu_erf", scaled);
    String plus = g.op("Add", hint + "_gelu_add", erf, g.constScalar("const/one", type, 1f));
    String times = g.op("Mul", hint + "_gelu_mul", x, plus);
    return g.op("Mul", hint + "_gelu", times, g.constScalar("const/half", type, 0.5f));
  }

  /** LayerNorm over the last axis, always in float32 (parameters stored as float32). */
  private String layerNorm(String x, String prefix) {
    String gamma = weight(prefix + ".weight", DataType.FLOAT, cfg.dim());
    String beta = weight(prefix + ".bias", DataType.FLOAT, cfg.dim());
    String in = type == DataType.FLOAT ? x : g.cast(x, DataType.FLOAT, prefix + "_in_f32");
    String y =
        g.op(
            "LayerNormalization",
            prefix,
            new String[] {in, gamma, beta},
            attr("axis", -1),
            attr("epsilon", 1e-12f));
    return type == DataType.FLOAT ? y : g.cast(y, type, prefix + "_out");
  }

  private String weight(String name, long... shape) {
    return weight(name, type, shape);
  }

  /** Adds tensor {@code name} of the expected shape as an initializer of {@code as} type. */
  private String weight(String name, DataType as, long... shape) {
    Safetensors.Tensor t = checked(name, shape);
    ByteBuffer bytes =
        as == DataType.FLOAT && t.dtype().equals("F32")
            ? st.bytes(name)
            : OnnxGraph.floats(as, st.floats(name));
    g.initializer(name, as, shape, bytes);
    return name;
  }

  private boolean sameBytes(String a, String b, long... shape) {
    checked(a, shape);
    return st.tensor(a).dtype().equals(st.tensor(b).dtype()) && st.bytes(a).equals(st.bytes(b));
  }

  private Safetensors.Tensor checked(String name, long... shape) {
    if (!st.has(name)) {
      throw SpladeException.of(
          weightsFile.toString(),
          "tensor '" + name + "' is missing (" + st.tensors().size() + " tensors in the file)",
          "use the model.safetensors saved by transformers for this DistilBertForMaskedLM");
    }
    Safetensors.Tensor t = st.tensor(name);
    if (!Arrays.equals(t.shape(), shape)) {
      throw SpladeException.of(
          weightsFile.toString(),
          "tensor '"
              + name
              + "' has shape "
              + Arrays.toString(t.shape())
              + ", but "
              + configFile.getFileName()
              + " implies "
              + Arrays.toString(shape),
          "use the config.json saved with these weights");
    }
    return t;
  }
}
