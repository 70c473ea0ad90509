package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.QueryReader.QueryText;

class QueryReaderTest {
  @TempDir Path dir;

  private List<QueryText> read(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return QueryReader.readFile(new Configuration(), QuerySource.file(f.toString()));
  }

  private String failure(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return assertThrows(
            SpladeException.class,
            () -> QueryReader.readFile(new Configuration(), QuerySource.file(f.toString())))
        .getMessage()
        .replace(f.toString(), name);
  }

  @Test
  void beirJsonLines() throws IOException {
    assertEquals(
        List.of(new QueryText("1", "what is fever"), new QueryText("7", "x\ty")),
        read(
            "queries.jsonl",
            "{\"_id\": \"1\", \"text\": \"what is fever\", \"metadata\": {}}\n\n"
                + "{\"id\": 7, \"text\": \"x\\ty\"}\n"));
  }

  @Test
  void tsvLines() throws IOException {
    assertEquals(
        List.of(new QueryText("q1", "a b"), new QueryText("q2", "c\td")),
        read("q.tsv", "q1\ta b\r\nq2\tc\td\n"));
  }

  @Test
  void gzippedJsonLines() throws IOException {
    Path f = dir.resolve("q.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("{\"_id\":\"a\",\"text\":\"t\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(
        List.of(new QueryText("a", "t")),
        QueryReader.readFile(new Configuration(), QuerySource.file(f.toString())));
  }

  /** A queries file (name, content) and the message that refuses it, the file named by name. */
  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "q.jsonl",
            "{\"_id\":\"1\",\"text\":\"a\"}\n{\"_id\": 2,\n",
            "q.jsonl line 2: is not valid JSON (Unexpected end-of-input within/between Object"
                + " entries). Fix: write one JSON object per line"),
        Arguments.of(
            "q.jsonl",
            "{\"text\":\"a\"}\n",
            "q.jsonl line 1: has no query id (a non-empty string or integer _id, query_id or id)."
                + " Fix: give every query an id"),
        Arguments.of(
            "q.jsonl",
            "{\"_id\":\"5\",\"text\":null}\n",
            "q.jsonl line 1: query '5' has no string \"text\". Fix: give every query its text"),
        Arguments.of(
            "q.jsonl",
            "[1, 2]\n",
            "q.jsonl line 1: is not a JSON object. Fix: write one {\"_id\": ..., \"text\": ...}"
                + " object per line"),
        Arguments.of(
            "q.tsv",
            "a\tb\nno tab here\n",
            "q.tsv line 2: has no tab. Fix: write id<TAB>text on every line"),
        Arguments.of(
            "q.tsv",
            "\ttext\n",
            "q.tsv line 1: has an empty query id. Fix: write id<TAB>text on every line"),
        Arguments.of(
            "q.csv",
            "a,b\n",
            "q.csv: has no .jsonl, .json, .tsv or .txt extension to tell its format. Fix: rename it"
                + " or pass --queries-format jsonl|tsv"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refuses(String name, String content, String message) throws IOException {
    assertEquals(message, failure(name, content));
  }

  @Test
  void missingFile() {
    String f = dir.resolve("none.jsonl").toString();
    assertEquals(
        f + ": file not found. Fix: pass an existing queries file",
        assertThrows(
                SpladeException.class,
                () -> QueryReader.readFile(new Configuration(), QuerySource.file(f)))
            .getMessage());
  }
}
