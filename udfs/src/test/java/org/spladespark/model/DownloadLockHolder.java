package org.spladespark.model;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM side of {@link DownloadLockTest}: takes the lock on args[0], says "locked", holds it
 * for args[2] ms, writes the marker file args[1] and only then releases the lock.
 */
public final class DownloadLockHolder {
  private DownloadLockHolder() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (DownloadLock lock = DownloadLock.acquire(Path.of(args[0]), "child", out)) {
      out.println("locked");
      Thread.sleep(Long.parseLong(args[2]));
      Files.writeString(Path.of(args[1]), "released");
    }
  }
}
