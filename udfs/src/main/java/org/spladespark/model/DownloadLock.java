package org.spladespark.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.spladespark.errors.SpladeException;

/**
 * An exclusive lock on one blob's download, held across processes (an OS file lock through {@link
 * FileChannel#lock()} on a lock file in the hub cache) and across threads of this JVM (a lock per
 * file path, since the JDK forbids two overlapping file locks in one JVM). The holder checks the
 * blob again and downloads it only if it is still missing, so processes sharing a cache fetch each
 * blob once. The OS releases the file lock when its process dies, so a killed download never blocks
 * the next one; the lock file itself stays, as {@code huggingface_hub}'s do.
 *
 * <p>Use with try-with-resources; a lock is owned by the thread that acquired it.
 */
final class DownloadLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private DownloadLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /**
   * Waits for and takes the lock on {@code lockFile}; if another thread or process holds it, says
   * so once on {@code progress} (naming {@code what}) and waits.
   */
  static DownloadLock acquire(Path lockFile, String what, PrintStream progress) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
    boolean waited = false;
    if (!threadLock.tryLock()) {
      waiting(what, progress);
      waited = true;
      threadLock.lock();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel =
          FileChannel.open(
              key, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        if (!waited) {
          waiting(what, progress);
        }
        lock = channel.lock();
      }
      return new DownloadLock(threadLock, channel, lock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threadLock.unlock();
      throw SpladeException.of(
          key.toString(),
          "cannot be locked for the download of " + what + ": " + e,
          "check that the hub cache (HF_HUB_CACHE) is writable and on a file system with locks",
          e);
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    } finally {
      closeQuietly(channel);
      threadLock.unlock();
    }
  }

  private static void waiting(String what, PrintStream progress) {
    progress.printf(Locale.ROOT, "splade: waiting for another download of %s to finish%n", what);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was written through it
      }
    }
  }
}
