package org.spladespark.jobs.encode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.vector.SparseVector;

/** Inputs, options and result readers shared by the encode job's integration tests. */
final class EncodeFixtures {
  private EncodeFixtures() {}

  /** Tiny model with the explicit pooled graph, BEIR column names, no progress lines. */
  static EncodeCorpusOptions options(String input, Path tables) {
    return EncodeCorpusOptions.builder()
        .input(new CorpusInput(input, InputFormat.AUTO, "_id", "text", "title"))
        .encoder(EncoderFixtures.tinySpec())
        .tables(tables.toString())
        .tuning(Tuning.DEFAULT.withProgressSeconds(0))
        .build();
  }

  /** Runs the encode job: its metrics and what it printed. */
  static Printed<EncodeMetrics> run(EncodeCorpusOptions o) {
    return Printed.run(out -> EncodeCorpusJob.run(SparkTestSession.get(), o, out));
  }

  /** doc_id → vector of a doc_vectors table (one model). */
  static Map<String, SparseVector> vectors(Dataset<Row> docVectors) {
    Map<String, SparseVector> out = new LinkedHashMap<>();
    for (Row r : docVectors.orderBy("doc_id").collectAsList()) {
      out.put(r.getAs("doc_id"), VectorColumns.read(r));
    }
    return out;
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
}
