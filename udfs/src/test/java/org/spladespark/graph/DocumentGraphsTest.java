package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/** Source selection of {@link DocumentGraphs} over a copy of the tiny model with an export. */
class DocumentGraphsTest {
  @TempDir Path tmp;

  /** The tiny model copied to {@code tmp/model}, with the logits export as onnx/model.onnx. */
  private ModelBundle modelWithExport() throws IOException {
    Path src = Fixtures.tinyModel();
    Path dst = tmp.resolve("model");
    try (Stream<Path> files = Files.walk(src)) {
      files.forEach(
          p -> {
            try {
              Files.copy(p, dst.resolve(src.relativize(p).toString()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    ModelBundle m = ModelBundle.load(dst);
    Files.createDirectories(m.documentDir().resolve("onnx"));
    Files.copy(Fixtures.logitsExport(), m.documentDir().resolve("onnx/model.onnx"));
    return m;
  }

  @Test
  void onnxExportSourceEncodesLikeTheReference() throws IOException {
    ModelBundle m = modelWithExport();
    GraphCache cache = new GraphCache(tmp.resolve("cache"));
    CompiledGraph g = DocumentGraphs.pooledGraph(m, Precision.FP32, GraphSource.ONNX_EXPORT, cache);
    assertNotEquals(DocumentGraphs.pooledGraph(m, Precision.FP32, cache).hash(), g.hash());
    JsonNode doc = Fixtures.reference().get("documents").get(0);
    try (DocumentEncoder enc =
        new DocumentEncoder(
            g.path(),
            TextTokenizer.forDocuments(m.documentTokenizer(), m.maxSeqLength()),
            EncoderOptions.cpu())) {
      SparseVector v = enc.encode(List.of(doc.get("text").asText())).get(0);
      assertArrayEquals(Fixtures.ints(doc.get("indices")), v.indices());
      float[] expected = Fixtures.floats(doc.get("values"));
      for (int k = 0; k < expected.length; k++) {
        assertEquals(expected[k], v.value(k), 1e-5);
      }
    }
  }

  @Test
  void autoPrefersSafetensorsAndFallsBackToTheExport() throws IOException {
    ModelBundle m = modelWithExport();
    GraphCache cache = new GraphCache(tmp.resolve("cache"));
    String safetensors = DocumentGraphs.pooledGraph(m, Precision.FP32, cache).hash();
    String export =
        DocumentGraphs.pooledGraph(m, Precision.FP32, GraphSource.ONNX_EXPORT, cache).hash();
    assertEquals(
        safetensors, DocumentGraphs.pooledGraph(m, Precision.FP32, GraphSource.AUTO, cache).hash());
    Files.delete(m.documentWeights());
    assertEquals(
        export, DocumentGraphs.pooledGraph(m, Precision.FP32, GraphSource.AUTO, cache).hash());
    SpladeException e = refused(m, Precision.FP32, GraphSource.SAFETENSORS, cache);
    assertEquals(m.documentWeights().toString(), e.subject());
    assertTrue(e.getMessage().contains("file not found"), e.getMessage());
  }

  @Test
  void fp16IsRefusedForAnExport() throws IOException {
    ModelBundle m = modelWithExport();
    SpladeException e = refused(m, Precision.FP16, GraphSource.ONNX_EXPORT, new GraphCache(tmp));
    assertTrue(e.getMessage().contains("precision FP16 asked of an ONNX export"), e.getMessage());
  }

  @Test
  void missingExportIsNamed() {
    ModelBundle m = ModelBundle.load(Fixtures.tinyModel());
    SpladeException e = refused(m, Precision.FP32, GraphSource.ONNX_EXPORT, new GraphCache(tmp));
    assertEquals(m.documentDir().resolve("onnx/model.onnx").toString(), e.subject());
    assertTrue(e.getMessage().contains("optimum-cli export onnx"), e.getMessage());
  }

  /** {@code m} has no pooled graph of {@code precision} from {@code source}. */
  private static SpladeException refused(
      ModelBundle m, Precision precision, GraphSource source, GraphCache cache) {
    return assertThrows(
        SpladeException.class, () -> DocumentGraphs.pooledGraph(m, precision, source, cache));
  }
}
