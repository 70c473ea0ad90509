package org.spladespark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.Commands;

/** {@code splade report} command lines into {@link ReportOptions}, and their checks. */
class ReportCommandTest {
  private static ReportOptions parse(String... args) {
    return Commands.parse(new ReportCommand(), args);
  }

  @Test
  void statsDefaultToTheIndexStatsFolder() {
    ReportOptions o = parse("--index", "idx", "--out", "r");
    assertEquals(Path.of("idx").toAbsolutePath() + "/stats", o.stats());
    assertEquals(Path.of("r").toAbsolutePath(), o.out());
    assertNull(o.metrics());
    assertEquals("SPLADE index report", o.title());
  }

  @Test
  void explicitStatsWin() {
    ReportOptions o =
        parse(
            "--index", "idx", "--stats", "s", "--metrics", "m.json", "--out", "r", "--title", "T");
    assertEquals(Path.of("s").toAbsolutePath().toString(), o.stats());
    assertEquals(Path.of("m.json").toAbsolutePath(), o.metrics());
    assertEquals("T", o.title());
  }

  @Test
  void withoutIndexOrStatsIsRejected() {
    SpladeException e = assertThrows(SpladeException.class, () -> parse("--out", "r"));
    assertEquals(
        "--index/--stats: neither is given. Fix: pass the index (or its stats folder)",
        e.getMessage());
  }
}
