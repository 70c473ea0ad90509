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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Thread-safe: {@code OrtSession.run} may be called concurrently. Owns its session and its
 * tokenizer; {@link #close} releases both.
 */
public final class DocumentEncoder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentEncoder.class);
  private static final String IDS_INPUT = "input_ids";
  private static final String MASK_INPUT = "attention_mask";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final EncoderOptions options;
  private final String graphName;
  private final int vocabSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * An encoder over {@code pooledGraph}. It takes ownership of {@code tokenizer}: {@link #close}
   * closes it, and so does a constructor that fails.
   */
  public DocumentEncoder(Path pooledGraph, TextTokenizer tokenizer, EncoderOptions options) {
    this.tokenizer = tokenizer;
    this.options = options;
    this.graphName = pooledGraph.toString();
    this.env = OrtEnvironment.getEnvironment();
    OrtSession opened = null;
    try {
      opened = open(pooledGraph, options);
      this.vocabSize = checkSignature(opened);
    } catch (RuntimeException e) {
      closeQuietly(opened);
      tokenizer.close();
      throw e;
    }
    this.session = opened;
  }

  private OrtSession open(Path pooledGraph, EncoderOptions options) {
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
      return env.createSession(pooledGraph.toString(), so);
    } catch (OrtException e) {
      throw SpladeException.failed(
          graphName,
          "ONNX Runtime cannot load the graph on " + options.device(),
          options.device() == EncoderOptions.Device.CUDA
              ? "install the CUDA 12/cuDNN 9 runtime and build with -Pgpu, or run on CPU"
              : "recompile the document graph",
          e);
    }
  }

  /** Checks the graph's inputs and single pooled output; returns the vocabulary size. */
  private int checkSignature(OrtSession session) {
    Map<String, NodeInfo> inputs;
    Map<String, NodeInfo> outputs;
    try {
      inputs = session.getInputInfo();
      outputs = session.getOutputInfo();
    } catch (OrtException e) {
      throw SpladeException.of(graphName, "cannot read graph signature", "recompile the graph", e);
    }
    if (!inputs.containsKey(IDS_INPUT) || !inputs.containsKey(MASK_INPUT)) {
      throw SpladeException.of(
          graphName,
          "graph inputs are " + inputs.keySet() + ", expected input_ids and attention_mask",
          "use a DistilBERT/BERT MLM export");
    }
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
    return (int) shape[1];
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

  /** The document tokenizer, which this encoder owns: {@link #close} closes it. */
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The model's vocabulary size: the dimension of every vector this encoder returns. */
  public int vocabSize() {
    return vocabSize;
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
  public List<int[]> batches(long[][] ids) {
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
   * The input tensors of one batch of {@link #batches}, built ahead of {@link #run}: right-padded
   * ids and the attention mask. Not thread-safe; close it after its run.
   */
  public final class Batch implements AutoCloseable {
    private final long[] shape;
    private final OnnxTensor ids;
    private final OnnxTensor mask;

    private Batch(long[][] all, int[] positions) {
      long[][] padded = pad(all, positions);
      this.shape = new long[] {positions.length, padded[0].length / positions.length};
      OnnxTensor i = null;
      try {
        i = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[0]), shape);
        this.ids = i;
        this.mask = OnnxTensor.createTensor(env, LongBuffer.wrap(padded[1]), shape);
      } catch (OrtException e) {
        if (i != null) {
          i.close();
        }
        throw ortFailure(e, shape);
      }
    }

    /** Runs the session on this batch; the caller closes the result (ORT's output buffer). */
    public OrtSession.Result run() {
      try {
        return session.run(Map.of(IDS_INPUT, ids, MASK_INPUT, mask));
      } catch (OrtException e) {
        throw ortFailure(e, shape);
      }
    }

    @Override
    public void close() {
      ids.close();
      mask.close();
    }
  }

  /** The input tensors of the documents at {@code positions} of {@code ids} (one batch). */
  public Batch batch(long[][] ids, int[] positions) {
    return new Batch(ids, positions);
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
    return SpladeException.failed(
        graphName,
        "ONNX Runtime failed on a batch of shape " + Arrays.toString(shape),
        "check the graph was compiled for this model; on GPU, lower --max-batch-tokens",
        e);
  }

  private SparseVector[] runBatch(long[][] ids, int[] positions) {
    int b = positions.length;
    try (Batch batch = batch(ids, positions);
        OrtSession.Result result = batch.run()) {
      FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] dense = new float[fb.remaining()];
      fb.get(dense);
      SparseVector[] out = new SparseVector[b];
      for (int i = 0; i < b; i++) {
        out[i] = SparseVector.fromDense(dense, i * vocabSize, vocabSize);
      }
      return out;
    }
  }

  /**
   * Releases the ONNX Runtime session and the tokenizer, once; later calls do nothing. Never
   * throws: a session that fails to release is logged, and the tokenizer is closed regardless.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // closed already: ORT refuses a second close of the session
    }
    try {
      closeQuietly(session);
    } finally {
      tokenizer.close();
    }
  }

  private void closeQuietly(OrtSession s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (OrtException e) {
      LOG.warn("releasing the ONNX Runtime session of {} failed: {}", graphName, e.toString());
    }
  }
}
