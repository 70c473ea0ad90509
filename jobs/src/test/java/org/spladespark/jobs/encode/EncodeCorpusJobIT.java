package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spladespark.jobs.testing.SparkTestSession.content;
import static org.spladespark.jobs.testing.SparkTestSession.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.encode.ModelFingerprint;
import org.spladespark.jobs.testing.PhaseTimes;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.FormatVersion;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.schemas.VectorColumns;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;
import scala.jdk.javaapi.CollectionConverters;

/** One encode of the sample corpus, checked table by table; the rerun test runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncodeCorpusJobIT {
  private static final int POSTINGS_FILE_ROWS = 100;
  private static Path tables;
  private static EncodeCorpusOptions options;
  private static Printed<EncodeMetrics> first;
  private static Instant before;
  private static final ModelBundle MODEL = ModelBundle.load(Fixtures.tinyModel());
  private static final String MODEL_ID = ModelFingerprint.of(MODEL, EncoderFixtures.pooledGraph());

  @BeforeAll
  static void encodeSample() {
    tables = SparkTestSession.newDir("encode");
    options =
        EncodeFixtures.options(Fixtures.sampleDocs().toString(), tables).toBuilder()
            .tuning(
                Tuning.DEFAULT
                    .withChunkSize(16)
                    .withPostingsFileRows(POSTINGS_FILE_ROWS)
                    .withProgressSeconds(0))
            .build();
    before = Instant.now();
    first = EncodeFixtures.run(options);
  }

  private static Dataset<Row> docVectors() {
    return table(tables, DocVectorsTable.TABLE).where("model_id = '" + MODEL_ID + "'");
  }

  private static Map<String, String> sampleTexts() {
    Map<String, String> texts = new TreeMap<>();
    Fixtures.sampleRows().forEach((id, tt) -> texts.put(id, DocumentText.of(tt[0], tt[1])));
    return texts;
  }

  @Test
  @Order(1)
  void vectorsEqualTheDocumentEncoderOnTheSameTexts() {
    Map<String, String> texts = sampleTexts();
    List<SparseVector> expected;
    try (TextTokenizer tok =
            TextTokenizer.forDocuments(MODEL.documentTokenizer(), MODEL.maxSeqLength());
        DocumentEncoder enc =
            new DocumentEncoder(EncoderFixtures.pooledGraph(), tok, EncoderOptions.cpu())) {
      expected = enc.encode(new ArrayList<>(texts.values()));
    }
    Map<String, SparseVector> got = EncodeFixtures.vectors(docVectors());
    assertEquals(texts.keySet(), got.keySet());
    int i = 0;
    double maxDiff = 0;
    for (String id : texts.keySet()) {
      SparseVector e = expected.get(i++);
      SparseVector g = got.get(id);
      assertArrayEquals(e.indices(), g.indices(), id);
      for (int k = 0; k < e.size(); k++) {
        maxDiff = Math.max(maxDiff, Math.abs(e.value(k) - g.value(k)));
      }
    }
    // Other batches than the job's chunks: equal up to float noise of batching.
    assertTrue(maxDiff <= 1e-6, "max diff " + maxDiff);
  }

  @Test
  @Order(1)
  void rowsCarryHashModelPruningAndOneRunTimestamp() {
    Map<String, String> texts = sampleTexts();
    List<Row> rows = docVectors().collectAsList();
    assertEquals(50, rows.size());
    Set<Timestamp> stamps = new HashSet<>();
    for (Row r : rows) {
      String id = r.getAs("doc_id");
      assertEquals(DocVectorEncoding.textSha256(texts.get(id)), r.getAs("text_sha256"), id);
      assertEquals(MODEL_ID, r.getAs("model_id"));
      assertEquals("none", r.getAs("pruning"));
      SparseVector v = VectorColumns.read(r);
      assertEquals(v.size(), (int) r.getAs("active_dims"));
      assertEquals(r.getList(r.fieldIndex("token_ids")).size(), v.size(), "no zero weights");
      stamps.add(r.getAs("encoded_at"));
    }
    assertEquals(1, stamps.size());
    Instant at = stamps.iterator().next().toInstant();
    assertTrue(!at.isBefore(before.minusSeconds(1)) && at.isBefore(Instant.now()), at.toString());
    assertEquals(MODEL_ID, first.metrics().modelId());
  }

  @Test
  @Order(1)
  void postingsRegroupIntoTheDocVectors() {
    Map<String, TreeMap<Integer, Float>> byDoc = new HashMap<>();
    List<Row> postings = table(tables, PostingsTable.TABLE).collectAsList();
    for (Row p : postings) {
      assertEquals(MODEL_ID, p.getAs("model_id"));
      TreeMap<Integer, Float> m = byDoc.computeIfAbsent(p.getAs("doc_id"), d -> new TreeMap<>());
      assertEquals(null, m.put(p.getAs("token_id"), p.getAs("weight")), "one posting per pair");
    }
    Map<String, SparseVector> vectors = EncodeFixtures.vectors(docVectors());
    assertEquals(vectors.keySet(), byDoc.keySet());
    long total = 0;
    for (Map.Entry<String, SparseVector> e : vectors.entrySet()) {
      TreeMap<Integer, Float> m = byDoc.get(e.getKey());
      int[] ids = m.keySet().stream().mapToInt(Integer::intValue).toArray();
      float[] ws = new float[ids.length];
      int k = 0;
      for (float w : m.values()) {
        ws[k++] = w;
      }
      assertEquals(e.getValue(), SparseVector.of(ids, ws), e.getKey());
      total += e.getValue().size();
    }
    assertEquals(total, postings.size());
    assertEquals(total, first.metrics().counts().postings());
  }

  @Test
  @Order(1)
  void tokenStatsAreTheAggregatesOfTheDocVectors() {
    Map<Integer, long[]> df = new TreeMap<>();
    Map<Integer, Float> max = new HashMap<>();
    Map<Integer, Double> sum = new HashMap<>();
    for (SparseVector v : EncodeFixtures.vectors(docVectors()).values()) {
      for (int k = 0; k < v.size(); k++) {
        int t = v.index(k);
        df.computeIfAbsent(t, x -> new long[1])[0]++;
        max.merge(t, v.value(k), Math::max);
        sum.merge(t, (double) v.value(k), Double::sum);
      }
    }
    List<Row> stats = table(tables, TokenStatsTable.TABLE).orderBy("token_id").collectAsList();
    assertEquals(df.size(), stats.size());
    for (Row r : stats) {
      int t = r.getAs("token_id");
      assertEquals(MODEL.vocabulary().token(t), r.getAs("token"));
      assertEquals(df.get(t)[0], (long) r.getAs("df"), "df of " + t);
      assertEquals(max.get(t), (float) r.getAs("max_weight"), "max of " + t);
      assertEquals(sum.get(t), (double) r.getAs("sum_weight"), 1e-9 * df.get(t)[0], "sum " + t);
      assertEquals(MODEL_ID, r.getAs("model_id"));
    }
  }

  @Test
  @Order(1)
  void tablesCarryTheFormatVersion() {
    for (String t : List.of(DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE)) {
      Map<String, String> props =
          io.delta.tables.DeltaTable.forPath(SparkTestSession.get(), tables.resolve(t).toString())
              .detail()
              .select("properties")
              .first()
              .getJavaMap(0);
      assertEquals(Integer.toString(FormatVersion.CURRENT), props.get(FormatVersion.PROPERTY), t);
    }
  }

  /** (path → [min, max] token_id) of the files in the current postings snapshot. */
  private static Map<String, int[]> postingFileRanges() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, int[]> files = new TreeMap<>();
    List<Path> commits;
    try (Stream<Path> s = Files.list(tables.resolve(PostingsTable.TABLE).resolve("_delta_log"))) {
      commits = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path c : commits) {
      for (String line : Files.readAllLines(c)) {
        JsonNode a = json.readTree(line);
        if (a.has("add")) {
          JsonNode stats = json.readTree(a.get("add").get("stats").asText());
          files.put(
              a.get("add").get("path").asText(),
              new int[] {
                stats.get("minValues").get("token_id").asInt(),
                stats.get("maxValues").get("token_id").asInt()
              });
        } else if (a.has("remove")) {
          files.remove(a.get("remove").get("path").asText());
        }
      }
    }
    return files;
  }

  /** Files the scan of {@code query} read, from the executed plan's scan metrics (no AQE). */
  private static long filesRead(SparkSession spark, String where) {
    String aqe = spark.conf().get("spark.sql.adaptive.enabled");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    try {
      Dataset<Row> q = table(tables, PostingsTable.TABLE).where(where);
      q.collectAsList();
      SparkPlan plan = q.queryExecution().executedPlan();
      long n = 0;
      int scans = 0;
      for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
        if (leaf instanceof FileSourceScanExec scan) {
          n += scan.metrics().apply("numFiles").value();
          scans++;
        }
      }
      assertEquals(1, scans, plan.toString());
      return n;
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", aqe);
    }
  }

  @Test
  @Order(1)
  void postingsFilesHoldDisjointTokenRangesSoLookupsSkipFiles() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Map<String, int[]> ranges = postingFileRanges();
    long postings = first.metrics().counts().postings();
    int expectedFiles = (int) ((postings + POSTINGS_FILE_ROWS - 1) / POSTINGS_FILE_ROWS);
    assertEquals(expectedFiles, first.metrics().counts().postingsFiles());
    assertTrue(expectedFiles >= 10, "postings " + postings);
    // Range partitioning: sorted by min, each file starts where the previous ended or after.
    List<int[]> sorted = new ArrayList<>(ranges.values());
    sorted.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    for (int i = 1; i < sorted.size(); i++) {
      assertTrue(sorted.get(i)[0] >= sorted.get(i - 1)[1], "overlapping token ranges");
    }
    assertTrue(ranges.size() >= expectedFiles - 1, "files " + ranges.size());
    // A lookup of one token reads only the files whose range holds it (Delta data skipping).
    Row frequent =
        table(tables, TokenStatsTable.TABLE)
            .orderBy(org.apache.spark.sql.functions.desc("df"))
            .first();
    int[] probes = {sorted.get(sorted.size() / 2)[0] + 1, frequent.getAs("token_id")};
    for (int token : probes) {
      long holding = ranges.values().stream().filter(r -> r[0] <= token && token <= r[1]).count();
      long read = filesRead(spark, "token_id = " + token);
      assertEquals(holding, read, "files read for token " + token);
      assertTrue(read <= 2 && read < ranges.size() / 4, "read " + read + " of " + ranges.size());
    }
    assertEquals(ranges.size(), filesRead(spark, "weight > 0"));
  }

  @Test
  @Order(1)
  void metricsFileDescribesTheRun() throws IOException {
    EncodeMetrics m = first.metrics();
    assertEquals(50, m.counts().docs());
    assertEquals(50, m.counts().rowsRead());
    assertEquals(0, m.counts().rejectedRows());
    assertEquals("jsonl", m.run().format());
    assertEquals((double) m.counts().postings() / 50, m.counts().meanActiveDims(), 1e-12);
    PhaseTimes.assertContiguous(m.timings());
    long tokens = 0;
    try (TextTokenizer tok =
        TextTokenizer.forDocuments(MODEL.documentTokenizer(), MODEL.maxSeqLength())) {
      for (String t : sampleTexts().values()) {
        tokens += tok.ids(t).length;
      }
    }
    assertEquals(tokens, m.counts().tokens());
    assertEquals(0, m.counts().truncatedDocs());
    Path file = Path.of(m.path());
    assertTrue(file.startsWith(tables.resolve("_runs")), m.path());
    JsonNode j = new ObjectMapper().readTree(file.toFile());
    assertEquals(50, j.get("docs").asLong());
    assertEquals(m.counts().postings(), j.get("postings").asLong());
    assertEquals(MODEL_ID, j.get("model_id").asText());
    assertEquals(0, j.get("rejected_rows").asLong());
    assertTrue(j.get("docs_per_second").asDouble() > 0);
    assertTrue(j.has("seconds") && j.has("mean_active_dims") && j.has("tokens"));
    assertTrue(first.console().contains("encoding 50 documents"), first.console());
    assertTrue(first.console().contains("metrics " + m.path()), first.console());
  }

  @Test
  @Order(2)
  void rerunReplacesThisModelsRowsWithIdenticalContent() {
    SparkSession spark = SparkTestSession.get();
    List<String> vectorsBefore = content(docVectors(), "encoded_at");
    List<String> postingsBefore = content(table(tables, PostingsTable.TABLE));
    List<String> statsBefore = content(table(tables, TokenStatsTable.TABLE));
    Timestamp firstStamp = docVectors().first().getAs("encoded_at");
    // Another model's row in the same table must survive the rerun.
    Row foreign =
        RowFactory.create(
            "other-doc",
            new int[] {5},
            new float[] {1f},
            1,
            "00",
            "othermodel000000",
            "none",
            Timestamp.from(Instant.EPOCH));
    spark
        .createDataFrame(List.of(foreign), DocVectorsTable.SCHEMA)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(tables.resolve(DocVectorsTable.TABLE).toString());

    Instant pinned = Instant.parse("2025-01-31T12:00:00Z");
    Printed<EncodeMetrics> second =
        EncodeFixtures.run(
            options.toBuilder()
                .encodedAt(pinned)
                .tuning(options.tuning().withPartitions(1).withProgressSeconds(1))
                .build());
    // Different partitioning, same chunks: bit-identical vectors; only encoded_at differs.
    assertEquals(vectorsBefore, content(docVectors(), "encoded_at"));
    assertEquals(postingsBefore, content(table(tables, PostingsTable.TABLE)));
    assertEquals(statsBefore, content(table(tables, TokenStatsTable.TABLE)));
    for (Row r : docVectors().collectAsList()) {
      assertEquals(Timestamp.from(pinned), r.getAs("encoded_at"));
    }
    assertNotEquals(firstStamp, Timestamp.from(pinned));
    assertEquals(
        1, table(tables, DocVectorsTable.TABLE).where("model_id = 'othermodel000000'").count());
    assertEquals(1, second.metrics().counts().partitions());
    // The final progress line of the encode stage.
    assertTrue(second.console().contains("encode: 50/50 docs (100.0%)"), second.console());
    assertTrue(Duration.ofSeconds((long) second.metrics().timings().seconds()).toMinutes() < 10);
  }

  @Test
  @Order(3)
  void theSharedEncoderIsReusedAcrossRuns() {
    assertEquals(MODEL_ID, ExecutorEncoders.model(EncoderFixtures.tinySpec()).modelId());
  }
}
