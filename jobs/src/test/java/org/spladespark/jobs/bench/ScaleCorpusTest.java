package org.spladespark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.model.Vocabulary;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;

/** The scale-benchmark corpus generator: deterministic, passages of the stated length, Zipfian. */
class ScaleCorpusTest {
  private static final Path SOURCE = Fixtures.sampleDocs();
  private static final Path TOKENIZER =
      Fixtures.tinyModel().resolve("document_0_MLMTransformer/tokenizer.json");
  private static Vocabulary vocabulary;

  @BeforeAll
  static void vocabulary() {
    vocabulary = Vocabulary.read(TOKENIZER);
  }

  @Test
  void sameSeedGivesTheSameBytesAndSmallerCorporaArePrefixes(@TempDir Path dir) throws Exception {
    ScaleCorpus a = ScaleCorpus.fromSource(SOURCE, vocabulary, 7L);
    ScaleCorpus b = ScaleCorpus.fromSource(SOURCE, vocabulary, 7L);
    a.writeDocuments(dir.resolve("a.jsonl"), 300);
    b.writeDocuments(dir.resolve("b.jsonl"), 300);
    b.writeDocuments(dir.resolve("b100.jsonl"), 100);
    ScaleCorpus.fromSource(SOURCE, vocabulary, 8L).writeDocuments(dir.resolve("c.jsonl"), 300);
    byte[] bytesA = Files.readAllBytes(dir.resolve("a.jsonl"));
    assertArrayEquals(bytesA, Files.readAllBytes(dir.resolve("b.jsonl")));
    assertFalse(Arrays.equals(bytesA, Files.readAllBytes(dir.resolve("c.jsonl"))));
    List<String> lines = Files.readAllLines(dir.resolve("a.jsonl"));
    assertEquals(300, lines.size());
    assertEquals(lines.subList(0, 100), Files.readAllLines(dir.resolve("b100.jsonl")));
    assertTrue(lines.get(0).startsWith("{\"_id\":\"d000000000\",\"text\":\""), lines.get(0));
    assertNotEquals(a.passage(0), a.passage(1));
    assertEquals(a.query(5), b.query(5));
  }

  @Test
  void passagesHave64To128WordpiecesAndQueries5To20Words() {
    ScaleCorpus corpus = ScaleCorpus.fromSource(SOURCE, vocabulary, 1L);
    List<String> passages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      passages.add(corpus.passage(i));
      int words = corpus.query(i).split(" ").length;
      assertTrue(words >= 5 && words <= 20, "query " + i + " has " + words + " words");
    }
    int[] lengths;
    try (TextTokenizer t = TextTokenizer.forCounting(TOKENIZER)) {
      lengths = t.lengths(passages);
    }
    IntSummary s = IntSummary.of(lengths);
    // Words are drawn within 48..96; wordpieces per word vary with punctuation and rare words.
    assertTrue(s.min >= 52 && s.max <= 150, "wordpieces " + s);
    assertTrue(s.mean >= 80 && s.mean <= 110, "mean wordpieces " + s);
  }

  @Test
  void wordFrequenciesFollowZipf() {
    ScaleCorpus corpus = ScaleCorpus.fromSource(SOURCE, vocabulary, 3L);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      for (String w : corpus.passage(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) {
          counts.merge(w, 1, Integer::sum);
        }
      }
    }
    int[] freq = counts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    // Least-squares slope of log(frequency) against log(rank) over ranks 1..1000.
    int n = 1000;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int r = 1; r <= n; r++) {
      double x = Math.log(r);
      double y = Math.log(freq[freq.length - r]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    assertTrue(slope > -1.3 && slope < -0.7, "rank-frequency slope " + slope);
    assertTrue(counts.size() > 10_000, "distinct words " + counts.size());
  }

  private record IntSummary(int min, int max, double mean) {
    static IntSummary of(int[] xs) {
      return new IntSummary(
          Arrays.stream(xs).min().orElse(0),
          Arrays.stream(xs).max().orElse(0),
          Arrays.stream(xs).average().orElse(0));
    }
  }
}
