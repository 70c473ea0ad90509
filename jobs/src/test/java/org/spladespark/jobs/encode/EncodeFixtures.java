package org.spladespark.jobs.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/** Inputs, options and result readers shared by the encode job's integration tests. */
final class EncodeFixtures {
  private EncodeFixtures() {}

  /** The 50-document sample corpus ({@code _id}, {@code title}, {@code text}). */
  static Path sampleDocs() {
    return Fixtures.root().resolve("sample/sample_docs.jsonl");
  }

  /** The sample documents in file order: id → (title, text). */
  static Map<String, String[]> sampleRows() {
    Map<String, String[]> out = new LinkedHashMap<>();
    ObjectMapper m = new ObjectMapper();
    try {
      for (String line : Files.readAllLines(sampleDocs())) {
        JsonNode n = m.readTree(line);
        out.put(
            n.get("_id").asText(), new String[] {n.get("title").asText(), n.get("text").asText()});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Tiny model with the explicit pooled graph, BEIR column names, no progress lines. */
  static EncodeCorpusOptions options(String input, Path tables) {
    return EncodeCorpusOptions.builder()
        .input(new CorpusInput(input, InputFormat.AUTO, "_id", "text", "title"))
        .encoder(EncoderFixtures.tinySpec())
        .tables(tables.toString())
        .tuning(Tuning.DEFAULT.withProgressSeconds(0))
        .build();
  }

  /** The result of a run and what it printed. */
  record Result(EncodeMetrics metrics, String console) {}

  static Result run(EncodeCorpusOptions o) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      EncodeMetrics m = EncodeCorpusJob.run(SparkTestSession.get(), o, out);
      return new Result(m, buf.toString(StandardCharsets.UTF_8));
    }
  }

  static Dataset<Row> table(Path tables, String name) {
    return SparkTestSession.get().read().format("delta").load(tables.resolve(name).toString());
  }

  /** doc_id → vector of a doc_vectors table (one model). */
  static Map<String, SparseVector> vectors(Dataset<Row> docVectors) {
    Map<String, SparseVector> out = new LinkedHashMap<>();
    for (Row r : docVectors.orderBy("doc_id").collectAsList()) {
      out.put(r.getAs("doc_id"), vector(r));
    }
    return out;
  }

  static SparseVector vector(Row r) {
    List<Integer> ids = r.getList(r.fieldIndex("token_ids"));
    List<Float> ws = r.getList(r.fieldIndex("weights"));
    int[] i = new int[ids.size()];
    float[] w = new float[ws.size()];
    for (int k = 0; k < i.length; k++) {
      i[k] = ids.get(k);
      w[k] = ws.get(k);
    }
    return SparseVector.of(i, w);
  }

  /** Writes lines (given as raw bytes or strings) to a new file in a fresh folder. */
  static Path writeLines(String name, Object... lines) {
    Path dir = SparkTestSession.newDir("input");
    Path f = dir.resolve(name);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (Object l : lines) {
      byte[] bytes = l instanceof byte[] a ? a : ((String) l).getBytes(StandardCharsets.UTF_8);
      b.writeBytes(bytes);
      b.write('\n');
    }
    try {
      Files.write(f, b.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }

  /** The rows as strings, sorted, without the named columns: for whole-table comparisons. */
  static List<String> content(Dataset<Row> table, String... drop) {
    List<String> out = new ArrayList<>();
    for (Row r : table.drop(drop).collectAsList()) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }
}
