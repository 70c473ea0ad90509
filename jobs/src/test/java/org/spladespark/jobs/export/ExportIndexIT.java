package org.spladespark.jobs.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.testing.Fixtures.sampleDocs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusJob;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.search.IndexTables;
import org.spladespark.jobs.search.Plan;
import org.spladespark.jobs.search.QuerySource;
import org.spladespark.jobs.search.SearchJob;
import org.spladespark.jobs.search.SearchOptions;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * {@code splade export} of the bundled sample (encoded with the tiny model), checked by a real
 * engine and against the engines' documented file formats.
 *
 * <p>The Lucene check: the quantized Anserini export (N = 100, queries quantized the same way) is
 * indexed as Anserini indexes impacts ({@link LuceneImpactIndex}); for each query Lucene's top 10
 * must be the project's {@code search} top 10 up to quantization ties. Tolerance: replacing q and d
 * by round(q N)/N and round(d N)/N moves each product by at most {@code q/(2N) + d/(2N) + 1/(4N²)},
 * so a document's score moves by at most B(doc) = the sum of that over the shared tokens (plus
 * float32 noise). Every Lucene hit's score / N² must be within B of its exact float score, and a
 * document may replace another in the top 10 only when their exact scores differ by at most the sum
 * of their two bounds.
 *
 * <p>The tiny model has random weights, so the sample's own queries share no token with its
 * document vectors; the test adds probe queries made of documents' top whole-word tokens (as {@code
 * EvaluateJobIT} does) so that rankings are non-trivial.
 */
class ExportIndexIT {
  /** Decimals as written (BigDecimal), not re-read as doubles. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final String MODEL = Fixtures.tinyModel().toString();
  private static final int N = 100;

  private static SparkSession spark;
  private static Path index;
  private static Path probes;
  private static Map<String, SparseVector> docs;
  private static Vocabulary vocab;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkTestSession.get();
    index = SparkTestSession.newDir("export-index");
    EncodeCorpusJob.run(
        spark,
        EncodeCorpusOptions.builder()
            .input(
                new CorpusInput(sampleDocs().toString(), InputFormat.AUTO, "_id", "text", "title"))
            .encoder(EncoderFixtures.tinySpec())
            .tables(index.toString())
            .tuning(Tuning.DEFAULT.withProgressSeconds(0))
            .build(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    docs = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(index.resolve("doc_vectors").toString())
            .select("doc_id", "token_ids", "weights")
            .collectAsList()) {
      List<Integer> ids = r.getList(1);
      List<Float> ws = r.getList(2);
      int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
      float[] b = new float[ws.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = ws.get(i);
      }
      docs.put(r.getString(0), SparseVector.of(a, b));
    }
    vocab = ModelBundle.load(Fixtures.tinyModel()).vocabulary();
    probes = SparkTestSession.newDir("export-queries").resolve("queries.jsonl");
    Files.writeString(probes, probeQueries());
  }

  /**
   * The sample queries plus one probe per document: its top 4 whole-word tokens whose query weight
   * is positive (the tiny model's random IDF table has negative weights, which engines cannot take
   * as boosts and the export leaves out of queries).
   */
  private static String probeQueries() throws IOException {
    StringBuilder sb =
        new StringBuilder(Files.readString(Fixtures.root().resolve("sample/sample_queries.jsonl")));
    QueryEncoder enc = QueryEncoder.create(ModelBundle.load(Fixtures.tinyModel()));
    for (Map.Entry<String, SparseVector> d : docs.entrySet()) {
      List<String> words = new ArrayList<>();
      for (Map.Entry<String, Float> e : d.getValue().decode(vocab::token, 0)) {
        SparseVector q = enc.encode(e.getKey());
        if (e.getKey().matches("[a-z]{3,}")
            && words.size() < 4
            && q.size() == 1
            && q.value(0) > 0f) {
          words.add(e.getKey());
        }
      }
      if (!words.isEmpty()) {
        sb.append(
                JSON.writeValueAsString(
                    Map.of("_id", "p" + d.getKey(), "text", String.join(" ", words))))
            .append('\n');
      }
    }
    enc.close();
    return sb.toString();
  }

  private static ExportReport export(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ExportReport r =
        ExportIndexJob.run(
            spark,
            Commands.parse(new ExportCommand(), args),
            new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("export: "), "progress lines");
    return r;
  }

  private static List<String> lines(Path out, String file) throws IOException {
    try (InputStream in =
        file.endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(out.resolve(file)))
            : Files.newInputStream(out.resolve(file))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty()
          ? List.of()
          : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }
  }

  /** Every data line of an export, file by file. */
  private static List<String> dataLines(Path out, ExportReport r) throws IOException {
    List<String> all = new ArrayList<>();
    for (String f : r.files()) {
      all.addAll(lines(out, f));
    }
    return all;
  }

  @Test
  void luceneTopTenEqualsSearchTopTenUpToQuantizationTies() throws IOException {
    Path out = SparkTestSession.newDir("export-anserini").resolve("out");
    ExportReport r =
        anserini(
            out,
            "--quantize",
            Integer.toString(N),
            "--model",
            MODEL,
            "--queries",
            probes.toString(),
            "--files",
            "2");
    assertEquals(docs.size(), r.documents());

    // Anserini's input: {"id", "contents", "vector": {token: int}}; index it with Lucene.
    List<Map.Entry<String, List<Map.Entry<String, Integer>>>> luceneDocs = new ArrayList<>();
    for (String line : dataLines(out, r)) {
      JsonNode n = JSON.readTree(line);
      assertEquals(Set.of("id", "contents", "vector"), names(n));
      luceneDocs.add(Map.entry(n.get("id").asText(), impacts(n.get("vector"))));
    }
    luceneDocs.sort(Map.Entry.comparingByKey());

    // The project's search over the same queries.
    Path run = out.getParent().resolve("run.jsonl");
    SearchJob.run(
        spark,
        SearchOptions.builder()
            .queries(QuerySource.file(probes.toString()))
            .index(IndexTables.inFolder(index.toString()))
            .model(MODEL)
            .topK(10)
            .plan(Plan.SCAN)
            .outputJsonl(run.toString())
            .build());
    Map<String, List<String>> project = new LinkedHashMap<>();
    for (String line : Files.readAllLines(run)) {
      JsonNode n = JSON.readTree(line);
      project
          .computeIfAbsent(n.get("query_id").asText(), q -> new ArrayList<>())
          .add(n.get("doc_id").asText());
    }

    Map<String, SparseVector> queryVectors = new LinkedHashMap<>();
    try (QueryEncoder enc = QueryEncoder.create(ModelBundle.load(Fixtures.tinyModel()))) {
      for (String line : Files.readAllLines(probes)) {
        JsonNode q = JSON.readTree(line);
        queryVectors.put(q.get("_id").asText(), enc.encode(q.get("text").asText()));
      }
    }
    int compared = 0;
    int identical = 0;
    try (LuceneImpactIndex lucene = new LuceneImpactIndex(luceneDocs)) {
      for (String line : lines(out, r.queries())) {
        JsonNode q = JSON.readTree(line);
        String qid = q.get("qid").asText();
        SparseVector qv = queryVectors.get(qid);
        List<LuceneImpactIndex.LuceneHit> hits = lucene.search(impacts(q.get("vector")), 10);
        List<String> expected = project.getOrDefault(qid, List.of());
        assertEquals(expected.size(), hits.size(), "hits of " + qid);
        List<String> got = hits.stream().map(LuceneImpactIndex.LuceneHit::docId).toList();
        for (LuceneImpactIndex.LuceneHit h : hits) {
          SparseVector d = docs.get(h.docId());
          double exact = qv.dot(d);
          assertTrue(
              Math.abs(h.score() / ((double) N * N) - exact) <= bound(qv, d),
              qid + " " + h.docId() + ": lucene " + h.score() + " vs exact " + exact);
        }
        for (String missing : expected) {
          if (got.contains(missing)) {
            continue;
          }
          for (String extra : got) {
            if (!expected.contains(extra)) {
              double gap = qv.dot(docs.get(missing)) - qv.dot(docs.get(extra));
              double tol = bound(qv, docs.get(missing)) + bound(qv, docs.get(extra));
              assertTrue(gap <= tol, qid + ": " + extra + " replaced " + missing + " by " + gap);
            }
          }
        }
        compared++;
        identical += got.equals(expected) ? 1 : 0;
      }
    }
    assertEquals(queryVectors.size(), compared);
    assertTrue(compared >= 30, "queries compared: " + compared);
    // The tiny model's weights are small, so N = 100 reorders some rankings within the bound;
    // most stay identical (43 of 60 measured).
    assertTrue(identical >= compared / 2, identical + " of " + compared + " identical");
  }

  /** The largest change quantization makes to q·d, plus float32 noise. */
  private static double bound(SparseVector q, SparseVector d) {
    double b = 0;
    for (int i = 0; i < q.size(); i++) {
      float dw = d.get(q.index(i));
      if (dw != 0f) {
        b += Math.abs(q.value(i)) / (2.0 * N) + dw / (2.0 * N) + 1.0 / (4.0 * N * N);
      }
    }
    return b + 1e-5 * (1 + Math.abs(q.dot(d)));
  }

  private static List<Map.Entry<String, Integer>> impacts(JsonNode vector) {
    List<Map.Entry<String, Integer>> out = new ArrayList<>();
    vector
        .properties()
        .forEach(
            e -> {
              assertTrue(e.getValue().isIntegralNumber(), "quantized weight " + e);
              out.add(Map.entry(e.getKey(), e.getValue().intValue()));
            });
    return out;
  }

  private static Set<String> names(JsonNode n) {
    Set<String> s = new HashSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void floatWeightsRoundTripExactlyInDeterministicGzipFiles() throws IOException {
    Path base = SparkTestSession.newDir("export-floats");
    String[] args = {
      "--index",
      index.toString(),
      "--format",
      "anserini",
      "--files",
      "3",
      "--gzip",
      "--include-text",
      "--corpus",
      sampleDocs().toString()
    };
    ExportReport a = export(concat(args, "--out", base.resolve("a").toString()));
    ExportReport b = export(concat(args, "--out", base.resolve("b").toString()));
    assertEquals(a.files(), b.files());
    assertTrue(a.files().size() >= 2 && a.files().size() <= 3, a.files().toString());
    for (String f : a.files()) {
      assertTrue(f.matches("part-0000[0-2]\\.jsonl\\.gz"), f);
      assertArrayEquals(
          Files.readAllBytes(base.resolve("a").resolve(f)),
          Files.readAllBytes(base.resolve("b").resolve(f)),
          "a rerun writes the same bytes: " + f);
    }
    assertTrue(Files.isRegularFile(base.resolve("a/_SUCCESS")));
    try (Stream<Path> s = Files.list(base.resolve("a"))) {
      assertEquals(a.files().size() + 1, s.count(), "data files and _SUCCESS only");
    }

    Map<String, String> texts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sampleDocs())) {
      JsonNode n = JSON.readTree(line);
      texts.put(n.get("_id").asText(), n.get("title").asText() + " " + n.get("text").asText());
    }
    Set<String> seen = new HashSet<>();
    for (String f : a.files()) {
      String previous = "";
      for (String line : lines(base.resolve("a"), f)) {
        JsonNode n = JSON.readTree(line);
        String id = n.get("id").asText();
        assertTrue(id.compareTo(previous) > 0, "sorted by doc id within " + f);
        previous = id;
        assertTrue(seen.add(id));
        assertEquals(texts.get(id), n.get("contents").asText());
        SparseVector expected = docs.get(id);
        JsonNode v = n.get("vector");
        assertEquals(expected.size(), v.size(), id);
        for (int i = 0; i < expected.size(); i++) {
          JsonNode w = v.get(vocab.token(expected.index(i)));
          String text = w.decimalValue().toString();
          assertEquals(expected.value(i), Float.parseFloat(text), id + " float parse of " + text);
          assertEquals(expected.value(i), (float) Double.parseDouble(text), id + " double parse");
        }
      }
    }
    assertEquals(docs.keySet(), seen, "every document once");
  }

  @Test
  void bulkFilesFollowTheEnginesFormats() throws IOException {
    for (ExportFormat format : List.of(ExportFormat.OPENSEARCH, ExportFormat.ELASTICSEARCH)) {
      Path out = SparkTestSession.newDir("export-" + format.cliName()).resolve("out");
      ExportReport r =
          export(
              "--index",
              index.toString(),
              "--format",
              format.cliName(),
              "--out",
              out.toString(),
              "--quantize",
              "1000",
              "--include-text",
              "--corpus",
              sampleDocs().toString(),
              "--model",
              MODEL,
              "--queries",
              probes.toString());
      JsonNode mapping = JSON.readTree(out.resolve("mapping.json").toFile());
      JsonNode props = mapping.get("mappings").get("properties");
      assertEquals(format.fieldType(), props.get("splade_vector").get("type").asText());
      assertEquals("text", props.get("text").get("type").asText());

      List<String> data = dataLines(out, r);
      assertEquals(2 * docs.size(), data.size(), "an action line and a source line per doc");
      for (int i = 0; i < data.size(); i += 2) {
        JsonNode action = JSON.readTree(data.get(i));
        assertEquals(Set.of("index"), names(action), data.get(i));
        String id = action.get("index").get("_id").asText();
        SparseVector expected = docs.get(id);
        JsonNode source = JSON.readTree(data.get(i + 1));
        assertEquals(Set.of("splade_vector", "text"), names(source));
        JsonNode v = source.get("splade_vector");
        Map<String, Integer> got = new TreeMap<>();
        v.properties()
            .forEach(
                e -> {
                  assertFalse(e.getKey().contains("."), "no dots in feature names: " + e.getKey());
                  assertTrue(e.getValue().intValue() > 0, "positive impacts");
                  got.put(FeatureNames.unescape(e.getKey()), e.getValue().intValue());
                });
        for (int t = 0; t < expected.size(); t++) {
          long q = ExportLines.quantize(expected.value(t), 1000);
          String token = vocab.token(expected.index(t));
          if (q != 0) {
            assertEquals((int) q, got.get(token), id + " " + token);
            assertTrue(Math.abs(q / 1000.0 - expected.value(t)) <= 0.5 / 1000 + 1e-7);
          } else {
            assertFalse(got.containsKey(token));
          }
        }
      }
      for (String line : lines(out, r.queries())) {
        JsonNode q = JSON.readTree(line).get("body").get("query");
        JsonNode vector =
            format == ExportFormat.OPENSEARCH
                ? q.get("neural_sparse").get("splade_vector").get("query_tokens")
                : q.get("sparse_vector").get("query_vector");
        assertTrue(vector.isObject(), line);
        if (format == ExportFormat.ELASTICSEARCH) {
          assertEquals("splade_vector", q.get("sparse_vector").get("field").asText());
        }
        vector.fieldNames().forEachRemaining(n -> assertFalse(n.contains("."), n));
      }
    }
  }

  @Test
  void refusesAnExistingFolderAndAMissingCorpusRow() throws IOException {
    Path out = SparkTestSession.newDir("export-exists");
    SpladeException e = assertThrows(SpladeException.class, () -> anserini(out));
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());

    Path partial = out.resolve("partial.jsonl");
    Files.writeString(partial, Files.readAllLines(sampleDocs()).get(0) + "\n");
    SpladeException missing =
        assertThrows(
            SpladeException.class,
            () -> anserini(out.resolve("x"), "--include-text", "--corpus", partial.toString()));
    assertTrue(missing.getMessage().contains("lacks documents"), missing.getMessage());
  }

  /** Exports the index in the anserini format to {@code out}, with {@code more} options. */
  private static ExportReport anserini(Path out, String... more) {
    return export(
        concat(
            new String[] {
              "--index", index.toString(), "--format", "anserini", "--out", out.toString()
            },
            more));
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }
}
