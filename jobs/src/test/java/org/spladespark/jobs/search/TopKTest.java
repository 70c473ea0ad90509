package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
  /** The doc ids of {@code hits} in {@link Hit#RANKING} order. */
  private static List<String> ranked(Hit... hits) {
    List<Hit> sorted = new ArrayList<>(List.of(hits));
    sorted.sort(Hit.RANKING);
    return sorted.stream().map(Hit::docId).toList();
  }

  @Test
  void ordersByScoreDescThenDocIdAsc() {
    assertEquals(
        List.of("z", "a", "a0", "b", "c"),
        ranked(
            new Hit("b", 1f),
            new Hit("a", 1f),
            new Hit("z", 2f),
            new Hit("c", 0.5f),
            new Hit("a0", 1f)));
  }

  @Test
  void docIdsCompareByCodePointLikeSparkNotByUtf16() {
    String bmpHigh = "\uFF61"; // U+FF61, UTF-8 EF BD A1
    String emoji = "\uD83D\uDE00"; // U+1F600, UTF-8 F0 9F 98 80
    assertTrue(emoji.compareTo(bmpHigh) < 0, "UTF-16 order puts the surrogate first");
    assertEquals(List.of(bmpHigh, emoji), ranked(new Hit(emoji, 1f), new Hit(bmpHigh, 1f)));
    assertTrue(Hit.compareIds("ab", "abc") < 0);
    assertEquals(0, Hit.compareIds("x" + emoji, "x" + emoji));
  }

  @Test
  void docIdOrderIsUtf8ByteOrderOnRandomStrings() {
    // Units where UTF-16 and code point order part: ASCII, U+E000..U+FFFF, paired and lone
    // surrogates. Lone surrogates have no UTF-8 form: they compare as their code unit's value.
    char[] units = {'a', 'b', '\u00e9', '\ud7ff', '\ue000', '\uff61', '\uffff', '\ud83d', '\ude00'};
    Random r = new Random(11);
    for (int t = 0; t < 100_000; t++) {
      String a = randomId(r, units);
      String b = r.nextInt(4) == 0 ? a + randomId(r, units) : randomId(r, units);
      int expected = Integer.signum(byCodePoints(a, b));
      if (wellFormed(a) && wellFormed(b)) {
        assertEquals(expected, Integer.signum(utf8Order(a, b)), "reference vs UTF-8 bytes");
      }
      assertEquals(expected, Integer.signum(Hit.compareIds(a, b)), a + " vs " + b);
      assertEquals(-expected, Integer.signum(Hit.compareIds(b, a)), b + " vs " + a);
    }
  }

  private static String randomId(Random r, char[] units) {
    StringBuilder s = new StringBuilder();
    for (int i = r.nextInt(5); i > 0; i--) {
      s.append(units[r.nextInt(units.length)]);
    }
    return s.toString();
  }

  private static boolean wellFormed(String s) {
    return s.codePoints()
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  private static int utf8Order(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The reference order: the strings' code point sequences, compared lexicographically. */
  private static int byCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  @Test
  void zeroesAreEqualAndNanRanksFirstAsInSpark() {
    assertEquals(
        List.of("c", "d", "a", "b"),
        ranked(
            new Hit("b", 0.0f),
            new Hit("a", -0.0f),
            new Hit("c", Float.NaN),
            new Hit("d", Float.POSITIVE_INFINITY)));
  }

  @Test
  void keepsTheBestKWhateverTheOfferOrder() {
    List<Hit> all = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      // Few distinct scores: many ties, also across the cut-off.
      all.add(new Hit("d" + i, r.nextInt(6) * 0.25f));
    }
    List<Hit> expected = new ArrayList<>(all);
    expected.sort(Hit.RANKING);
    for (int k : new int[] {1, 7, 50, 199, 200, 500}) {
      for (int round = 0; round < 5; round++) {
        Collections.shuffle(all, r);
        TopK top = new TopK(k);
        all.forEach(h -> top.offer(h.docId(), h.score()));
        assertEquals(expected.subList(0, Math.min(k, all.size())), top.sorted(), "k=" + k);
      }
    }
  }

  @Test
  void keepsTheBestKBeyondItsFirstCapacityWithNanAndSignedZeros() {
    // k above the 1,024 slots a TopK starts with: the heap grows while it fills.
    float[] scores = {Float.NaN, 1f, 0f, -0f, -1f, Float.NEGATIVE_INFINITY, 0.5f};
    Random r = new Random(13);
    List<Hit> all = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      all.add(new Hit("d" + r.nextInt(1_000_000) + "-" + i, scores[r.nextInt(scores.length)]));
    }
    List<Hit> expected = new ArrayList<>(all);
    expected.sort(Hit.RANKING);
    for (int k : new int[] {1_024, 1_025, 1_500, 3_000, 4_999, 5_000, 20_000}) {
      TopK top = new TopK(k);
      all.forEach(h -> top.offer(h.docId(), h.score()));
      assertEquals(Math.min(k, all.size()), top.size(), "k=" + k);
      assertEquals(expected.subList(0, Math.min(k, all.size())), top.sorted(), "k=" + k);
    }
  }

  @Test
  void acceptsOnlyWhatWouldBeKept() {
    TopK top = new TopK(2);
    top.offer("b", 1f);
    top.offer("c", 1f);
    assertTrue(top.accepts(1f, "a"));
    assertTrue(top.accepts(2f, "z"));
    assertTrue(!top.accepts(1f, "d"));
    assertTrue(!top.accepts(0.5f, "a"));
    top.offer("a", 1f);
    assertEquals(List.of(new Hit("a", 1f), new Hit("b", 1f)), top.sorted());
  }

  @Test
  void kMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopK(0));
    assertEquals("k must be at least 1, got 0", e.getMessage());
  }
}
