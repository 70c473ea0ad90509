package org.spladespark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.testing.Fixtures;
import picocli.CommandLine;

/** {@code splade encode-texts} on the reference texts reproduces sentence-transformers. */
class EncodeTextsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void queriesRoundTripExactly() throws IOException {
    JsonNode queries = Fixtures.reference().get("queries");
    List<JsonNode> out = run(queries, "query");
    assertEquals(queries.size(), out.size());
    for (int i = 0; i < queries.size(); i++) {
      JsonNode exp = queries.get(i);
      JsonNode got = out.get(i);
      assertEquals(exp.get("id").asText(), got.get("id").asText(), "order kept");
      assertArrayEquals(Fixtures.ints(exp.get("indices")), Fixtures.ints(got.get("indices")));
      assertArrayEquals(Fixtures.floats(exp.get("values")), Fixtures.floats(got.get("values")));
    }
  }

  @Test
  void documentsRoundTripWithinTolerance() throws IOException {
    JsonNode docs = Fixtures.reference().get("documents");
    assertVectorsClose(docs, run(docs, "document"));
  }

  @Test
  void maxActiveDimsMatchesReferencePruning() throws IOException {
    JsonNode pruned = Fixtures.reference().get("documents_max_active_dims_32");
    List<JsonNode> texts = new ArrayList<>();
    for (int i = 0; i < pruned.size(); i++) {
      texts.add(Fixtures.reference().get("documents").get(i));
      assertEquals(texts.get(i).get("id"), pruned.get(i).get("id"));
    }
    List<JsonNode> out = run(JSON.valueToTree(texts), "document", "--max-active-dims", "32");
    assertVectorsClose(pruned, out);
    for (JsonNode v : out) {
      assertTrue(v.get("indices").size() <= 32);
    }
  }

  @Test
  void invalidJsonLineIsNamed() throws IOException {
    Path in = tmp.resolve("bad.jsonl");
    Files.writeString(in, "{\"id\": \"a\", \"text\": \"ok\"}\n{not json\n");
    StringWriter err = new StringWriter();
    CommandLine cl = SpladeCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int rc =
        cl.execute(
            "encode-texts",
            "--model",
            Fixtures.tinyModel().toString(),
            "--mode",
            "query",
            "--input",
            in.toString(),
            "--output",
            tmp.resolve("o.jsonl").toString());
    assertEquals(2, rc);
    assertTrue(err.toString().contains("bad.jsonl line 2"), err.toString());
    assertTrue(err.toString().contains("not valid JSON"), err.toString());
  }

  private static void assertVectorsClose(JsonNode expected, List<JsonNode> got) {
    assertEquals(expected.size(), got.size());
    double maxDiff = 0;
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode g = got.get(i);
      assertEquals(e.get("id").asText(), g.get("id").asText(), "order kept");
      assertArrayEquals(
          Fixtures.ints(e.get("indices")), Fixtures.ints(g.get("indices")), "non-zeros of " + i);
      float[] ev = Fixtures.floats(e.get("values"));
      float[] gv = Fixtures.floats(g.get("values"));
      for (int k = 0; k < ev.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(ev[k] - gv[k]));
      }
    }
    assertTrue(maxDiff <= 1e-5, "max |diff| " + maxDiff);
  }

  private List<JsonNode> run(JsonNode items, String mode, String... extra) throws IOException {
    Path in = tmp.resolve(mode + "-in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (JsonNode it : items) {
      sb.append(
              JSON.writeValueAsString(
                  JSON.createObjectNode()
                      .put("id", it.get("id").asText())
                      .put("text", it.get("text").asText())))
          .append('\n');
    }
    Files.writeString(in, sb, StandardCharsets.UTF_8);
    Path out = tmp.resolve(mode + "-out.jsonl");
    List<String> args =
        new ArrayList<>(
            List.of(
                "encode-texts",
                "--model",
                Fixtures.tinyModel().toString(),
                "--mode",
                mode,
                "--input",
                in.toString(),
                "--output",
                out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, SpladeCli.commandLine().execute(args.toArray(String[]::new)));
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }
}
