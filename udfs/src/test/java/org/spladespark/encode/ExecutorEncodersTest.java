package org.spladespark.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.Pruning;
import org.spladespark.vector.SparseVector;

class ExecutorEncodersTest {
  @AfterAll
  static void close() {
    ExecutorEncoders.closeAll();
  }

  @Test
  void oneEncoderPerSpecThreadsAndGpuSharedByConcurrentCallers() throws Exception {
    EncoderSpec spec = EncoderFixtures.tinySpec();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<DocumentEncoder>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(pool.submit(() -> ExecutorEncoders.get(spec, 1, 0)));
      }
      DocumentEncoder first = got.get(0).get();
      for (Future<DocumentEncoder> f : got) {
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdown();
    }
    // An equal spec built separately is the same cache key; other settings are not.
    assertSame(
        ExecutorEncoders.get(spec, 1, 0), ExecutorEncoders.get(EncoderFixtures.tinySpec(), 1, 0));
    assertNotSame(
        ExecutorEncoders.get(spec, 1, 0),
        ExecutorEncoders.get(spec.withPruning(Pruning.topK(32)), 1, 0));
  }

  @Test
  void outsideSparkTheTaskEncoderIsTheDefaultThreadsOne() {
    EncoderSpec spec = EncoderFixtures.tinySpec();
    assertSame(ExecutorEncoders.get(spec, 0, 0), ExecutorEncoders.forCurrentTask(spec));
  }

  @Test
  void sharedEncoderMatchesReferenceDocuments() {
    DocumentEncoder enc = ExecutorEncoders.forCurrentTask(EncoderFixtures.tinySpec());
    List<String> texts = new ArrayList<>();
    for (JsonNode d : Fixtures.reference().get("documents")) {
      texts.add(d.get("text").asText());
    }
    List<SparseVector> vs = enc.encode(texts);
    int i = 0;
    for (JsonNode d : Fixtures.reference().get("documents")) {
      SparseVector v = vs.get(i++);
      assertArrayEquals(Fixtures.ints(d.get("indices")), v.indices(), d.get("id").asText());
      float[] exp = Fixtures.floats(d.get("values"));
      for (int k = 0; k < exp.length; k++) {
        assertEquals(exp[k], v.value(k), 1e-5, d.get("id").asText());
      }
    }
  }

  @Test
  void wordpieceCounterDoesNotTruncate() {
    TextTokenizer counter = ExecutorEncoders.wordpieceCounter(EncoderFixtures.tinySpec());
    assertSame(counter, ExecutorEncoders.wordpieceCounter(EncoderFixtures.tinySpec()));
    String longText = "word ".repeat(5000).trim();
    assertEquals(5000, counter.ids(longText).length);
    assertArrayEquals(
        new int[] {5000, 3, 0}, counter.lengths(List.of(longText, "hello big world", "")));
    // The reference's long document: truncated to 512 ids with [CLS]/[SEP] by the model.
    for (JsonNode d : Fixtures.reference().get("documents")) {
      if (d.get("id").asText().equals("edge-d9")) {
        assertEquals(512, d.get("token_ids").size());
        assertTrue(counter.ids(d.get("text").asText()).length > 600);
      }
    }
  }

  @Test
  void resolvedModelCarriesGraphAndFingerprint() {
    EncoderSpec spec = EncoderFixtures.tinySpec();
    ExecutorEncoders.ResolvedModel m = ExecutorEncoders.model(spec);
    assertEquals(EncoderFixtures.pooledGraph().toAbsolutePath().normalize(), m.pooledGraph());
    assertEquals(ModelFingerprint.of(m.bundle(), m.pooledGraph()), m.modelId());
    assertSame(m, ExecutorEncoders.model(EncoderFixtures.tinySpec()));
  }

  @Test
  void missingGraphFileIsNamed() {
    EncoderSpec spec =
        EncoderFixtures.tinySpec().withPooledGraph(Fixtures.root().resolve("no/such/graph.onnx"));
    SpladeException e = assertThrows(SpladeException.class, () -> ExecutorEncoders.resolve(spec));
    assertTrue(e.subject().endsWith("no/such/graph.onnx"), e.getMessage());
    assertTrue(e.problem().contains("not found"), e.getMessage());
  }

  @Test
  void hubIdGoesThroughTheHubCache() {
    // The build runs with HF_HUB_OFFLINE=1 and an empty cache: the hub path is taken and refuses
    // to touch the network.
    EncoderSpec spec = EncoderSpec.cpu("opensearch-project/some-model");
    SpladeException e = assertThrows(SpladeException.class, () -> ExecutorEncoders.resolve(spec));
    assertTrue(e.getMessage().contains("opensearch-project/some-model"), e.getMessage());
    assertTrue(e.getMessage().contains("HF_HUB_OFFLINE"), e.getMessage());
  }

  @Test
  void withoutAnExplicitGraphTheModelIsCompiled() {
    EncoderSpec spec = EncoderSpec.cpu(Fixtures.tinyModel().toString());
    ExecutorEncoders.ResolvedModel m = ExecutorEncoders.resolve(spec);
    assertTrue(java.nio.file.Files.isRegularFile(m.pooledGraph()), m.pooledGraph().toString());
    assertEquals(ModelFingerprint.of(m.bundle(), m.pooledGraph()), m.modelId());
  }

  @Test
  void aGraphThatIsNotPooledFailsAtLoadNotPerRow() {
    EncoderSpec spec = EncoderFixtures.tinySpec().withPooledGraph(Fixtures.logitsExport());
    SpladeException e = assertThrows(SpladeException.class, () -> ExecutorEncoders.get(spec, 1, 0));
    assertTrue(e.problem().contains("[batch, vocab]"), e.getMessage());
  }

  @Test
  void gpuAddressesAreOrdinals() {
    assertEquals(3, ExecutorEncoders.parseGpuAddress("3"));
    assertEquals(0, ExecutorEncoders.parseGpuAddress(" 0 "));
    SpladeException e =
        assertThrows(SpladeException.class, () -> ExecutorEncoders.parseGpuAddress("GPU-1a2b"));
    assertTrue(e.getMessage().contains("GPU-1a2b"), e.getMessage());
  }

  @Test
  void noTaskMeansGpuZero() {
    assertEquals(0, ExecutorEncoders.assignedGpu(null));
  }
}
