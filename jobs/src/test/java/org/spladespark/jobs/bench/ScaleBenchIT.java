package org.spladespark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.testing.Fixtures;

/**
 * {@code splade bench scale --docs 50,100 --queries 20} end to end on the tiny model, in the shared
 * session: every phase runs, and {@code scale.json} holds what the tables and jobs really did.
 */
class ScaleBenchIT {

  @Test
  void benchScaleRunsEveryPhaseAndReportsTheTables() throws Exception {
    Path out = SparkTestSession.newDir("bench-scale");
    Printed<Integer> r = benchScale(out);
    assertEquals(0, r.metrics(), r.console());
    assertTrue(r.console().contains("seed " + ScaleOptions.DEFAULT_SEED), r.console());
    assertTrue(r.console().contains("[100 docs] done: pipeline"), r.console());

    JsonNode json = new ObjectMapper().readTree(out.resolve("scale.json").toFile());
    assertEquals(ScaleOptions.DEFAULT_SEED, json.get("seed").asLong());
    assertEquals(20, json.get("queries").asInt());
    assertEquals(2, json.get("sizes").size());
    for (int i = 0; i < 2; i++) {
      JsonNode size = json.get("sizes").get(i);
      long n = List.of(50L, 100L).get(i);
      assertEquals(n, size.get("docs").asLong());
      for (String phase : ScaleBench.PHASES) {
        JsonNode p = size.get("phases").get(phase);
        assertTrue(p.get("seconds").asDouble() > 0, phase + " " + p);
        assertTrue(p.get("peak_driver_heap_bytes").asLong() > 0, phase + " " + p);
        assertTrue(p.has("tasks") && p.has("stages"), phase + " " + p);
      }
      assertTrue(size.get("phases").get("encode").get("tasks").asLong() >= 1, size.toString());
      JsonNode search = size.get("phases").get("search");
      assertEquals(20, search.get("queries").asInt());
      // Top 100 of at most n documents: every query gets min(n, 100) hits (zero scores pad).
      assertTrue(search.get("hits").asLong() <= 20 * Math.min(n, 100), search.toString());
      JsonNode tables = size.get("tables");
      assertEquals(n, tables.get("doc_vectors").get("rows").asLong());
      long postings = size.get("encode_job").get("postings").asLong();
      assertEquals(postings, tables.get("postings").get("rows").asLong());
      long tokens = tables.get("token_stats").get("rows").asLong();
      assertTrue(tokens > 0 && tokens <= 30522, "distinct tokens " + tokens);
      for (String t : List.of("doc_vectors", "postings", "token_stats")) {
        assertTrue(tables.get(t).get("bytes").asLong() > 0, t);
        assertTrue(tables.get(t).get("files").asLong() >= 1, t);
      }
      assertTrue(tables.size() > 3, "the stats tables are reported too: " + tables);
      // The generated corpus is gone (nothing of it is kept unless asked), the index is there.
      assertFalse(Files.exists(out.resolve("corpus-" + n + ".jsonl")));
      assertTrue(Files.isDirectory(out.resolve("n" + n).resolve("index/doc_vectors/_delta_log")));
    }
    assertEquals(2.0, json.get("growth").get(0).get("docs_ratio").asDouble());
    BufferedImage png = ImageIO.read(out.resolve("scale.png").toFile());
    assertEquals(800, png.getWidth());
  }

  @Test
  void aSizeThatFailsIsWrittenWithWhatItCompletedAndTheSizesBeforeItAreKept() throws Exception {
    Path out = SparkTestSession.newDir("bench-scale-fails");
    AtomicInteger postingsWrites = new AtomicInteger();
    FaultPoints.listen(
        point -> {
          if (point.equals(FaultPoints.beforeWrite(PostingsTable.TABLE))
              && postingsWrites.incrementAndGet() == 2) {
            throw new IllegalStateException("injected failure of the second size's index");
          }
        });
    Printed<Integer> r;
    try {
      r = benchScale(out);
    } finally {
      FaultPoints.listen(null);
    }
    assertEquals(SpladeCli.FAILED, r.metrics(), r.console());

    JsonNode json = new ObjectMapper().readTree(out.resolve("scale.json").toFile());
    assertEquals(1, json.get("sizes").size(), json.toString());
    assertEquals(50, json.get("sizes").get(0).get("docs").asLong());
    assertTrue(json.get("sizes").get(0).get("phases").has("verify"), json.toString());
    JsonNode failed = json.get("failed_size");
    assertEquals(100, failed.get("docs").asLong(), failed.toString());
    assertTrue(failed.get("corpus").get("bytes").asLong() > 0, failed.toString());
    assertEquals(0, failed.get("phases").size(), "the encode job failed: " + failed);
    assertTrue(failed.get("error").asText().contains("injected failure"), failed.toString());
    assertEquals(800, ImageIO.read(out.resolve("scale.png").toFile()).getWidth());
  }

  /** {@code splade bench scale --docs 50,100 --queries 20} on the tiny model into {@code out}. */
  private static Printed<Integer> benchScale(Path out) {
    SparkTestSession.get();
    return Printed.cli(
        "bench",
        "scale",
        "--docs",
        "50,100",
        "--queries",
        "20",
        "--model",
        Fixtures.tinyModel().toString(),
        "--source",
        Fixtures.sampleDocs().toString(),
        "--out",
        out.toString());
  }
}
