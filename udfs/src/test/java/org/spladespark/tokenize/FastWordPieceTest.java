package org.spladespark.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * Differential test of the pure-Java query tokenizer against DJL's Hugging Face tokenizer (the
 * reference): identical ids on the oracle's queries, SciFact's 300 queries, every vetted char in
 * context, and 100,000 generated strings; identical query vectors.
 */
class FastWordPieceTest {
  private static ModelBundle model;
  private static TextTokenizer fast;
  private static TextTokenizer djl;

  @BeforeAll
  static void load() {
    model = ModelBundle.load(Fixtures.tinyModel());
    fast = TextTokenizer.forQueries(model.queryTokenizer(), model.maxSeqLength());
    djl =
        TextTokenizer.forQueries(
            model.queryTokenizer(), model.maxSeqLength(), TextTokenizer.Engine.DJL);
  }

  @AfterAll
  static void close() {
    fast.close();
    djl.close();
  }

  @Test
  void oracleModelTakesTheFastPath() {
    assertTrue(fast.hasFastPath());
    assertTrue(!djl.hasFastPath());
  }

  @Test
  void oracleQueriesHaveTheReferenceIdsAndVectors() {
    List<String> texts = new ArrayList<>();
    try (QueryEncoder enc = QueryEncoder.create(model)) {
      for (JsonNode q : Fixtures.reference().get("queries")) {
        String text = q.get("text").asText();
        texts.add(text);
        long[] expected = Arrays.stream(Fixtures.ints(q.get("token_ids"))).asLongStream().toArray();
        assertArrayEquals(expected, fast.ids(text), "ids of query " + q.get("id"));
        SparseVector v = enc.encode(text);
        assertArrayEquals(Fixtures.ints(q.get("indices")), v.indices(), "query " + q.get("id"));
        assertArrayEquals(Fixtures.floats(q.get("values")), v.values(), "query " + q.get("id"));
      }
    }
    assertEquals(53, texts.size());
    assertSame(texts, 0.9);
  }

  @Test
  void sciFactQueriesHaveDjlIdsAndVectors() throws IOException {
    Path queries =
        Fixtures.root()
            .toAbsolutePath()
            .normalize()
            .getParent()
            .resolveSibling("shared")
            .resolve("data/scifact/queries.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(queries)) {
      if (!line.isBlank()) {
        texts.add(json.readTree(line).get("text").asText());
      }
    }
    assertEquals(300, texts.size());
    assertSame(texts, 0.9);
    try (QueryEncoder javaEnc = QueryEncoder.create(model);
        QueryEncoder djlEnc = QueryEncoder.create(model, TextTokenizer.Engine.DJL)) {
      for (String t : texts) {
        SparseVector a = javaEnc.encode(t);
        SparseVector b = djlEnc.encode(t);
        assertArrayEquals(b.indices(), a.indices(), t);
        assertArrayEquals(b.values(), a.values(), t);
      }
    }
  }

  @Test
  void everyVettedCharMatchesDjlInContext() {
    List<String> texts = new ArrayList<>();
    for (int c = 0; c < 0x10000; c++) {
      if (BertChars.kind((char) c) != BertChars.FALLBACK) {
        String s = String.valueOf((char) c);
        texts.add(s + "a" + s + " " + s + "x" + s + s + "." + s + "éb" + s);
      }
    }
    assertTrue(texts.size() > 28_000, "vetted chars: " + texts.size());
    assertSame(texts, 0.99);
  }

  @Test
  void hundredThousandGeneratedStringsMatchDjl() {
    SplittableRandom rnd = new SplittableRandom(20_260_412L);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      texts.add(Generated.text(rnd, i));
    }
    assertSame(texts, 0.4);
  }

  @Test
  void fallsBackToDjlOnAddedTokensUnvettedCharsAndTruncation() {
    FastWordPiece wp = FastWordPiece.of(model.queryTokenizer());
    String[] fallbacks = {
      "what is [MASK] here", "emoji \uD83D\uDE00", "greek \u0378 unassigned", "ogham\u1680space"
    };
    for (String t : fallbacks) {
      assertNull(wp.ids(t, 512), t);
      assertTrue(!fast.fastPathCovers(t), t);
      assertArrayEquals(djl.ids(t), fast.ids(t), t);
    }
    assertNull(wp.ids("a b c", 2));
    String longText = "protein ".repeat(600);
    assertTrue(!fast.fastPathCovers(longText));
    assertEquals(512, fast.ids(longText).length);
    assertArrayEquals(djl.ids(longText), fast.ids(longText));
    assertArrayEquals(djl.ids("[mask] a b c"), wp.ids("[mask] a b c", 512));
    assertArrayEquals(djl.ids(List.of("a", "[MASK]")), fast.ids(List.of("a", "[MASK]")));
  }

  /**
   * Asserts fast == DJL on every text (DJL batched), and that the fast path answered at least
   * {@code minCovered} of them (so the comparison is not vacuous).
   */
  private static void assertSame(List<String> texts, double minCovered) {
    int covered = 0;
    List<String> diffs = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += 2000) {
      List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 2000));
      long[][] expected = djl.ids(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        String t = chunk.get(i);
        if (!fast.fastPathCovers(t)) {
          continue; // fast.ids(t) is DJL's answer (fallsBackToDjl checks the wiring)
        }
        covered++;
        long[] actual = fast.ids(t);
        if (!Arrays.equals(expected[i], actual) && diffs.size() < 20) {
          diffs.add(
              Generated.escape(t)
                  + "\n  djl  "
                  + Arrays.toString(expected[i])
                  + "\n  fast "
                  + Arrays.toString(actual));
        }
      }
    }
    if (!diffs.isEmpty()) {
      fail("fast path differs from DJL:\n" + String.join("\n", diffs));
    }
    assertTrue(
        covered >= minCovered * texts.size(),
        "fast path answered only " + covered + " of " + texts.size());
  }
}
