package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spladespark.errors.SpladeException;

class BeirDatasetTest {
  /** A BEIR folder named {@code name} under {@code root}. */
  static Path write(Path root, String name, String corpus, String queries, String qrels)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(name).resolve("qrels"));
    Files.writeString(dir.getParent().resolve("corpus.jsonl"), corpus);
    Files.writeString(dir.getParent().resolve("queries.jsonl"), queries);
    Files.writeString(dir.resolve("test.tsv"), qrels);
    return dir.getParent();
  }

  @Test
  void loadsTitleTextQueriesAndBinaryQrels(@TempDir Path tmp) throws IOException {
    Path d =
        write(
            tmp,
            "tiny",
            "{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"body\"}\n"
                + "{\"_id\": \"d2\", \"title\": \"\", \"text\": \"only text\"}\n\n",
            "{\"_id\": \"q1\", \"text\": \"first\"}\n{\"_id\": \"q2\", \"text\": \"second\"}\n",
            "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t0\nq2\td2\t0\n");
    BeirDataset b = BeirDataset.load(d, "test");
    assertEquals("tiny", b.name());
    assertEquals(d.toAbsolutePath().normalize(), b.folder());
    assertEquals(Map.of("d1", "T body", "d2", "only text"), b.corpus());
    assertEquals(List.of("d1", "d2"), List.copyOf(b.corpus().keySet()));
    // score 0 is not relevant: q2 has no relevant document and is not evaluated
    assertEquals(Map.of("q1", Set.of("d1")), b.relevant());
    assertEquals(Map.of("q1", "first"), b.evaluatedQueries());
  }

  /**
   * Folders load refuses: why, corpus, qrels, split, then the subject (under the folder) and
   * problem.
   */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "invalid JSON names the line",
            "{\"_id\": \"d1\", \"text\": \"x\"}\n{oops\n",
            "",
            "test",
            "corpus.jsonl line 2",
            null),
        Arguments.of(
            "duplicate id",
            "{\"_id\": \"d1\"}\n{\"_id\": \"d1\"}\n",
            "",
            "test",
            null,
            "repeats id d1"),
        Arguments.of(
            "bad qrels line",
            "",
            "query-id\tcorpus-id\tscore\nq1 d1 1\n",
            "test",
            "qrels/test.tsv line 2",
            null),
        Arguments.of("missing split", "", "", "dev", "qrels/dev.tsv", "file not found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(
      String why,
      String corpus,
      String qrels,
      String split,
      String subject,
      String problem,
      @TempDir Path tmp)
      throws IOException {
    Path d = write(tmp, "bad", corpus, "", qrels);
    SpladeException e = assertThrows(SpladeException.class, () -> BeirDataset.load(d, split));
    if (subject != null) {
      assertEquals(d.resolve(subject).toString(), e.subject());
    }
    if (problem != null) {
      assertEquals(problem, e.problem());
    }
  }
}
