package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Safetensors;
import org.spladespark.model.SafetensorsWriter;
import org.spladespark.testing.Fixtures;

class GraphCacheTest {
  @TempDir Path tmp;

  static final ModelBundle TINY = ModelBundle.load(Fixtures.tinyModel());

  private static List<Path> sources(ModelBundle m) {
    return List.of(m.documentConfig(), m.documentWeights());
  }

  @Test
  void secondCallReturnsCachedPathWithoutCompiling() throws IOException {
    GraphCache cache = new GraphCache(tmp.resolve("graphs"));
    String key = GraphCache.key("safetensors", Precision.FP32, sources(TINY));
    AtomicInteger compiles = new AtomicInteger();
    CompiledGraph first = cache.getOrCompile(key, file -> compile(file, compiles));
    assertTrue(first.compiled());
    assertEquals(cache.path(key), first.path());
    assertEquals(key, first.hash());
    FileTime written = Files.getLastModifiedTime(first.path());

    CompiledGraph second = cache.getOrCompile(key, file -> compile(file, compiles));
    assertFalse(second.compiled());
    assertEquals(first.path(), second.path());
    assertEquals(1, compiles.get());
    assertEquals(written, Files.getLastModifiedTime(second.path()));
    try (Stream<Path> files = Files.list(cache.dir())) {
      assertEquals(List.of(first.path()), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void documentGraphsUsesTheCache() {
    GraphCache cache = new GraphCache(tmp);
    CompiledGraph first = DocumentGraphs.pooledGraph(TINY, Precision.FP32, cache);
    CompiledGraph second =
        DocumentGraphs.pooledGraph(TINY, Precision.FP32, GraphSource.AUTO, cache);
    assertTrue(first.compiled());
    assertFalse(second.compiled());
    assertEquals(first, new CompiledGraph(second.path(), second.hash(), true));
    assertEquals(GraphCache.key("safetensors", Precision.FP32, sources(TINY)), first.hash());
  }

  @Test
  void hashChangesWithWeightsAndPrecisionButNotWithFolder() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Path config = Files.copy(TINY.documentConfig(), copy.resolve("config.json"));
    Path weights = Files.copy(TINY.documentWeights(), copy.resolve("model.safetensors"));
    String original = GraphCache.key("safetensors", Precision.FP32, sources(TINY));
    assertEquals(original, GraphCache.key("safetensors", Precision.FP32, List.of(config, weights)));
    assertNotEquals(original, GraphCache.key("safetensors", Precision.FP16, sources(TINY)));
    assertNotEquals(original, GraphCache.key("onnx-export", Precision.FP32, sources(TINY)));

    // Change one weight by one ulp: the file keeps its size, the key must still change.
    Safetensors st = Safetensors.open(TINY.documentWeights());
    SafetensorsWriter w = new SafetensorsWriter();
    for (Safetensors.Tensor t : st.tensors().values()) {
      float[] v = st.floats(t.name());
      if (t.name().equals("vocab_transform.bias")) {
        v[0] = Math.nextUp(v[0]);
      }
      w.putF32(t.name(), t.shape(), v);
    }
    Path changed = copy.resolve("changed");
    Files.createDirectories(changed);
    Files.copy(config, changed.resolve("config.json"));
    w.write(changed.resolve("model.safetensors"));
    assertEquals(Files.size(weights), Files.size(changed.resolve("model.safetensors")));
    assertNotEquals(
        original,
        GraphCache.key(
            "safetensors",
            Precision.FP32,
            List.of(changed.resolve("config.json"), changed.resolve("model.safetensors"))));
  }

  @Test
  void concurrentCallersCompileOnce() throws Exception {
    GraphCache cache = new GraphCache(tmp);
    String key = GraphCache.key("safetensors", Precision.FP32, sources(TINY));
    AtomicInteger compiles = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CompiledGraph>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> cache.getOrCompile(key, file -> compile(file, compiles))));
      }
      int compiledNow = 0;
      for (Future<CompiledGraph> f : results) {
        CompiledGraph g = f.get();
        assertEquals(cache.path(key), g.path());
        compiledNow += g.compiled() ? 1 : 0;
      }
      assertEquals(1, compiledNow);
      assertEquals(1, compiles.get());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void failedCompilationLeavesNothingAndIsRetried() throws IOException {
    GraphCache cache = new GraphCache(tmp);
    String key = GraphCache.key("safetensors", Precision.FP32, sources(TINY));
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                cache.getOrCompile(
                    key,
                    file -> {
                      throw SpladeException.of("test", "compiler failed", "none");
                    }));
    assertEquals("compiler failed", e.problem());
    try (Stream<Path> files = Files.list(cache.dir())) {
      assertEquals(0, files.count());
    }
    AtomicInteger compiles = new AtomicInteger();
    assertTrue(cache.getOrCompile(key, file -> compile(file, compiles)).compiled());
  }

  @Test
  void defaultFolderComesFromSpladeCacheOrHome() {
    assertEquals(Path.of("/data/splade/graphs"), GraphCache.defaultDir("/data/splade", "/home/u"));
    assertEquals(Path.of("/home/u/.cache/splade/graphs"), GraphCache.defaultDir(null, "/home/u"));
    assertEquals(Path.of("/home/u/.cache/splade/graphs"), GraphCache.defaultDir(" ", "/home/u"));
  }

  private static void compile(Path file, AtomicInteger compiles) {
    compiles.incrementAndGet();
    GraphCompiler.write(
        GraphCompiler.fromSafetensors(
            TINY.documentConfig(), TINY.documentWeights(), Precision.FP32),
        file);
  }
}
