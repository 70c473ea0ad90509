package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.Fixtures;

/**
 * {@code splade bench search} on the standard test index with the oracle's queries: it runs the
 * three engines, and what it reports is what they did (the in-memory batch's hits equal the Spark
 * search's, Lucene finds nearly the same top k).
 */
class SearchBenchIT extends OnStandardIndex {
  @Test
  void benchSearchComparesSparkInMemoryAndLuceneOnTheSameVectors() throws Exception {
    Path out = SparkTestSession.newDir("bench-search");
    // JSON lines: some of the oracle's queries hold tabs and line breaks.
    Path queries = out.resolve("queries.jsonl");
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < index.queryIds.size(); i++) {
      sb.append(
              mapper.writeValueAsString(
                  Map.of("_id", index.queryIds.get(i), "text", index.queryTexts.get(i))))
          .append('\n');
    }
    Files.writeString(queries, sb.toString());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      rc =
          SpladeCli.commandLine()
              .execute(
                  "bench",
                  "search",
                  "--index",
                  index.dir,
                  "--queries",
                  queries.toString(),
                  "--model",
                  Fixtures.tinyModel().toString(),
                  "--k",
                  "10,100",
                  "--out",
                  out.toString());
    } finally {
      System.setOut(saved);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, printed);
    assertTrue(printed.contains("hits equal to Spark's"), printed);

    JsonNode json = mapper.readTree(out.resolve("bench-search.json").toFile());
    assertEquals(index.docs.size(), json.get("documents").asInt());
    assertEquals(index.queryIds.size(), json.get("queries").asInt());
    assertEquals(2, json.get("figures").size());
    for (JsonNode f : json.get("figures")) {
      assertTrue(f.get("in_memory_hits_equal_spark").asBoolean(), f.toString());
      // Lucene's impacts keep 9 bits of each weight: near-ties at the k-th hit may swap.
      assertTrue(f.get("mean_overlap").asDouble() > 0.9, f.toString());
      for (String qps : new String[] {"lucene_qps", "splade_qps", "in_memory_qps"}) {
        assertTrue(f.get(qps).asDouble() > 0, qps + " " + f);
      }
    }
    JsonNode one = json.get("one_query");
    assertTrue(one.get("in_memory").asBoolean(), one.toString());
    assertTrue(one.get("queries").asInt() > 0, one.toString());
    assertTrue(one.get("p50_ms").asDouble() <= one.get("max_ms").asDouble(), one.toString());
    assertTrue(Files.isDirectory(out.resolve("lucene-index")));
  }
}
