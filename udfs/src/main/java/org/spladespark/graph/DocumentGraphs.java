package org.spladespark.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.spladespark.errors.RequiredPaths;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;

/**
 * The entry point: the pooled document graph of a {@link ModelBundle}, compiled once per content
 * key and then read from a {@link GraphCache}. See {@link GraphSource} for where the transformer
 * comes from and {@link Precision} for the numerics. Thread-safe.
 */
public final class DocumentGraphs {
  private DocumentGraphs() {}

  /** As {@link #pooledGraph(ModelBundle, Precision, GraphSource, GraphCache)} from safetensors. */
  public static CompiledGraph pooledGraph(
      ModelBundle model, Precision precision, GraphCache cache) {
    return pooledGraph(model, precision, GraphSource.SAFETENSORS, cache);
  }

  /**
   * The pooled graph of {@code model}'s document transformer.
   *
   * @throws SpladeException when the source is missing, FP16 is asked of an ONNX export, or the
   *     compiler rejects the model (the message names the file)
   */
  public static CompiledGraph pooledGraph(
      ModelBundle model, Precision precision, GraphSource source, GraphCache cache) {
    GraphSource resolved = resolve(model, source);
    if (resolved == GraphSource.SAFETENSORS) {
      Path config = model.documentConfig();
      Path weights = model.documentWeights();
      RequiredPaths.file(
          weights,
          "save the model with safetensors weights, or use GraphSource.ONNX_EXPORT with"
              + " onnx/model.onnx");
      String key = GraphCache.key("safetensors", precision, List.of(config, weights));
      return cache.getOrCompile(
          key,
          file ->
              GraphCompiler.write(GraphCompiler.fromSafetensors(config, weights, precision), file));
    }
    Path export = model.documentOnnxExport().orElseThrow(() -> missingExport(model));
    if (precision != Precision.FP32) {
      throw SpladeException.of(
          export.toString(),
          "precision " + precision + " asked of an ONNX export; an export keeps its own precision",
          "use Precision.FP32 with ONNX_EXPORT (an fp16 export stays fp16), or GraphSource"
              + ".SAFETENSORS for an FP16 graph");
    }
    int vocab = model.vocabSize();
    String key = GraphCache.key("onnx-export vocab=" + vocab, precision, exportFiles(export));
    return cache.getOrCompile(
        key, file -> GraphCompiler.write(GraphCompiler.appendPooling(export, vocab), file));
  }

  private static GraphSource resolve(ModelBundle model, GraphSource source) {
    if (source != GraphSource.AUTO) {
      return source;
    }
    if (Files.isRegularFile(model.documentWeights())) {
      return GraphSource.SAFETENSORS;
    }
    Optional<Path> export = model.documentOnnxExport();
    if (export.isPresent()) {
      return GraphSource.ONNX_EXPORT;
    }
    throw SpladeException.of(
        model.documentDir().toString(),
        "has neither model.safetensors nor onnx/model.onnx",
        "re-download the model; the document transformer folder must be complete");
  }

  private static SpladeException missingExport(ModelBundle model) {
    return SpladeException.of(
        model.documentDir().resolve("onnx").resolve("model.onnx").toString(),
        "file not found",
        "export the document transformer (optimum-cli export onnx --task fill-mask, or"
            + " sentence-transformers backend=\"onnx\"), or use GraphSource.SAFETENSORS");
  }

  /** model.onnx and its external data files (model.onnx_data, ...), in name order. */
  private static List<Path> exportFiles(Path export) {
    String prefix = export.getFileName().toString();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(export.getParent())) {
      s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw SpladeException.failed(export.getParent(), "cannot list", "check permissions", e);
    }
    return files;
  }
}
