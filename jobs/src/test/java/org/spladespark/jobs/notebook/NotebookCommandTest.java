package org.spladespark.jobs.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.Commands;

/** {@code splade notebook} command lines into {@link NotebookOptions}, and their checks. */
class NotebookCommandTest {
  private static NotebookOptions parse(String... args) {
    return Commands.parse(new NotebookCommand(), args);
  }

  @Test
  void parsesParamsInOrder() {
    NotebookOptions o =
        parse("nb.sql", "--index", "idx", "--param", "b=2", "--param", "a=1", "--out", "o.html");
    assertEquals(Path.of("nb.sql").toAbsolutePath(), o.file());
    assertEquals(Path.of("idx").toAbsolutePath().toString(), o.index());
    assertEquals(List.of("b", "a"), List.copyOf(o.params().keySet()));
    assertEquals(Map.of("a", "1", "b", "2"), o.params());
    assertEquals(200, o.maxRows());
  }

  @Test
  void nonPositiveMaxRowsIsRejected() {
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> parse("nb.sql", "--out", "o.html", "--max-rows", "0"));
    assertEquals("--max-rows: is 0. Fix: pass a positive number", e.getMessage());
  }

  @Test
  void notebookFileIsRequired() {
    SpladeException e = assertThrows(SpladeException.class, () -> parse("--out", "o.html"));
    assertEquals("splade notebook", e.subject());
    assertTrue(e.problem().contains("FILE") || e.problem().contains("<file>"), e.problem());
  }
}
