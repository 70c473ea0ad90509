package org.spladespark.jobs.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.eval.BeirDataset;
import org.spladespark.model.Vocabulary;

/**
 * A deterministic synthetic corpus for scale benchmarks, built from real text.
 *
 * <p>Each passage is a run of sentences. A sentence takes its shape (length, punctuation, the words
 * it keeps) from a sentence of the source collection drawn at random; each of its words is kept
 * with probability {@value #KEEP} and otherwise replaced by a word drawn from a Zipf–Mandelbrot law
 * {@code p(r) ∝ 1 / (r + }{@value #ZIPF_Q}{@code )^}{@value #ZIPF_S} over a lexicon ranked by
 * frequency: the source's words (most frequent first), then the extra words (the model's whole-word
 * vocabulary), so that the corpus uses tens of thousands of distinct words with a natural-language
 * frequency curve rather than the few hundred of a small source. A passage has {@value
 * #MIN_WORDS}–{@value #MAX_WORDS} words (about 64–128 wordpieces with a BERT vocabulary); a query
 * {@value #MIN_QUERY_WORDS}–{@value #MAX_QUERY_WORDS} words.
 *
 * <p>Determinism: document {@code i} and query {@code i} each come from their own random stream
 * seeded by (seed, kind, i), so the text of document {@code i} does not depend on how many
 * documents are generated, nor on their order: the corpus of N documents is the first N of the
 * corpus of M > N, and the same seed gives the same bytes.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class ScaleCorpus {
  static final int MIN_WORDS = 48;
  static final int MAX_WORDS = 96;
  static final int MIN_QUERY_WORDS = 5;
  static final int MAX_QUERY_WORDS = 20;
  static final double KEEP = 0.3;
  static final double ZIPF_S = 1.0;
  static final double ZIPF_Q = 2.7;

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final long DOC_STREAM = 0x5DEECE66DL;
  private static final long QUERY_STREAM = 0x2545F4914F6CDD1DL;

  /** Each source sentence as its words (with their trailing punctuation, if any). */
  private final List<String[]> sentences;

  private final String[] lexicon;
  private final double[] cdf;
  private final long seed;

  private ScaleCorpus(List<String[]> sentences, String[] lexicon, long seed) {
    this.sentences = sentences;
    this.lexicon = lexicon;
    this.seed = seed;
    this.cdf = new double[lexicon.length];
    double total = 0;
    for (int r = 0; r < lexicon.length; r++) {
      total += 1.0 / Math.pow(r + 1 + ZIPF_Q, ZIPF_S);
      cdf[r] = total;
    }
    for (int r = 0; r < cdf.length; r++) {
      cdf[r] /= total;
    }
  }

  /**
   * @param texts the source collection's texts (their sentences are the passages' templates)
   * @param extraWords lexicon words beyond the source's own, most useful first (e.g. the model's
   *     whole-word tokens); duplicates of source words are ignored
   * @param seed the random seed: the same seed, texts and words give the same corpus
   */
  public static ScaleCorpus of(Collection<String> texts, List<String> extraWords, long seed) {
    List<String[]> sentences = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    for (String text : texts) {
      for (String s : SENTENCE_END.split(text == null ? "" : text.strip())) {
        String[] words = s.strip().split("\\s+");
        if (words.length < 3) {
          continue;
        }
        sentences.add(words);
        for (String w : words) {
          Matcher m = WORD.matcher(w);
          if (m.find()) {
            counts.merge(m.group().toLowerCase(Locale.ROOT), 1, Integer::sum);
          }
        }
      }
    }
    if (sentences.isEmpty()) {
      throw SpladeException.of(
          "--source",
          "has no sentence of 3 words or more",
          "pass a JSONL corpus with English text (e.g. fixtures/sample/sample_docs.jsonl)");
    }
    Set<String> lexicon = new LinkedHashSet<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> lexicon.add(e.getKey()));
    lexicon.addAll(extraWords);
    return new ScaleCorpus(sentences, lexicon.toArray(String[]::new), seed);
  }

  /**
   * The generator of {@code source} (a BEIR folder or a JSONL file with {@code _id}, {@code title},
   * {@code text}) with the whole-word tokens of {@code vocabulary} as extra words.
   */
  public static ScaleCorpus fromSource(Path source, Vocabulary vocabulary, long seed) {
    return of(BeirDataset.readCorpus(source).values(), wholeWords(vocabulary), seed);
  }

  /**
   * The tokens of {@code vocabulary} that are lower-case words of 2 letters or more, in id order.
   */
  public static List<String> wholeWords(Vocabulary vocabulary) {
    List<String> words = new ArrayList<>();
    for (int id = 0; id < vocabulary.size(); id++) {
      String t = vocabulary.token(id);
      if (t.length() >= 2 && t.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
        words.add(t);
      }
    }
    return words;
  }

  public long seed() {
    return seed;
  }

  /** Distinct words the generator can draw. */
  public int lexiconSize() {
    return lexicon.length;
  }

  /** The text of document {@code i} ({@code i >= 0}). */
  public String passage(long i) {
    SplittableRandom rnd = stream(DOC_STREAM, i);
    return text(rnd, MIN_WORDS + rnd.nextInt(MAX_WORDS - MIN_WORDS + 1), true);
  }

  /** The text of query {@code i} ({@code i >= 0}). */
  public String query(long i) {
    SplittableRandom rnd = stream(QUERY_STREAM, i);
    return text(rnd, MIN_QUERY_WORDS + rnd.nextInt(MAX_QUERY_WORDS - MIN_QUERY_WORDS + 1), false);
  }

  /** The id of document {@code i}: {@code d} and 9 digits, so ids sort as their numbers. */
  public static String docId(long i) {
    return String.format(Locale.ROOT, "d%09d", i);
  }

  /** The id of query {@code i}. */
  public static String queryId(long i) {
    return String.format(Locale.ROOT, "q%07d", i);
  }

  /**
   * Writes documents 0..n-1 as JSON lines ({@code _id}, {@code text}), streaming: memory does not
   * grow with {@code n}.
   */
  public void writeDocuments(Path file, long n) {
    write(file, n, true);
  }

  /** Writes queries 0..n-1 as JSON lines ({@code _id}, {@code text}). */
  public void writeQueries(Path file, long n) {
    write(file, n, false);
  }

  private void write(Path file, long n, boolean documents) {
    JsonFactory json = new JsonFactory();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      for (long i = 0; i < n; i++) {
        g.writeStartObject();
        g.writeStringField("_id", documents ? docId(i) : queryId(i));
        g.writeStringField("text", documents ? passage(i) : query(i));
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private String text(SplittableRandom rnd, int words, boolean document) {
    StringBuilder sb = new StringBuilder(words * 8);
    int written = 0;
    while (written < words) {
      String[] template = sentences.get(rnd.nextInt(sentences.size()));
      for (int w = 0; w < template.length && written < words; w++, written++) {
        String word = template[w];
        if (rnd.nextDouble() >= KEEP) {
          Matcher m = WORD.matcher(word);
          String drawn = lexicon[draw(rnd)];
          word =
              m.find()
                  ? word.substring(0, m.start()) + drawn + word.substring(m.end())
                  : drawn + word;
        }
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(word);
      }
    }
    if (document) {
      char last = sb.charAt(sb.length() - 1);
      if (last != '.' && last != '!' && last != '?') {
        sb.append('.');
      }
    } else {
      while (!Character.isLetterOrDigit(sb.charAt(sb.length() - 1)) && sb.length() > 1) {
        sb.setLength(sb.length() - 1);
      }
    }
    return sb.toString();
  }

  private int draw(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private SplittableRandom stream(long kind, long i) {
    return new SplittableRandom(mix(mix(seed ^ kind) + i));
  }

  /** Stafford's mix13 (the finaliser of SplittableRandom): decorrelates neighbouring seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
