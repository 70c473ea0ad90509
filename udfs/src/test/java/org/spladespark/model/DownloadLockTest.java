package org.spladespark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.model.FakeHub.REPO;
import static org.spladespark.model.TestModels.assertReferenceQueries;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.model.FakeHub.Request;

/** Two downloaders sharing one hub cache fetch each file once. */
class DownloadLockTest {
  @TempDir Path tmp;

  @Test
  void twoConcurrentResolutionsDownloadEachFileOnce() throws Exception {
    Path served = TestModels.copyTinyModel(tmp.resolve("served"));
    // the query and document folders share some files: one blob (one download) each
    long blobs =
        ModelSourceTest.NEEDED.stream()
            .map(f -> FakeHub.hex("SHA-256", read(served.resolve(f))))
            .distinct()
            .count();
    try (FakeHub hub = new FakeHub(served)) {
      hub.cdnDelayMillis = 400; // both resolutions find the blobs missing and overlap
      Path cache = tmp.resolve("hf/hub");
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      try {
        List<Future<Path>> runs =
            List.of(
                pool.submit(() -> fetch(hub, cache, start, progress)),
                pool.submit(() -> fetch(hub, cache, start, progress)));
        for (Future<Path> run : runs) {
          assertReferenceQueries(ModelBundle.load(run.get(60, TimeUnit.SECONDS)));
        }
      } finally {
        pool.shutdownNow();
      }
      Map<String, Long> gets =
          hub.requests().stream()
              .filter(r -> r.method().equals("GET") && !r.path().startsWith("/api/"))
              .collect(Collectors.groupingBy(Request::path, Collectors.counting()));
      assertEquals(blobs, gets.size(), gets.toString());
      assertTrue(gets.values().stream().allMatch(n -> n == 1), gets.toString());
      assertTrue(
          progress.toString(StandardCharsets.UTF_8).contains("waiting for another download of"),
          progress.toString(StandardCharsets.UTF_8));
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path fetch(FakeHub hub, Path cache, CyclicBarrier start, ByteArrayOutputStream log)
      throws Exception {
    HubOptions o = new HubOptions(hub.endpoint(), cache, null, false);
    start.await(10, TimeUnit.SECONDS);
    return ModelSource.fetch(REPO, o, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void lockIsHeldAcrossProcesses() throws Exception {
    Path lockFile = tmp.resolve("hub/.locks/models--a--b/abc.lock");
    Path marker = tmp.resolve("released");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DownloadLockHolder.class.getName(),
                lockFile.toString(),
                marker.toString(),
                "1500")
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine());
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      try (DownloadLock lock =
          DownloadLock.acquire(
              lockFile, "a/b", new PrintStream(progress, true, StandardCharsets.UTF_8))) {
        // the child wrote the marker before releasing: we got the lock only after it let go
        assertTrue(Files.exists(marker), "acquired while the child process held the lock");
      }
      assertTrue(
          progress
              .toString(StandardCharsets.UTF_8)
              .contains("waiting for another download of a/b"));
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly();
    }
  }
}
