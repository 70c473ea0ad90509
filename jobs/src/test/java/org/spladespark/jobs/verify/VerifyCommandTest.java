package org.spladespark.jobs.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.Refusals;

class VerifyCommandTest {
  private static VerifyOptions parse(String... args) {
    return Commands.parse(new VerifyCommand(), args);
  }

  @Test
  void defaults() {
    VerifyOptions o = parse("--index", "idx/");
    assertEquals(Path.of("idx").toAbsolutePath().normalize().toString(), o.tables());
    assertNull(o.modelId());
    assertEquals(5, o.examples());
  }

  @Test
  void options() {
    VerifyOptions o = parse("--index", "s3a://b/idx/", "--model-id", "abc", "--examples", "2");
    assertEquals("s3a://b/idx", o.tables());
    assertEquals("abc", o.modelId());
    assertEquals(2, o.examples());
  }

  @Test
  void missingIndexIsAParameterError() {
    Refusals.assertRefused(VerifyCommandTest::parse, "", "--index", null);
  }

  @Test
  void zeroExamplesAreRefused() {
    Refusals.assertRefused(
        VerifyCommandTest::parse,
        "--index i --examples 0",
        "--examples",
        "must be between 1 and 1000, got 0");
  }

  @Test
  void blankModelIdMeansAll() {
    assertNull(new VerifyOptions("i", " ", 1).modelId());
  }

  @Test
  void reportRendersCountsAndExamples() {
    VerifyReport clean = new VerifyReport("/i", null, "m", List.of("m"), 2, 5, 3, List.of());
    assertTrue(clean.clean());
    assertTrue(
        clean
            .render()
            .contains("2 doc_vectors, 5 postings, 3 token_stats rows; models m;" + " active m"),
        clean.render());
    VerifyReport bad =
        new VerifyReport(
            "/i",
            "m",
            "m",
            List.of("m"),
            2,
            5,
            3,
            List.of(
                new VerifyReport.Difference("postings", "extra posting", 2, List.of("a", "b")),
                new VerifyReport.Difference("token_stats", "df differs", 1, List.of("c"))));
    assertFalse(bad.clean());
    assertEquals(3, bad.total());
    String text = bad.render();
    assertTrue(text.contains("NOT CLEAN: 3 differences of 2 kinds"), text);
    assertTrue(text.contains("  postings: extra posting: 2\n      a\n      b\n"), text);
    assertEquals(false, bad.toMap().get("clean"));
    assertEquals(3L, bad.toMap().get("differences"));
  }

  @Test
  void registered() {
    assertTrue(SpladeCli.commandLine().getSubcommands().containsKey("verify"));
  }
}
