package org.spladespark.jobs.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.Commands;

class ExportLinesTest {
  private static ExportOptions parse(String... args) {
    return Commands.parse(new ExportCommand(), args);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] VOCAB = {
    "[PAD]", "u.s", "##ing", "100%", "%2E", "caf\u00e9", "\u732b"
  };

  @Test
  void featureNamesEscapeDotsAndPercentInjectively() {
    assertEquals("u%2Es", FeatureNames.escape("u.s"));
    assertEquals("100%25", FeatureNames.escape("100%"));
    assertEquals("%252E", FeatureNames.escape("%2E"));
    assertEquals("##ing", FeatureNames.escape("##ing"));
    for (String t : VOCAB) {
      assertEquals(t, FeatureNames.unescape(FeatureNames.escape(t)));
    }
    assertTrue(new ExportLines(ExportFormat.OPENSEARCH, 0, VOCAB).duplicateNames().isEmpty());
  }

  @Test
  void floatWeightsAreShortestAndReadBackExactly() throws Exception {
    Random r = new Random(7);
    ExportLines lines = new ExportLines(ExportFormat.ANSERINI, 0, VOCAB);
    for (int i = 0; i < 20_000; i++) {
      float w = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt() & 0x7fffffff) : r.nextFloat() * 4;
      if (!Float.isFinite(w) || w == 0f) {
        continue;
      }
      String line = lines.document("d", null, new int[] {2}, new float[] {w});
      // The number as written (a JSON tree would re-read it as a double).
      String text = line.substring(line.indexOf("\"##ing\":") + 8, line.length() - 2);
      assertEquals(w, Float.parseFloat(text), line);
      assertEquals(w, (float) Double.parseDouble(text), line);
      // shortest: one digit fewer would not read back (checked on plain decimals)
      assertTrue(text.length() <= Float.toString(w).length(), text + " vs " + w);
    }
    assertEquals(
        "{\"id\":\"d1\",\"contents\":\"\",\"vector\":{\"u.s\":0.1,\"##ing\":2.5}}",
        lines.document("d1", null, new int[] {1, 2}, new float[] {0.1f, 2.5f}));
  }

  @Test
  void quantizedWeightsAreRoundedAndZerosLeftOut() throws Exception {
    ExportLines lines = new ExportLines(ExportFormat.ANSERINI, 100, VOCAB);
    JsonNode v =
        JSON.readTree(
                lines.document(
                    "d", "t", new int[] {1, 2, 3}, new float[] {0.004f, 1.235f, 0.3149f}))
            .get("vector");
    assertEquals(2, v.size());
    assertEquals(124, v.get("##ing").intValue());
    assertEquals(31, v.get("100%").intValue());
    assertEquals(124, ExportLines.quantize(1.235f, 100));
    assertEquals(0, ExportLines.quantize(0.004f, 100));
  }

  @Test
  void bulkLinesAndMappings() throws Exception {
    ExportLines os = new ExportLines(ExportFormat.OPENSEARCH, 0, VOCAB);
    String[] two =
        os.document("d\"1", "a \"text\"", new int[] {1, 6}, new float[] {1f, 0.5f}).split("\n");
    assertEquals(2, two.length);
    assertEquals("d\"1", JSON.readTree(two[0]).get("index").get("_id").asText());
    JsonNode src = JSON.readTree(two[1]);
    assertEquals(1.0, src.get("splade_vector").get("u%2Es").doubleValue());
    assertEquals(0.5, src.get("splade_vector").get("\u732b").doubleValue());
    assertEquals("a \"text\"", src.get("text").asText());
    assertEquals(
        "rank_features",
        JSON.readTree(ExportLines.mapping(ExportFormat.OPENSEARCH, false))
            .at("/mappings/properties/splade_vector/type")
            .asText());
    JsonNode es = JSON.readTree(ExportLines.mapping(ExportFormat.ELASTICSEARCH, true));
    assertEquals("sparse_vector", es.at("/mappings/properties/splade_vector/type").asText());
    assertEquals("text", es.at("/mappings/properties/text/type").asText());
    assertEquals(null, ExportLines.mapping(ExportFormat.ANSERINI, true));
    assertThrows(
        SpladeException.class, () -> os.document("d", null, new int[] {99}, new float[] {1f}));
  }

  @Test
  void queriesInEachEnginesShapeWithPositiveWeightsOnly() throws Exception {
    int[] ids = {1, 2, 6};
    float[] ws = {0.5f, -1f, 2f};
    JsonNode a =
        JSON.readTree(new ExportLines(ExportFormat.ANSERINI, 100, VOCAB).query("q1", ids, ws));
    assertEquals("q1", a.get("qid").asText());
    assertEquals(2, a.get("vector").size());
    assertEquals(50, a.get("vector").get("u.s").intValue());
    assertEquals(200, a.get("vector").get("\u732b").intValue());
    JsonNode os =
        JSON.readTree(new ExportLines(ExportFormat.OPENSEARCH, 0, VOCAB).query("q1", ids, ws));
    JsonNode tokens = os.at("/body/query/neural_sparse/splade_vector/query_tokens");
    assertEquals(2, tokens.size());
    assertEquals(0.5, tokens.get("u%2Es").doubleValue());
    JsonNode es =
        JSON.readTree(new ExportLines(ExportFormat.ELASTICSEARCH, 0, VOCAB).query("q1", ids, ws));
    assertEquals("splade_vector", es.at("/body/query/sparse_vector/field").asText());
    assertEquals(2.0, es.at("/body/query/sparse_vector/query_vector").get("\u732b").doubleValue());
    assertEquals("q1", es.get("id").asText());
  }

  @Test
  void optionsAreValidated() {
    assertThrows(
        SpladeException.class,
        () -> parse("--index", "i", "--format", "anserini", "--out", "o", "--include-text"));
    assertThrows(
        SpladeException.class, () -> parse("--index", "i", "--format", "lucene", "--out", "o"));
    assertThrows(
        SpladeException.class,
        () -> parse("--index", "i", "--format", "anserini", "--out", "o", "--quantize", "-1"));
    assertThrows(
        SpladeException.class,
        () -> parse("--index", "i", "--format", "anserini", "--out", "o", "--queries", "q.jsonl"));
    ExportOptions o = parse("--index", "i", "--format", "elasticsearch", "--out", "o", "--gzip");
    assertEquals(ExportFormat.ELASTICSEARCH, o.format());
    assertTrue(o.gzip());
    assertEquals(0, o.quantize());
  }
}
