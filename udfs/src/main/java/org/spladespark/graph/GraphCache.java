package org.spladespark.graph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.spladespark.errors.SpladeException;

/**
 * Compiled graphs on local disk, one file {@code <key>.onnx} per content key.
 *
 * <p>The key ({@link #key}) is the sha256 of the compiler {@link GraphCompiler#VERSION}, a recipe
 * string (source kind and options), the {@link Precision} and, for each source file, its name, size
 * and sha256; so the same model in any folder maps to the same graph, and any change of a weight,
 * the compiler or the precision maps to a new one. Sources are hashed on every call (measured ~0.3
 * s for a 265 MB distilbert-base); callers keep the result for the life of their process.
 *
 * <p>Writes are atomic: a graph is written to a temporary file in the cache folder and renamed into
 * place, so concurrent executors on one host never see a partial file (two processes may both
 * compile on a cold cache; the second rename replaces identical bytes). Within one JVM, callers
 * asking for the same key wait for one compilation. Thread-safe.
 */
public final class GraphCache {
  /** Environment variable naming the splade cache root; graphs go under {@code <root>/graphs}. */
  public static final String ENV = "SPLADE_CACHE";

  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path dir;

  /** A cache in {@code dir} (created on first write). */
  public GraphCache(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** {@code $SPLADE_CACHE/graphs}, else {@code ~/.cache/splade/graphs}. */
  public static GraphCache defaultCache() {
    return new GraphCache(defaultDir(System.getenv(ENV), System.getProperty("user.home")));
  }

  static Path defaultDir(String spladeCache, String userHome) {
    if (spladeCache != null && !spladeCache.isBlank()) {
      return Path.of(spladeCache).resolve("graphs");
    }
    return Path.of(userHome, ".cache", "splade", "graphs");
  }

  public Path dir() {
    return dir;
  }

  /** Where the graph of {@code key} lives (whether or not it exists yet). */
  public Path path(String key) {
    return dir.resolve(key + ".onnx");
  }

  /**
   * The content key of a graph: hex sha256 over the compiler version, {@code recipe}, {@code
   * precision} and each source file's name, size and sha256, in the order given.
   */
  public static String key(String recipe, Precision precision, List<Path> sources) {
    MessageDigest all = sha256();
    update(all, "splade-graph/" + GraphCompiler.VERSION + "\n" + recipe + "\n" + precision + "\n");
    for (Path p : sources) {
      MessageDigest one = sha256();
      long size = 0;
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        int n;
        while ((n = ch.read(buf)) >= 0) {
          size += n;
          buf.flip();
          one.update(buf);
          buf.clear();
        }
      } catch (NoSuchFileException e) {
        throw SpladeException.of(
            p.toString(), "file not found", "check the model folder is complete", e);
      } catch (IOException e) {
        throw SpladeException.failed(p, "cannot read", "check permissions", e);
      }
      update(
          all,
          p.getFileName() + "\n" + size + "\n" + HexFormat.of().formatHex(one.digest()) + "\n");
    }
    return HexFormat.of().formatHex(all.digest());
  }

  /**
   * The cached graph of {@code key}, or compiles it: {@code writer} must write the complete graph
   * to the path it is given (a temporary file, then renamed to {@link #path(String)}).
   */
  public CompiledGraph getOrCompile(String key, Consumer<Path> writer) {
    if (!key.matches("[0-9a-f]{16,128}")) {
      throw new IllegalArgumentException("not a hex content key: " + key);
    }
    Path target = path(key);
    Object lock = LOCKS.computeIfAbsent(target.toString(), k -> new Object());
    synchronized (lock) {
      if (Files.isRegularFile(target)) {
        return new CompiledGraph(target, key, false);
      }
      Path tmp = null;
      try {
        Files.createDirectories(dir);
        tmp = Files.createTempFile(dir, key + ".", ".tmp");
        writer.accept(tmp);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new CompiledGraph(target, key, true);
      } catch (IOException e) {
        throw SpladeException.failed(
            dir,
            "cannot write to the graph cache",
            "make the folder writable or point " + ENV + " at a writable folder",
            e);
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // A leftover temp file is harmless: it is never read back.
          }
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void update(MessageDigest d, String s) {
    d.update(s.getBytes(StandardCharsets.UTF_8));
  }
}
