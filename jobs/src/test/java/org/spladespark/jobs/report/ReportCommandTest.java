package org.spladespark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;

/** {@code splade report} command lines into {@link ReportOptions}, and their checks. */
class ReportCommandTest {
  @Test
  void statsDefaultToTheIndexStatsFolder() {
    ReportOptions o = ReportCommand.parse("--index", "idx", "--out", "r");
    assertEquals("idx/stats", o.stats());
    assertEquals(Path.of("r"), o.out());
    assertNull(o.metrics());
    assertEquals("SPLADE index report", o.title());
  }

  @Test
  void explicitStatsWin() {
    ReportOptions o =
        ReportCommand.parse(
            "--index", "idx", "--stats", "s", "--metrics", "m.json", "--out", "r", "--title", "T");
    assertEquals("s", o.stats());
    assertEquals(Path.of("m.json"), o.metrics());
    assertEquals("T", o.title());
  }

  @Test
  void withoutIndexOrStatsIsRejected() {
    SpladeException e =
        assertThrows(SpladeException.class, () -> ReportCommand.parse("--out", "r"));
    assertEquals(
        "splade report: needs the stats tables. Fix: pass --index or --stats", e.getMessage());
  }
}
