package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.search.Plan;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.Refusals;

/** The job end to end with the retrieval step stubbed by {@link ExactRetriever} on parsed texts. */
class EvaluateJobTest {
  private static EvaluateOptions parseArgs(String... args) {
    return Commands.parse(new EvaluateCommand(), args);
  }

  @Test
  void writesMetricsPerQueryAndRunFiles(@TempDir Path tmp) throws Exception {
    // Texts are vectors ("id:weight …") so the stub encoders are exact.
    Path one =
        BeirDatasetTest.write(
            tmp,
            "one",
            "{\"_id\": \"d1\", \"text\": \"1:1\"}\n{\"_id\": \"d2\", \"text\": \"2:1\"}\n",
            "{\"_id\": \"q1\", \"text\": \"1:1\"}\n{\"_id\": \"q2\", \"text\": \"2:1 3:1\"}\n"
                + "{\"_id\": \"q3\", \"text\": \"3:1\"}\n",
            "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td1\t1\n");
    Path two =
        BeirDatasetTest.write(
            tmp,
            "two",
            "{\"_id\": \"x\", \"text\": \"4:1 5:1\"}\n",
            "{\"_id\": \"p\", \"text\": \"4:2\"}\n",
            "query-id\tcorpus-id\tscore\np\tx\t1\n");
    Path out = tmp.resolve("out");
    EvaluateOptions options =
        parseArgs(
            "--data",
            one.toString(),
            "--data",
            two.toString(),
            "--model",
            "unused",
            "--out",
            out.toString());
    Map<String, Double> m = EvaluateJob.run(options, ExactRetrieverTest.RETRIEVER);

    // one: q1 finds d1 at rank 1 (1.0 vs 0); q2 scores d2 1.0 > d1 0: d1 at rank 2. q3 has no
    // qrels.
    assertEquals(0.5, m.get("one_dot_accuracy@1"), 1e-12); // (1 + 0) / 2
    assertEquals((1.0 + 0.5) / 2, m.get("one_dot_mrr@10"), 1e-12);
    assertEquals(1.0, m.get("two_dot_ndcg@10"), 1e-12);
    // query sparsity over evaluated queries only: q1 1 dim, q2 2 dims (q3 not encoded)
    assertEquals(1.5, m.get("one_query_active_dims"), 1e-12);
    assertEquals(1 - 1.5 / 10, m.get("one_query_sparsity_ratio"), 1e-12);
    // aggregate: mean of 0.75 and 1.0; query dims weighted (1.5·2 + 1·1) / 3
    assertEquals((0.75 + 1.0) / 2, m.get("BEIR_mean_dot_mrr@10"), 1e-12);
    assertEquals(4.0 / 3, m.get("BEIR_mean_query_active_dims"), 1e-12);

    Map<String, Double> json =
        new ObjectMapper()
            .readValue(
                out.resolve("metrics.json").toFile(),
                new TypeReference<LinkedHashMap<String, Double>>() {});
    assertEquals(List.copyOf(m.keySet()), List.copyOf(json.keySet()));
    assertEquals(m, json);

    List<String> perQuery = Files.readAllLines(out.resolve("per_query.tsv"));
    assertEquals(4, perQuery.size()); // header + q1, q2, p
    assertTrue(perQuery.get(0).startsWith("dataset\tquery_id\taccuracy@1\t"));
    assertTrue(perQuery.get(2).startsWith("one\tq2\t0.0\t1.0\t"), perQuery.get(2));

    List<String> runFile = Files.readAllLines(out.resolve("one.run.trec"));
    assertEquals(
        List.of(
            "q1 Q0 d1 1 1.0 splade",
            "q1 Q0 d2 2 0.0 splade",
            "q2 Q0 d2 1 1.0 splade",
            "q2 Q0 d1 2 0.0 splade"),
        runFile);
  }

  @Test
  void parsesEveryOption() {
    EvaluateOptions o =
        parseArgs(
            "--data",
            "a/x",
            "--data",
            "b/y",
            "--split",
            "dev",
            "-m",
            "m",
            "--graph",
            "g.onnx",
            "--out",
            "o",
            "--retriever",
            "SPARK",
            "--index",
            "i",
            "--plan",
            "postings",
            "--aggregate-prefix",
            "P",
            "--run-tag",
            "t");
    assertEquals(
        List.of(Path.of("a/x").toAbsolutePath(), Path.of("b/y").toAbsolutePath()), o.data());
    assertEquals("dev", o.split());
    assertEquals("m", o.model());
    assertEquals(Path.of("g.onnx").toAbsolutePath(), o.graph());
    assertEquals(Path.of("o").toAbsolutePath(), o.out());
    assertEquals(EvaluateOptions.Retrieval.SPARK, o.retriever());
    assertEquals(Path.of("i").toAbsolutePath().toString(), o.index());
    assertEquals(Plan.POSTINGS, o.plan());
    assertEquals("P", o.aggregatePrefix());
    assertEquals("t", o.runTag());
  }

  @Test
  void defaultsToTheSparkRetrieverAndTheAutoPlanWithoutAGraph() {
    EvaluateOptions o = parseArgs("--data", "d", "--model", "m", "--out", "o");
    assertEquals(EvaluateOptions.Retrieval.SPARK, o.retriever());
    assertEquals(Plan.AUTO, o.plan());
    assertNull(o.graph());
    assertNull(o.index());
    assertEquals("test", o.split());
    assertEquals("BEIR", o.aggregatePrefix());
    assertEquals("splade", o.runTag());
    assertEquals(0, o.threads());
  }

  @Test
  void modelIsRequired() {
    Refusals.assertRefused(EvaluateJobTest::parseArgs, "--data d --out o", "--model", null);
  }

  @Test
  void datasetsWithTheSameFolderNameAreRejected() {
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> parseArgs("--data", "a/x", "--data", "b/x", "-m", "m", "--out", "o"));
    assertEquals("--data " + Path.of("b/x").toAbsolutePath(), e.subject());
    assertEquals("has the folder name 'x' of another --data folder", e.problem());
  }

  /** Options added to a valid command line, and the subject, problem and fix of the refusal. */
  static Stream<Arguments> refused() {
    String spark = "needs --retriever spark";
    return Stream.of(
        refusal("--retriever bm25", "--retriever", "is 'bm25'", "use one of spark, exact"),
        refusal("--plan fast", "--plan", "is 'fast'", "use one of auto, scan, postings"),
        refusal("--retriever exact --index i", "--index", spark, null),
        refusal("--retriever exact --plan scan", "--plan", spark, null),
        refusal("--threads -1", "--threads", "is -1", "pass 0 (default) or more"),
        Arguments.of(
            List.of("--split", " "), "--split", "is blank", "pass the qrels split, e.g. test"),
        Arguments.of(List.of("--run-tag", "a b"), "--run-tag", "is 'a b'", null));
  }

  /** A case of {@link #refused}: {@code extra} split on blanks; fix null: not checked. */
  private static Arguments refusal(String extra, String subject, String problem, String fix) {
    return Arguments.of(List.of(extra.split(" ")), subject, problem, fix);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refuses(List<String> extra, String subject, String problem, String fix) {
    SpladeException e =
        assertThrows(SpladeException.class, () -> parse(extra.toArray(String[]::new)));
    assertEquals(subject, e.subject());
    assertEquals(problem, e.problem());
    if (fix != null) {
      assertEquals(fix, e.fix());
    }
  }

  /** Parses a valid command line plus {@code extra}. */
  private static EvaluateOptions parse(String... extra) {
    List<String> args = new ArrayList<>(List.of("--data", "d", "--model", "m", "--out", "o"));
    args.addAll(List.of(extra));
    return parseArgs(args.toArray(String[]::new));
  }
}
