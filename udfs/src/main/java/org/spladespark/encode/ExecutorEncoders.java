package org.spladespark.encode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.errors.RequiredPaths;
import org.spladespark.errors.SpladeException;
import org.spladespark.graph.DocumentGraphs;
import org.spladespark.graph.GraphCache;
import org.spladespark.graph.GraphSource;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.ModelSource;
import org.spladespark.tokenize.TextTokenizer;

/**
 * The document encoders of one JVM (a Spark executor, or the driver in {@code local[*]}).
 *
 * <p>Loading a model and an ONNX Runtime session costs seconds and hundreds of MiB, so each JVM
 * builds <em>one</em> {@link DocumentEncoder} per (spec, intra-op threads, GPU) and every task
 * thread shares it: {@code OrtSession.run} and the tokenizer are thread-safe. Creation is lazy (the
 * first task that needs it; concurrent first tasks wait for the same instance) and validates the
 * model folder, the graph signature and that the graph's vocabulary matches the tokenizer's. A
 * failed creation is not cached, so a later task tries again. Everything is closed by one JVM
 * shutdown hook.
 *
 * <p>Threads: a task runs ONNX Runtime with {@code spark.task.cpus} intra-op threads ({@link
 * TaskContext#cpus()}); with the default of 1 every run executes on its task's own thread, so N
 * concurrent tasks use N cores without oversubscription. GPU: the CUDA execution provider runs on
 * the GPU Spark assigned to the task ({@code TaskContext.resources().get("gpu")}, first address),
 * one session per GPU ordinal, not per task; without GPU scheduling ({@code
 * spark.task.resource.gpu.amount} unset) ordinal 0 is used.
 *
 * <p>Thread-safe.
 */
public final class ExecutorEncoders {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEncoders.class);
  private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");

  private static final Map<EncoderSpec, ResolvedModel> MODELS = new ConcurrentHashMap<>();
  private static final Map<Key, DocumentEncoder> ENCODERS = new ConcurrentHashMap<>();
  private static final Map<EncoderSpec, TextTokenizer> COUNTERS = new ConcurrentHashMap<>();
  private static volatile boolean warnedNoGpuResource;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ExecutorEncoders::closeAll, "splade-encoders-close"));
  }

  private record Key(EncoderSpec spec, int intraOpThreads, int gpuId) {}

  /**
   * A model as the encoders use it.
   *
   * @param bundle the validated model folder
   * @param pooledGraph the ONNX graph whose output is the pooled [batch, vocab] SPLADE vector
   * @param modelId {@link ModelFingerprint#of(ModelBundle, Path)}
   */
  public record ResolvedModel(ModelBundle bundle, Path pooledGraph, String modelId) {}

  private ExecutorEncoders() {}

  /** The model of {@code spec}, resolved once per JVM. */
  public static ResolvedModel model(EncoderSpec spec) {
    return MODELS.computeIfAbsent(spec, ExecutorEncoders::resolve);
  }

  /** Resolves {@code spec} without caching: loads the model, finds its graph, fingerprints it. */
  public static ResolvedModel resolve(EncoderSpec spec) {
    ModelBundle bundle = loadModel(spec);
    Path graph = pooledGraph(bundle, spec);
    return new ResolvedModel(bundle, graph, ModelFingerprint.of(bundle, graph));
  }

  /** Loads the model named by the spec: a local folder, or a hub id through the HF cache. */
  public static ModelBundle loadModel(EncoderSpec spec) {
    return ModelSource.resolve(spec.model());
  }

  /**
   * The pooled document graph of a model: the spec's explicit graph when set, else the graph
   * compiled from the model (in the spec's {@link EncoderSpec#precision}, {@link GraphSource#AUTO})
   * through the content-hash cache, so executors on one host compile it once.
   *
   * @throws SpladeException when the named graph file does not exist or the model cannot be
   *     compiled
   */
  public static Path pooledGraph(ModelBundle model, EncoderSpec spec) {
    if (spec.pooledGraph() == null) {
      return DocumentGraphs.pooledGraph(
              model, spec.precision(), GraphSource.AUTO, GraphCache.defaultCache())
          .path();
    }
    return RequiredPaths.file(
        Path.of(spec.pooledGraph()),
        "pooled graph file not found",
        "pass the path of an existing .onnx");
  }

  /**
   * The shared encoder for the calling Spark task: {@code spark.task.cpus} intra-op threads and, on
   * CUDA, the task's assigned GPU. Outside a task (driver code, tests) ONNX Runtime's default
   * thread count and GPU 0 are used.
   */
  public static DocumentEncoder forCurrentTask(EncoderSpec spec) {
    TaskContext task = TaskContext.get();
    int threads = task == null ? 0 : Math.max(1, task.cpus());
    int gpu = spec.device() == EncoderOptions.Device.CUDA ? assignedGpu(task) : 0;
    return get(spec, threads, gpu);
  }

  /** The shared encoder for explicit threads and GPU ordinal (ignored on CPU). */
  public static DocumentEncoder get(EncoderSpec spec, int intraOpThreads, int gpuId) {
    return ENCODERS.computeIfAbsent(
        new Key(spec, intraOpThreads, gpuId), k -> create(k.spec(), k.intraOpThreads(), k.gpuId()));
  }

  private static DocumentEncoder create(EncoderSpec spec, int threads, int gpuId) {
    ResolvedModel m = model(spec);
    ModelBundle b = m.bundle();
    TextTokenizer tokenizer = TextTokenizer.forDocuments(b.documentTokenizer(), b.maxSeqLength());
    // The encoder owns the tokenizer from here on (and closes it if it cannot be built).
    DocumentEncoder encoder =
        new DocumentEncoder(m.pooledGraph(), tokenizer, spec.options(threads, gpuId));
    if (encoder.vocabSize() != b.vocabSize()) {
      encoder.close();
      throw SpladeException.of(
          m.pooledGraph().toString(),
          "graph output has "
              + encoder.vocabSize()
              + " dimensions but the model's vocabulary has "
              + b.vocabSize()
              + " tokens",
          "use the graph compiled for " + b.root());
    }
    LOG.info(
        "document encoder ready: model {} ({}), graph {}, {} threads{}",
        m.modelId(),
        b.root(),
        m.pooledGraph(),
        threads,
        spec.device() == EncoderOptions.Device.CUDA ? ", CUDA device " + gpuId : "");
    return encoder;
  }

  /** The wordpiece counter of the spec's document tokenizer (no truncation), shared per JVM. */
  public static TextTokenizer wordpieceCounter(EncoderSpec spec) {
    return COUNTERS.computeIfAbsent(
        spec, s -> TextTokenizer.forCounting(model(s).bundle().documentTokenizer()));
  }

  /** The CUDA ordinal Spark assigned to {@code task}, or 0 without GPU scheduling. */
  static int assignedGpu(TaskContext task) {
    ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
    if (gpu == null || gpu.addresses().length == 0) {
      if (task != null && !warnedNoGpuResource) {
        warnedNoGpuResource = true;
        LOG.warn(
            "no GPU assigned to Spark tasks (spark.task.resource.gpu.amount unset): using CUDA"
                + " device 0 for every task of this executor");
      }
      return 0;
    }
    return parseGpuAddress(gpu.addresses()[0]);
  }

  static int parseGpuAddress(String address) {
    try {
      int id = Integer.parseInt(address.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw SpladeException.of(
        "GPU address '" + address + "'",
        "is not a CUDA device ordinal",
        "make the executor's GPU discovery script report ordinals such as 0, 1");
  }

  /** Closes every encoder and tokenizer of this JVM (the shutdown hook; tests). */
  public static synchronized void closeAll() {
    List<AutoCloseable> all = new ArrayList<>();
    all.addAll(ENCODERS.values());
    all.addAll(COUNTERS.values());
    ENCODERS.clear();
    COUNTERS.clear();
    MODELS.clear();
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c, e.toString());
      }
    }
  }
}
