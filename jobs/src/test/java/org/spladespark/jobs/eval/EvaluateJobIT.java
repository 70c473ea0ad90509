package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * {@code splade evaluate} on the bundled sample (fixtures/sample, laid out as a BEIR folder in a
 * temporary directory) with the tiny model: the pipeline retriever (encode job + search job, each
 * search plan) gives exactly the metrics, rankings and per-query figures of the in-memory exact
 * retriever. The sample is one encode chunk, so both encode every document in the same batches and
 * agree to the bit.
 *
 * <p>The tiny model has random weights: its document vectors share no token with the sample's
 * queries, which therefore rank the padded zero-score documents only. So that scores matter, the
 * test adds {@value #PROBES} probe queries, each made of one document's top whole-word tokens and
 * judged relevant to it (as {@code splade demo} probes the index).
 */
class EvaluateJobIT {
  private static EvaluateOptions parse(String... args) {
    return Commands.parse(new EvaluateCommand(), args);
  }

  private static final String MODEL = Fixtures.tinyModel().toString();
  private static Path beir;
  private static Path exactOut;
  private static Map<String, Double> exact;

  private static final int PROBES = 10;

  /**
   * A BEIR folder {@code <root>/sample} of the fixtures' sample files plus {@value #PROBES} probe
   * queries {@code p<doc id>} with their qrels.
   */
  static Path sampleBeir(Path root) throws IOException {
    Path sample = Fixtures.root().resolve("sample");
    Path dir = Files.createDirectories(root.resolve("sample").resolve("qrels")).getParent();
    Files.copy(sample.resolve("sample_docs.jsonl"), dir.resolve("corpus.jsonl"));
    StringBuilder queries =
        new StringBuilder(Files.readString(sample.resolve("sample_queries.jsonl")));
    StringBuilder qrels = new StringBuilder(Files.readString(sample.resolve("qrels.tsv")));
    ObjectMapper json = new ObjectMapper();
    ModelBundle bundle = ModelBundle.load(Fixtures.tinyModel());
    Map<String, String> docs = BeirDataset.readCorpus(dir.resolve("corpus.jsonl"));
    List<String> ids = List.copyOf(docs.keySet()).subList(0, PROBES);
    List<SparseVector> vectors;
    try (DocumentEncoder encoder = DocumentEncoder.create(bundle, EncoderOptions.cpu())) {
      vectors = encoder.encode(ids.stream().map(docs::get).toList());
    }
    for (int i = 0; i < PROBES; i++) {
      List<String> words = new ArrayList<>();
      for (Map.Entry<String, Float> e : vectors.get(i).decode(bundle.vocabulary()::token, 0)) {
        if (e.getKey().matches("[a-z]{3,}") && words.size() < 5) {
          words.add(e.getKey());
        }
      }
      assertFalse(words.isEmpty(), "document " + ids.get(i) + " has no whole-word token");
      queries
          .append(
              json.writeValueAsString(
                  Map.of("_id", "p" + ids.get(i), "text", String.join(" ", words))))
          .append('\n');
      qrels.append("p").append(ids.get(i)).append('\t').append(ids.get(i)).append("\t1\n");
    }
    Files.writeString(dir.resolve("queries.jsonl"), queries);
    Files.writeString(dir.resolve("qrels").resolve("test.tsv"), qrels);
    return dir;
  }

  @BeforeAll
  static void exactRun() throws IOException {
    beir = sampleBeir(SparkTestSession.newDir("beir"));
    exactOut = SparkTestSession.newDir("eval-exact");
    exact =
        EvaluateJob.run(
            null,
            parse(
                "--data",
                beir.toString(),
                "--model",
                MODEL,
                "--out",
                exactOut.toString(),
                "--retriever",
                "exact"),
            quiet());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Runs the pipeline retriever with {@code extra} options; returns its output folder. */
  private static Path pipeline(ByteArrayOutputStream console, String... extra) {
    Path out = SparkTestSession.newDir("eval-spark");
    String[] base = {"--data", beir.toString(), "--model", MODEL, "--out", out.toString()};
    EvaluateOptions o =
        parse(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    Map<String, Double> m =
        EvaluateJob.run(
            SparkTestSession.get(), o, new PrintStream(console, true, StandardCharsets.UTF_8));
    assertEquals(exact, m);
    return out;
  }

  private static void assertSameOutputs(Path out) throws IOException {
    for (String f : List.of("metrics.json", "per_query.tsv", "sample.run.trec")) {
      assertEquals(Files.readAllLines(exactOut.resolve(f)), Files.readAllLines(out.resolve(f)), f);
    }
  }

  @Test
  void exactRunScoresTheProbesAndRanksTheWholeCorpus() throws IOException {
    // 10 sample + 10 probe queries, all with qrels; 50 documents, all ranked (padded with zeros).
    assertEquals(21, Files.readAllLines(exactOut.resolve("per_query.tsv")).size());
    assertEquals(20 * 50, Files.readAllLines(exactOut.resolve("sample.run.trec")).size());
    assertEquals(
        1.0 - exact.get("sample_corpus_active_dims") / 30522,
        exact.get("sample_corpus_sparsity_ratio"),
        1e-12);
    assertTrue(exact.get("sample_avg_flops") > 0, exact.toString());
    // every probe query's best hit has a positive score
    long probesWithScores =
        Files.readAllLines(exactOut.resolve("sample.run.trec")).stream()
            .filter(l -> l.startsWith("p") && l.contains(" 1 ") && !l.endsWith(" 0.0 splade"))
            .count();
    assertEquals(PROBES, probesWithScores);
  }

  @Test
  void pipelineKeepsItsIndexAndMatchesTheExactRetriever() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path index = SparkTestSession.newDir("eval-index");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Path out = pipeline(console, "--index", index.toString());
    assertSameOutputs(out);
    for (String t : List.of("doc_vectors", "postings", "token_stats")) {
      assertTrue(Files.isDirectory(index.resolve(t).resolve("_delta_log")), t);
    }
    assertEquals(50, spark.read().format("delta").load(index + "/doc_vectors").count());
    // search_results: the matching documents of each query (the probes), ranked from 1
    assertEquals(
        PROBES,
        spark.read().format("delta").load(index + "/search_results").where("rank = 1").count());
    String log = console.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("evaluate sample: encoded 50 documents into " + index), log);
    // A second run over the same index reuses the model's vectors: no new doc_vectors commit.
    long commits;
    try (Stream<Path> l = Files.list(index.resolve("doc_vectors/_delta_log"))) {
      commits = l.filter(p -> p.toString().endsWith(".json")).count();
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertSameOutputs(pipeline(again, "--index", index.toString()));
    String log2 = again.toString(StandardCharsets.UTF_8);
    assertTrue(
        log2.contains("evaluate sample: reused the vectors of 50 documents in " + index), log2);
    try (Stream<Path> l = Files.list(index.resolve("doc_vectors/_delta_log"))) {
      assertEquals(commits, l.filter(p -> p.toString().endsWith(".json")).count());
    }
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of("metrics.json", "per_query.tsv", "sample.run.trec"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void cliWithTheScanPlanMatchesDeletesItsTemporaryIndexAndKeepsTheSession() throws IOException {
    Path out = SparkTestSession.newDir("eval-cli");
    int code =
        SpladeCli.commandLine()
            .execute(
                "evaluate",
                "--data",
                beir.toString(),
                "--model",
                MODEL,
                "--out",
                out.toString(),
                "--plan",
                "scan");
    assertEquals(0, code);
    assertSameOutputs(out);
    try (Stream<Path> files = Files.list(out)) {
      // the index-* folder is gone
      assertEquals(
          List.of("metrics.json", "per_query.tsv", "sample.run.trec"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    // the command ran on this JVM's session and left it running
    assertFalse(SparkTestSession.get().sparkContext().isStopped());
  }

  @Test
  void postingsPlanMatches() throws IOException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    assertSameOutputs(pipeline(console, "--plan", "postings"));
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("(postings plan, requested)"));
  }

  @Test
  void documentWithoutTextFailsTheRunNamingIt() throws IOException {
    Path bad = SparkTestSession.newDir("beir-bad").resolve("bad");
    Files.createDirectories(bad.resolve("qrels"));
    Files.writeString(
        bad.resolve("corpus.jsonl"),
        "{\"_id\": \"d1\", \"text\": \"cats\"}\n{\"_id\": \"d2\", \"title\": \"no text\"}\n");
    Files.writeString(bad.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"cats\"}\n");
    Files.writeString(bad.resolve("qrels").resolve("test.tsv"), "q1\td1\t1\n");
    Path out = SparkTestSession.newDir("eval-bad");
    EvaluateOptions o = parse("--data", bad.toString(), "--model", MODEL, "--out", out.toString());
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> EvaluateJob.run(SparkTestSession.get(), o, quiet()));
    assertTrue(e.getMessage().contains("d2"), e.getMessage());
    assertTrue(e.getMessage().contains("missing text"), e.getMessage());
    assertFalse(Files.exists(out.resolve("metrics.json")));
  }
}
