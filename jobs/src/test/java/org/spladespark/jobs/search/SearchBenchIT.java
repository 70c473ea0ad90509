package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.Fixtures;

/**
 * {@code splade bench search} on the standard test index with the oracle's queries: it runs the
 * three engines, and what it reports is what they did (the in-memory batch's hits equal the Spark
 * search's, Lucene finds nearly the same top k).
 */
class SearchBenchIT extends OnStandardIndex {
  @Test
  void benchSearchComparesSparkSpladeIndexAndLuceneOnTheSameVectors() throws Exception {
    Path out = SparkTestSession.newDir("bench-search");
    Path queries = index.writeQueriesJsonl(out.resolve("queries.jsonl"));
    Printed<Integer> r =
        Printed.cli(
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
    assertEquals(0, r.metrics(), r.console());
    // Per k, the SpladeIndex batches on the driver and on the executors both match Spark's.
    assertEquals(4, r.console().split("hits equal to Spark's", -1).length - 1, r.console());
    assertFalse(r.console().contains("DIFFER FROM"), r.console());

    JsonNode json = new ObjectMapper().readTree(out.resolve("bench-search.json").toFile());
    assertEquals(index.docs.size(), json.get("documents").asInt());
    assertEquals(index.queryIds.size(), json.get("queries").asInt());
    assertEquals(2, json.get("figures").size());
    for (JsonNode f : json.get("figures")) {
      assertTrue(f.get("in_memory_hits_equal_spark").asBoolean(), f.toString());
      assertTrue(f.get("executors_hits_equal_spark").asBoolean(), f.toString());
      // Lucene's impacts keep 9 bits of each weight: near-ties at the k-th hit may swap.
      assertTrue(f.get("mean_overlap").asDouble() > 0.9, f.toString());
      for (String qps :
          new String[] {"lucene_qps", "splade_qps", "in_memory_qps", "executors_qps"}) {
        assertTrue(f.get(qps).asDouble() > 0, qps + " " + f);
        String key = qps.replace("_qps", "");
        JsonNode runs = f.get(key + "_seconds_runs");
        assertEquals(SearchBench.REPEATS, runs.size(), key + " " + f);
        // The figure is the median run: as many runs at or below it as at or above it.
        double median = f.get(key + "_seconds").asDouble();
        long below = 0;
        long above = 0;
        for (JsonNode run : runs) {
          below += run.asDouble() <= median ? 1 : 0;
          above += run.asDouble() >= median ? 1 : 0;
        }
        int half = (SearchBench.REPEATS + 1) / 2;
        assertTrue(below >= half && above >= half, key + " " + f);
      }
    }
    assertTrue(json.get("executors_open_seconds").asDouble() > 0, json.toString());
    JsonNode one = json.get("one_query");
    assertTrue(one.get("in_memory").asBoolean(), one.toString());
    assertTrue(one.get("queries").asInt() > 0, one.toString());
    assertTrue(one.get("p50_ms").asDouble() <= one.get("max_ms").asDouble(), one.toString());
    assertTrue(Files.isDirectory(out.resolve("lucene-index")));
  }
}
