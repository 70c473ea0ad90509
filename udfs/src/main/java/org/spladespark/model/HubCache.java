package org.spladespark.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.spladespark.errors.SpladeException;

/**
 * One repository's folder in the Hugging Face hub cache, laid out exactly as {@code
 * huggingface_hub} lays it out, so that a cache filled by Python is reused here and the other way
 * round:
 *
 * <pre>
 *   {cache}/models--{owner}--{name}/
 *     blobs/{etag}                         file contents, named by git blob sha1 or LFS sha256
 *     snapshots/{commit}/{path}            relative symlink to ../../blobs/{etag} (one more ../ per
 *                                          folder level of path); a copy where links are refused
 *     refs/{revision}                      the commit a branch or tag pointed to (no newline);
 *                                          not written when the revision is a commit hash
 *   {cache}/.locks/models--{owner}--{name}/{etag}.lock   held while one process downloads a blob
 * </pre>
 *
 * Blobs are written to a unique temporary file in {@code blobs/} and moved into place atomically,
 * so concurrent downloaders never see a half-written blob; Java processes sharing the cache (the
 * executors of one host) also take the blob's {@link DownloadLock} and download it once. The lock
 * file sits where {@code huggingface_hub} puts its own, but Python's {@code filelock} and the JDK's
 * file locks do not see each other on Linux: Python beside Java may still download a blob twice.
 */
final class HubCache {
  static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  private final Path repoDir;

  HubCache(Path cache, String repo) {
    this.repoDir = cache.toAbsolutePath().normalize().resolve(folderName(repo));
  }

  /** {@code owner/name} → {@code models--owner--name}. */
  static String folderName(String repo) {
    return "models--" + repo.replace("/", "--");
  }

  Path repoDir() {
    return repoDir;
  }

  Path snapshot(String commit) {
    return repoDir.resolve("snapshots").resolve(commit);
  }

  Path blob(String etag) {
    return repoDir.resolve("blobs").resolve(etag);
  }

  /** The lock file of a blob's download, where {@code huggingface_hub} keeps its own. */
  Path lockFile(String etag) {
    return repoDir.resolveSibling(".locks").resolve(repoDir.getFileName()).resolve(etag + ".lock");
  }

  /**
   * The commit a revision resolves to from the cache alone: a full commit hash is itself, a branch
   * or tag is read from {@code refs/}.
   */
  Optional<String> commitOf(String revision) {
    if (COMMIT.matcher(revision).matches()) {
      return Optional.of(revision);
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    try {
      String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
      return COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
    } catch (IOException e) {
      throw SpladeException.of(
          ref.toString(), "cannot be read: " + e, "check the hub cache's permissions", e);
    }
  }

  /** The cached snapshot folder of a revision, if the cache has one. */
  Optional<Path> cachedSnapshot(String revision) {
    return commitOf(revision).map(this::snapshot).filter(Files::isDirectory);
  }

  /**
   * Records {@code refs/revision = commit} unless the revision is the commit or already says so.
   */
  void writeRef(String revision, String commit) {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    try {
      if (Files.isRegularFile(ref)
          && Files.readString(ref, StandardCharsets.UTF_8).equals(commit)) {
        return; // unchanged: a read-only shared cache stays usable
      }
      Files.createDirectories(ref.getParent());
      // Written aside and moved, so a concurrent reader never sees a half-written ref.
      Path tmp = Files.createTempFile(ref.getParent(), "." + ref.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, commit, StandardCharsets.UTF_8);
        move(tmp, ref);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw SpladeException.of(
          ref.toString(), "cannot be written: " + e, "check the hub cache's permissions", e);
    }
  }

  /** A new, uniquely named temporary file in {@code blobs/} to download {@code etag} into. */
  Path newTempBlob(String etag) {
    Path blobs = repoDir.resolve("blobs");
    try {
      Files.createDirectories(blobs);
      return Files.createTempFile(blobs, etag + ".", ".incomplete");
    } catch (IOException e) {
      throw SpladeException.of(
          blobs.toString(),
          "cannot create a download file: " + e,
          "check the hub cache's permissions and free space, or set HF_HUB_CACHE",
          e);
    }
  }

  /** Moves a complete download into {@code blobs/etag} atomically. */
  void publishBlob(Path temp, String etag) {
    Path blob = blob(etag);
    try {
      move(temp, blob);
    } catch (IOException e) {
      throw SpladeException.of(
          blob.toString(), "cannot be written: " + e, "check the hub cache's permissions", e);
    }
  }

  /**
   * Points {@code snapshots/commit/path} at {@code blobs/etag} with a relative symlink, as {@code
   * huggingface_hub} does; copies the blob where the file system refuses links (Windows without
   * developer mode).
   */
  void link(String commit, String path, String etag) {
    Path dst = snapshot(commit).resolve(path);
    Path blob = blob(etag);
    try {
      Files.createDirectories(dst.getParent());
      Files.deleteIfExists(dst);
      try {
        Files.createSymbolicLink(dst, dst.getParent().relativize(blob));
      } catch (FileAlreadyExistsException raced) {
        if (!Files.isSameFile(dst, blob)) {
          throw raced;
        }
      } catch (UnsupportedOperationException | IOException noLinks) {
        Files.copy(blob, dst, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw SpladeException.of(
          dst.toString(), "cannot be created: " + e, "check the hub cache's permissions", e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
