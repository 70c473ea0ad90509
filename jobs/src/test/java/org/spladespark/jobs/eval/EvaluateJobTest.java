package org.spladespark.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.errors.SpladeException;
import picocli.CommandLine;

/** The job end to end with the retrieval step stubbed by {@link ExactRetriever} on parsed texts. */
class EvaluateJobTest {
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
    EvaluateJob job = new EvaluateJob().withRetriever(ExactRetrieverTest.RETRIEVER);
    new CommandLine(job)
        .parseArgs("--data", one.toString(), "--data", two.toString(), "--out", out.toString());
    Map<String, Double> m = job.run();

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
  void withoutModelOrRetrieverIsAUserError(@TempDir Path tmp) throws Exception {
    Path one =
        BeirDatasetTest.write(
            tmp, "one", "{\"_id\": \"d1\"}\n", "{\"_id\": \"q1\"}\n", "q1\td1\t1\n");
    EvaluateJob job = new EvaluateJob();
    new CommandLine(job).parseArgs("--data", one.toString(), "--out", tmp.resolve("o").toString());
    SpladeException e = assertThrows(SpladeException.class, job::run);
    assertEquals("needs --model and --graph", e.problem());
  }
}
