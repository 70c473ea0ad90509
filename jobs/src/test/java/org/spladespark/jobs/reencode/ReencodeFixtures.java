package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.testing.SparkTestSession.content;
import static org.spladespark.jobs.testing.SparkTestSession.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.jobs.encode.CorpusInput;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.encode.Tuning;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.jobs.verify.VerifyIndexJob;
import org.spladespark.jobs.verify.VerifyOptions;
import org.spladespark.jobs.verify.VerifyReport;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.testing.EncoderFixtures;

/** Corpora, options and table snapshots shared by the re-encode integration tests. */
final class ReencodeFixtures {
  /** The encoded_at of every run, so tables of different runs compare equal. */
  static final Instant PINNED = Instant.parse("2025-02-01T00:00:00Z");

  /** Documents the edit scenario changes (3 of 50). */
  static final List<String> EDITED = List.of("d03", "d17", "d42");

  private ReencodeFixtures() {}

  /** {@code docs} with the texts of {@code ids} changed. */
  static Map<String, String[]> edited(Map<String, String[]> docs, List<String> ids) {
    Map<String, String[]> out = new LinkedHashMap<>(docs);
    for (String id : ids) {
      String[] d = out.get(id);
      assertTrue(d != null, id);
      out.put(id, new String[] {d[0], d[1] + " Revised: the account above was updated."});
    }
    return out;
  }

  /** {@code docs} without {@code ids}. */
  static Map<String, String[]> without(Map<String, String[]> docs, List<String> ids) {
    Map<String, String[]> out = new LinkedHashMap<>(docs);
    ids.forEach(out::remove);
    return out;
  }

  /** Writes docs as BEIR-style JSONL ({@code _id}, {@code title}, {@code text}) to a new folder. */
  static Path corpus(Map<String, String[]> docs) {
    Path f = SparkTestSession.newDir("corpus").resolve("docs.jsonl");
    ObjectMapper m = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String[]> d : docs.entrySet()) {
      ObjectNode n = m.createObjectNode();
      n.put("_id", d.getKey());
      n.put("title", d.getValue()[0]);
      n.put("text", d.getValue()[1]);
      lines.add(n.toString());
    }
    try {
      Files.write(f, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }

  /**
   * The tiny model with batches of one document: a document's vector is then independent of which
   * documents are encoded with it, so an incremental run equals a full run bit for bit.
   */
  static EncoderSpec tinySpec() {
    EncoderSpec s = EncoderFixtures.tinySpec();
    return s.withBatching(s.maxBatchTokens(), 1);
  }

  /** Re-encode options: pinned encoded_at, chunks of 16, no progress lines, fast retries. */
  static ReencodeOptions options(Path input, Path tables, EncoderSpec spec) {
    EncodeCorpusOptions e =
        EncodeCorpusOptions.builder()
            .input(new CorpusInput(input.toString(), InputFormat.AUTO, "_id", "text", "title"))
            .encoder(spec)
            .tables(tables.toString())
            .tuning(Tuning.DEFAULT.withChunkSize(16).withProgressSeconds(0))
            .encodedAt(PINNED)
            .build();
    return ReencodeOptions.builder()
        .encode(e)
        .conflictRetries(3)
        .retryBackoff(Duration.ofMillis(100))
        .build();
  }

  static ReencodeOptions options(Path input, Path tables) {
    return options(input, tables, tinySpec());
  }

  /** Runs the re-encode job: its metrics and what it printed. */
  static Printed<ReencodeMetrics> run(ReencodeOptions o) {
    return Printed.run(out -> ReencodeJob.run(SparkTestSession.get(), o, out));
  }

  static long version(Path tables, String name) {
    return io.delta.tables.DeltaTable.forPath(
            SparkTestSession.get(), tables.resolve(name).toString())
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  /**
   * Everything a clean run determines: doc_vectors, postings, token_stats whole, and models without
   * its timestamps and sync markers (which count commits, not content).
   */
  static Map<String, List<String>> snapshot(Path tables) {
    Map<String, List<String>> s = new TreeMap<>();
    s.put(DocVectorsTable.TABLE, content(table(tables, DocVectorsTable.TABLE)));
    s.put(PostingsTable.TABLE, content(table(tables, PostingsTable.TABLE)));
    s.put(TokenStatsTable.TABLE, content(table(tables, TokenStatsTable.TABLE)));
    s.put(
        ModelsTable.TABLE,
        content(
            table(tables, ModelsTable.TABLE),
            "created_at",
            "activated_at",
            "updated_at",
            "synced_table_id",
            "synced_version",
            "postings_version",
            "token_stats_version"));
    return s;
  }

  static VerifyReport verify(Path tables) {
    return VerifyIndexJob.run(SparkTestSession.get(), VerifyOptions.of(tables.toString()));
  }

  static void assertClean(Path tables) {
    VerifyReport r = verify(tables);
    assertTrue(r.clean(), r.render());
  }
}
