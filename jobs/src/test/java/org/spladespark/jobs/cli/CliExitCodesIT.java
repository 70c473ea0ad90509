package org.spladespark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.Fixtures;

/**
 * Exit code 1 of the README's policy: the job started and failed. Each message is printed once (no
 * doubled prefix), and the suite's shared session is left running.
 */
class CliExitCodesIT {
  private static final String MODEL = Fixtures.tinyModel().toString();

  private static CliExitCodesTest.Result run(String... args) {
    SparkTestSession.get();
    return CliExitCodesTest.run(args);
  }

  @Test
  void verifyOfAFolderWithoutAnIndexFails() {
    Path empty = SparkTestSession.newDir("not-an-index");
    CliExitCodesTest.Result r = run("verify", "--index", empty.toString());
    assertEquals(SpladeCli.FAILED, r.code(), r.err());
    assertTrue(
        r.err().startsWith("splade verify: " + empty + "/doc_vectors: does not exist"), r.err());
    assertFalse(SparkTestSession.get().sparkContext().isStopped());
  }

  @Test
  void badRowsFoundWhileEncodingFailTheJobOnce() throws IOException {
    Path dir = SparkTestSession.newDir("bad-rows");
    Path corpus = dir.resolve("c.jsonl");
    Files.writeString(
        corpus, "{\"_id\": \"a\", \"text\": \"ok\"}\n{\"_id\": \"b\", \"text\": null}\n");
    CliExitCodesTest.Result r =
        run("encode", "-i", corpus.toString(), "-m", MODEL, "-o", dir.resolve("idx").toString());
    assertEquals(SpladeCli.FAILED, r.code(), r.err());
    assertTrue(r.err().startsWith("splade encode: "), r.err());
    assertFalse(r.err().contains("splade encode: splade encode"), r.err());
    assertTrue(r.err().contains("c.jsonl:2"), r.err());
  }

  @Test
  void aFailureOutsideThePipelinePrintsItsRootCauseInOneLine() {
    Path dir = SparkTestSession.newDir("root-cause");
    CliExitCodesTest.Result r =
        run(
            "search",
            "--queries-table",
            "no_such_db.no_such_table",
            "--index",
            dir.toString(),
            "-m",
            MODEL,
            "--output-trec",
            dir.resolve("r.trec").toString());
    assertEquals(SpladeCli.FAILED, r.code(), r.err());
    assertTrue(r.err().startsWith("splade search: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
  }
}
