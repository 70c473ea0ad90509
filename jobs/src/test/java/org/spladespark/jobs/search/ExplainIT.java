package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.explain.ExplainCommand;
import org.spladespark.jobs.explain.ExplainJob;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.ScoreExplanation;
import org.spladespark.vector.SparseVector;

/** Explanations of search hits: their contributions add up to the search score bit for bit. */
class ExplainIT extends OnStandardIndex {
  @Test
  void explainedHitsCarryTheSearchScoreBitForBit() {
    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      int explained = 0;
      for (int q : new int[] {0, 5, 29}) {
        String text = index.queryTexts.get(q);
        List<SpladeIndex.ExplainedHit> hits = si.searchExplained(text, 10);
        assertEquals(
            si.search(text, 10), hits.stream().map(SpladeIndex.ExplainedHit::hit).toList());
        for (SpladeIndex.ExplainedHit h : hits) {
          ScoreExplanation e = h.explanation();
          assertEquals(Float.floatToIntBits(h.hit().score()), Float.floatToIntBits(e.score()));
          float ascending = 0f;
          for (ScoreExplanation.Term t :
              e.terms().stream()
                  .sorted((a, b) -> Integer.compare(a.tokenId(), b.tokenId()))
                  .toList()) {
            assertEquals(t.queryWeight() * t.docWeight(), t.contribution(), 0f);
            ascending += t.contribution();
          }
          assertEquals(Float.floatToIntBits(e.score()), Float.floatToIntBits(ascending));
          for (int i = 1; i < e.terms().size(); i++) {
            assertTrue(e.terms().get(i - 1).contribution() >= e.terms().get(i).contribution());
          }
          explained += e.terms().isEmpty() ? 0 : 1;
        }
      }
      assertTrue(explained >= 20, "hits explained: " + explained);
    }
  }

  @Test
  void explainCommandRendersTheContributionsOfOneDocument() {
    String text = index.queryTexts.get(5);
    String doc;
    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      doc = si.search(text, 1).get(0).docId();
    }
    ExplainJob.Result r =
        ExplainJob.run(
            spark,
            Commands.parse(
                new ExplainCommand(),
                "--index",
                index.dir,
                "--model",
                Fixtures.tinyModel().toString(),
                "--query",
                text,
                "--doc-id",
                doc,
                "--top",
                "3"));
    SparseVector q;
    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      q = si.encode(text);
    }
    float expected = q.dot(index.docs.get(doc));
    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(r.explanation().score()));
    String out = r.render();
    assertTrue(out.contains("score " + Float.toString(expected)), out);
    ScoreExplanation.Term top = r.explanation().terms().get(0);
    assertTrue(out.contains(index.model.vocabulary().token(top.tokenId())), out);
    assertEquals(3 + 3 + (r.explanation().terms().size() > 3 ? 1 : 0), out.split("\n").length, out);
  }

  @Test
  void anUnknownDocumentIsAnError() {
    try (SpladeIndex si = SpladeIndex.open(spark, index.dir, Fixtures.tinyModel().toString())) {
      SpladeException e =
          assertThrows(SpladeException.class, () -> si.explain("fever", "no-such-doc"));
      assertTrue(e.getMessage().contains("no-such-doc"), e.getMessage());
      ScoreExplanation none = si.explain("", "r001");
      assertTrue(none.terms().isEmpty());
      assertEquals(0f, none.score());
    }
  }
}
