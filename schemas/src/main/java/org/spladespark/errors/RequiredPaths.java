package org.spladespark.errors;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a path the user named (or a model folder names) is there before it is used, failing
 * with a {@link SpladeException} whose subject is the path.
 */
public final class RequiredPaths {
  private RequiredPaths() {}

  /**
   * {@code file}, if it is a regular file.
   *
   * @throws SpladeException "file not found", with {@code fix}, otherwise
   */
  public static Path file(Path file, String fix) {
    return file(file, "file not found", fix);
  }

  /**
   * {@code file}, if it is a regular file.
   *
   * @throws SpladeException with {@code problem} and {@code fix} otherwise
   */
  public static Path file(Path file, String problem, String fix) {
    return require(file, Files.isRegularFile(file), problem, fix);
  }

  /**
   * {@code dir}, if it is a folder.
   *
   * @throws SpladeException with {@code problem} and {@code fix} otherwise
   */
  public static Path folder(Path dir, String problem, String fix) {
    return require(dir, Files.isDirectory(dir), problem, fix);
  }

  private static Path require(Path path, boolean present, String problem, String fix) {
    if (!present) {
      throw SpladeException.of(path.toString(), problem, fix);
    }
    return path;
  }
}
