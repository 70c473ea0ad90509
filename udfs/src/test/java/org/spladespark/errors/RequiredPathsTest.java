package org.spladespark.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequiredPathsTest {
  @TempDir Path dir;

  @Test
  void returnsPathsThatArePresent() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    assertSame(file, RequiredPaths.file(file, "fix"));
    assertSame(dir, RequiredPaths.folder(dir, "is not a folder", "fix"));
  }

  @Test
  void namesTheMissingPathTheProblemAndTheFix() {
    Path missing = dir.resolve("missing.txt");
    SpladeException e =
        assertThrows(SpladeException.class, () -> RequiredPaths.file(missing, "pass one"));
    assertEquals(missing.toString(), e.subject());
    assertEquals("file not found", e.problem());
    assertEquals("pass one", e.fix());
  }

  @Test
  void aFolderIsNotAFileNorAFileAFolder() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "a");
    assertThrows(SpladeException.class, () -> RequiredPaths.file(dir, "fix"));
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> RequiredPaths.folder(file, "is not a folder", "fix"));
    assertEquals("is not a folder", e.problem());
  }
}
