package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void invalidJsonNamesTheLine(@TempDir Path tmp) throws IOException {
    Path d = write(tmp, "bad", "{\"_id\": \"d1\", \"text\": \"x\"}\n{oops\n", "", "");
    SpladeException e = assertThrows(SpladeException.class, () -> BeirDataset.load(d, "test"));
    assertEquals(d.resolve("corpus.jsonl") + " line 2", e.subject());
  }

  @Test
  void duplicateIdIsRejected(@TempDir Path tmp) throws IOException {
    Path d = write(tmp, "dup", "{\"_id\": \"d1\"}\n{\"_id\": \"d1\"}\n", "", "");
    SpladeException e = assertThrows(SpladeException.class, () -> BeirDataset.load(d, "test"));
    assertEquals("repeats id d1", e.problem());
  }

  @Test
  void badQrelsLineIsRejected(@TempDir Path tmp) throws IOException {
    Path d = write(tmp, "q", "", "", "query-id\tcorpus-id\tscore\nq1 d1 1\n");
    SpladeException e = assertThrows(SpladeException.class, () -> BeirDataset.load(d, "test"));
    assertEquals(d.resolve("qrels/test.tsv") + " line 2", e.subject());
  }

  @Test
  void missingSplitIsRejected(@TempDir Path tmp) throws IOException {
    Path d = write(tmp, "s", "", "", "");
    SpladeException e = assertThrows(SpladeException.class, () -> BeirDataset.load(d, "dev"));
    assertEquals(d.resolve("qrels/dev.tsv").toString(), e.subject());
    assertEquals("file not found", e.problem());
  }
}
