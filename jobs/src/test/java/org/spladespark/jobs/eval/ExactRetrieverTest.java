package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.jobs.search.Hit;
import org.spladespark.vector.SparseVector;

class ExactRetrieverTest {
  /** Texts are "id:weight id:weight …"; both encoders parse them. */
  static SparseVector parse(String text) {
    if (text.isBlank()) {
      return SparseVector.empty();
    }
    String[] parts = text.trim().split(" ");
    int[] ids = new int[parts.length];
    float[] ws = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String[] kv = parts[i].split(":");
      ids[i] = Integer.parseInt(kv[0]);
      ws[i] = Float.parseFloat(kv[1]);
    }
    return SparseVector.of(ids, ws);
  }

  static final ExactRetriever RETRIEVER =
      new ExactRetriever(
          ts -> ts.stream().map(ExactRetrieverTest::parse).toList(), ExactRetrieverTest::parse, 10);

  /** A dataset of {@code corpus} alone, not read from a folder. */
  static BeirDataset inMemory(Map<String, String> corpus) {
    return new BeirDataset("t", null, corpus, Map.of(), Map.of());
  }

  @Test
  void scoresEveryDocumentExactly() {
    Map<String, String> corpus = new LinkedHashMap<>();
    corpus.put("c", "1:1 2:2"); // q·c = 1·1 + 0.5·2 = 2
    corpus.put("b", "1:2"); // q·b = 2
    corpus.put("a", "3:1"); // no shared token: 0
    corpus.put("z", "2:1"); // 0.5
    RetrievalRun run = RETRIEVER.retrieve(inMemory(corpus), Map.of("q", "1:1 2:0.5"), 3);
    // ties (b, c at 2.0) by id; the zero-score doc "a" would be 4th and is cut at k = 3
    assertEquals(
        List.of(new Hit("b", 2f), new Hit("c", 2f), new Hit("z", 0.5f)), run.hits().get("q"));
    assertEquals(4, run.corpus().rows());
    assertEquals(5.0 / 4, run.corpus().activeDims(), 1e-12); // 2 + 1 + 1 + 1
    assertEquals(2.0, run.queries().activeDims(), 1e-12);
  }

  @Test
  void zeroScoresRankAboveNegativeOnes() {
    Map<String, String> corpus = new LinkedHashMap<>();
    corpus.put("neg", "1:1"); // q·neg = -1
    corpus.put("zero", "2:1"); // 0
    RetrievalRun run = RETRIEVER.retrieve(inMemory(corpus), Map.of("q", "1:-1"), 5);
    assertEquals(List.of(new Hit("zero", 0f), new Hit("neg", -1f)), run.hits().get("q"));
  }

  @Test
  void padAddsZeroScoreDocumentsByIdAfterThePositiveOnes() {
    List<Hit> padded =
        ExactRetriever.pad(
            List.of(new Hit("m", 1f), new Hit("n", -0.5f)), List.of("y", "m", "x", "n", "w"), 4);
    // m (1.0), then zero-score w, x, y by id; n (-0.5) falls off at k = 4
    assertEquals(
        List.of(new Hit("m", 1f), new Hit("w", 0f), new Hit("x", 0f), new Hit("y", 0f)), padded);
  }

  @Test
  void ranksIdsOutsideTheBmpAndNanScoresAsSearchDoes() {
    String bmpHigh = "\uFF61"; // U+FF61: before U+1F600 by code point, after it in UTF-16
    String emoji = "\uD83D\uDE00"; // U+1F600
    String[] ids = {emoji, bmpHigh, "a", "nan", "neg0", "pos0"};
    float[] scores = {1f, 1f, 1f, Float.NaN, -0.0f, 0.0f};
    List<Hit> expected =
        List.of(
            new Hit("nan", Float.NaN),
            new Hit("a", 1f),
            new Hit(bmpHigh, 1f),
            new Hit(emoji, 1f),
            new Hit("neg0", -0.0f),
            new Hit("pos0", 0.0f));
    assertEquals(expected, ExactRetriever.top(ids, scores, 6));
    assertEquals(expected.subList(0, 3), ExactRetriever.top(ids, scores, 3));
    // Padding picks the zero-score documents in the same id order.
    assertEquals(
        List.of(new Hit(bmpHigh, 0f)), ExactRetriever.pad(List.of(), List.of(emoji, bmpHigh), 1));
  }
}
