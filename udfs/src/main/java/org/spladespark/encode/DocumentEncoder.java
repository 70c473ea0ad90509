package org.spladespark.encode;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.CompiledGraph;
import org.spladespark.graph.DocumentGraphs;
import org.spladespark.graph.GraphCache;
import org.spladespark.graph.GraphSource;
import org.spladespark.graph.Precision;
import org.spladespark.model.ModelBundle;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/**
 * The SPLADE document encoder: tokens → ONNX Runtime session over a <em>pooled</em> graph whose
 * single output is {@code [batch, vocab]} = log1p(relu(max over unmasked positions of the MLM
 * logits)). The B×L×vocab logits stay inside the session.
 *
 * <p>Texts are sorted by token length and packed into batches under a token budget (padded length ×
 * batch size ≤ {@code maxBatchTokens}); results come back in input order. Float32 throughout:
 * vectors match sentence-transformers within ~4e-6 per weight; batching changes values only by
 * float noise.
 *
 * <p>Thread-safe: {@code OrtSession.run} may be called concurrently.
 */
public final class DocumentEncoder implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final EncoderOptions options;
  private final String graphName;
  private final String idsInput;
  private final String maskInput;
  private final int vocabSize;

  public DocumentEncoder(Path pooledGraph, TextTokenizer tokenizer, EncoderOptions options) {
    this.tokenizer = tokenizer;
    this.options = options;
    this.graphName = pooledGraph.toString();
    this.env = OrtEnvironment.getEnvironment();
    try {
      env.setTelemetry(false);
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.device() == EncoderOptions.Device.CUDA) {
        so.addCUDA(options.gpuId());
      }
      this.session = env.createSession(pooledGraph.toString(), so);
    } catch (OrtException e) {
      throw SpladeException.of(
          graphName,
          "ONNX Runtime cannot load the graph on " + options.device() + ": " + e.getMessage(),
          options.device() == EncoderOptions.Device.CUDA
              ? "install the CUDA 12/cuDNN 9 runtime and build with -Pgpu, or run on CPU"
              : "recompile the document graph",
          e);
    }
    Map<String, NodeInfo> inputs;
    Map<String, NodeInfo> outputs;
    try {
      inputs = session.getInputInfo();
      outputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw SpladeException.of(graphName, "cannot read graph signature", "recompile the graph", e);
    }
    if (!inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
      throw SpladeException.of(
          graphName,
          "graph inputs are " + inputs.keySet() + ", expected input_ids and attention_mask",
          "use a DistilBERT/BERT MLM export");
    }
    this.idsInput = "input_ids";
    this.maskInput = "attention_mask";
    if (outputs.size() != 1) {
      throw SpladeException.of(
          graphName,
          "graph has outputs " + outputs.keySet() + ", expected one pooled [batch, vocab] output",
          "append SPLADE pooling to the export (GraphCompiler)");
    }
    TensorInfo out = (TensorInfo) outputs.values().iterator().next().getInfo();
    long[] shape = out.getShape();
    if (shape.length != 2 || shape[1] <= 0) {
      throw SpladeException.of(
          graphName,
          "output has shape " + Arrays.toString(shape) + ", expected [batch, vocab]",
          "append SPLADE pooling to the export (GraphCompiler)");
    }
    this.vocabSize = (int) shape[1];
  }

  /**
   * The encoder of {@code model}'s document side: the pooled graph compiled (or taken from the
   * cache) from {@code source} at {@code precision}, and the document tokenizer.
   */
  public static DocumentEncoder create(
      ModelBundle model, EncoderOptions options, GraphSource source, Precision precision) {
    CompiledGraph graph =
        DocumentGraphs.pooledGraph(model, precision, source, GraphCache.defaultCache());
    return new DocumentEncoder(
        graph.path(),
        TextTokenizer.forDocuments(model.documentTokenizer(), model.maxSeqLength()),
        options);
  }

  /**
   * As {@link #create(ModelBundle, EncoderOptions, GraphSource, Precision)} with float32 and {@link
   * GraphSource#AUTO} (the transformer's safetensors, else its ONNX export).
   */
  public static DocumentEncoder create(ModelBundle model, EncoderOptions options) {
    return create(model, options, GraphSource.AUTO, Precision.FP32);
  }

  /** Encodes texts (null = error for the caller to prevent); output in input order. */
  public List<SparseVector> encode(List<String> texts) {
    long[][] ids = tokenizer.ids(texts);
    return encodeTokenIds(ids);
  }

  /** Encodes pre-tokenized documents ([CLS] … [SEP]); output in input order. */
  public List<SparseVector> encodeTokenIds(long[][] ids) {
    SparseVector[] out = new SparseVector[ids.length];
    for (int[] batch : batches(ids)) {
      SparseVector[] vs = runBatch(ids, batch);
      for (int i = 0; i < batch.length; i++) {
        out[batch[i]] = options.pruning().apply(vs[i]);
      }
    }
    return Arrays.asList(out);
  }

  /**
   * Positions of {@code ids} grouped into batches: sorted by length (then position, so the plan is
   * deterministic), each batch's padded size (longest × count) within the token budget.
   */
  List<int[]> batches(long[][] ids) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> ids[i].length).thenComparing(i -> i));
    List<int[]> out = new ArrayList<>();
    List<Integer> cur = new ArrayList<>();
    int longest = 0;
    for (int pos : order) {
      int len = ids[pos].length;
      int newLongest = Math.max(longest, len);
      if (!cur.isEmpty()
          && ((long) newLongest * (cur.size() + 1) > options.maxBatchTokens()
              || cur.size() >= options.maxBatchSize())) {
        out.add(cur.stream().mapToInt(Integer::intValue).toArray());
        cur.clear();
        newLongest = len;
      }
      cur.add(pos);
      longest = newLongest;
    }
    if (!cur.isEmpty()) {
      out.add(cur.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  /**
   * The engine's limit for the benchmark: runs the session on the same padded batches {@link
   * #encodeTokenIds} would form, with input tensors built before the clock starts and the output
   * left in ORT's buffer. Returns the seconds spent in {@code session.run}.
   */
  public double timeSessionOnly(long[][] ids) {
    double seconds = 0;
    for (int[] batch : batches(ids)) {
      long[][] padded = pad(ids, batch);
      long[] shape = {batch.length, padded[0].length / batch.length};
      try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[0]), shape);
          OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[1]), shape)) {
        Map<String, OnnxTensor> feed = Map.of(idsInput, idsT, maskInput, maskT);
        long t0 = System.nanoTime();
        try (OrtSession.Result result = session.run(feed)) {
          seconds += (System.nanoTime() - t0) / 1e9;
          if (result.size() != 1) {
            throw new IllegalStateException("expected one output");
          }
        }
      } catch (OrtException e) {
        throw ortFailure(e, shape);
      }
    }
    return seconds;
  }

  /** Right-padded ids and the attention mask of one batch, flattened row-major. */
  private static long[][] pad(long[][] ids, int[] batch) {
    int len = 0;
    for (int pos : batch) {
      len = Math.max(len, ids[pos].length);
    }
    long[] flatIds = new long[batch.length * len];
    long[] mask = new long[batch.length * len];
    for (int i = 0; i < batch.length; i++) {
      long[] row = ids[batch[i]];
      System.arraycopy(row, 0, flatIds, i * len, row.length);
      Arrays.fill(mask, i * len, i * len + row.length, 1L);
    }
    return new long[][] {flatIds, mask};
  }

  private SpladeException ortFailure(OrtException e, long[] shape) {
    return SpladeException.of(
        graphName,
        "ONNX Runtime failed on a batch of shape " + Arrays.toString(shape) + ": " + e.getMessage(),
        "check the graph was compiled for this model; on GPU, lower --max-batch-tokens",
        e);
  }

  private SparseVector[] runBatch(long[][] ids, int[] batch) {
    int b = batch.length;
    long[][] padded = pad(ids, batch);
    long[] shape = {b, padded[0].length / b};
    try (OnnxTensor idsT = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[0]), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[1]), shape)) {
      Map<String, OnnxTensor> feed = Map.of(idsInput, idsT, maskInput, maskT);
      try (OrtSession.Result result = session.run(feed)) {
        FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
        float[] dense = new float[fb.remaining()];
        fb.get(dense);
        SparseVector[] out = new SparseVector[b];
        for (int i = 0; i < b; i++) {
          out[i] = SparseVector.fromDense(dense, i * vocabSize, vocabSize);
        }
        return out;
      }
    } catch (OrtException e) {
      throw ortFailure(e, shape);
    }
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw SpladeException.of(graphName, "cannot close session", "ignore", e);
    }
  }
}
