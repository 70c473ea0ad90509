package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.DocVectorRow;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * Index tables written the way the encode job lays them out, from vectors made here: the reference
 * documents' exact vectors, random documents over the reference queries' tokens (so that queries
 * match many documents), and groups of identical vectors under different ids (exact score ties,
 * including ids whose UTF-16 and UTF-8 orders differ).
 */
final class TestIndex {
  static final String MODEL_ID = "tiny-oracle";
  static final int POSTING_FILES = 8;

  private static TestIndex standard;

  final ModelBundle model;
  final Map<String, SparseVector> docs;
  final String dir;
  final List<String> queryIds = new ArrayList<>();
  final List<String> queryTexts = new ArrayList<>();

  private TestIndex(ModelBundle model, Map<String, SparseVector> docs, String dir) {
    this.model = model;
    this.docs = docs;
    this.dir = dir;
    for (JsonNode q : Fixtures.reference().get("queries")) {
      queryIds.add(q.get("id").asText());
      queryTexts.add(q.get("text").asText());
    }
  }

  /** The shared index of the search ITs (built once per JVM). */
  static synchronized TestIndex standard(SparkSession spark) {
    if (standard == null) {
      ModelBundle model = ModelBundle.load(Fixtures.tinyModel());
      Map<String, SparseVector> docs = corpus(model, 250, 42);
      String dir = org.spladespark.jobs.testing.SparkTestSession.newDir("index").toString();
      write(spark, dir, docs, MODEL_ID, model.vocabulary());
      standard = new TestIndex(model, docs, dir);
    }
    return standard;
  }

  /**
   * This index's doc_vectors, with postings and token_stats under {@code missing}, which has none.
   */
  IndexTables vectorsOnly(String missing) {
    return new IndexTables(
        TableRef.path(dir + "/doc_vectors"),
        TableRef.path(missing + "/postings"),
        TableRef.path(missing + "/token_stats"));
  }

  /**
   * Writes the reference queries to {@code file} as JSON lines ({@code _id}, {@code text}): some of
   * them hold tabs and line breaks, which a TSV cannot carry.
   */
  Path writeQueriesJsonl(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < queryIds.size(); i++) {
      sb.append(json.writeValueAsString(Map.of("_id", queryIds.get(i), "text", queryTexts.get(i))))
          .append('\n');
    }
    return Files.writeString(file, sb.toString());
  }

  QueryBatch queryBatch() {
    return SearchJob.encode(
        model,
        java.util.stream.IntStream.range(0, queryIds.size())
            .mapToObj(i -> new QueryReader.QueryText(queryIds.get(i), queryTexts.get(i)))
            .toList());
  }

  static Map<String, SparseVector> corpus(ModelBundle model, int randomDocs, long seed) {
    Map<String, SparseVector> docs = new LinkedHashMap<>();
    for (JsonNode d : Fixtures.reference().get("documents")) {
      docs.put(
          d.get("id").asText(),
          SparseVector.of(Fixtures.ints(d.get("indices")), Fixtures.floats(d.get("values"))));
    }
    TreeSet<Integer> pool = new TreeSet<>();
    try (QueryEncoder enc = QueryEncoder.create(model)) {
      for (JsonNode q : Fixtures.reference().get("queries")) {
        for (int t : enc.encode(q.get("text").asText()).indices()) {
          pool.add(t);
        }
      }
    }
    Integer[] tokens = pool.toArray(new Integer[0]);
    Random r = new Random(seed);
    for (int i = 0; i < randomDocs; i++) {
      TreeMap<Integer, Float> m = new TreeMap<>();
      int n = 10 + r.nextInt(50);
      while (m.size() < n) {
        int t = r.nextInt(4) == 0 ? r.nextInt(model.vocabSize()) : tokens[r.nextInt(tokens.length)];
        m.put(t, 0.05f + r.nextFloat() * 2.5f);
      }
      int[] ids = m.keySet().stream().mapToInt(Integer::intValue).toArray();
      float[] ws = new float[ids.length];
      int j = 0;
      for (float w : m.values()) {
        ws[j++] = w;
      }
      docs.put(String.format("r%03d", i), SparseVector.of(ids, ws));
    }
    // Exact ties: the same vector under several ids.
    docs.put("twin-b", docs.get("r007"));
    docs.put("twin-a", docs.get("r007"));
    docs.put("twin-\uFF61", docs.get("r011"));
    docs.put("twin-\uD83D\uDE00", docs.get("r011"));
    docs.put("twin-c", docs.get("r011"));
    docs.put("twin-d", docs.get("4983"));
    return docs;
  }

  /** Writes doc_vectors, postings (range-clustered by token id) and token_stats under dir. */
  static void write(
      SparkSession spark,
      String dir,
      Map<String, SparseVector> docs,
      String modelId,
      Vocabulary vocab) {
    write(spark, dir, Map.of(modelId, docs), vocab);
  }

  /** As {@link #write(SparkSession, String, Map, String, Vocabulary)}, one corpus per model id. */
  static void write(
      SparkSession spark,
      String dir,
      Map<String, Map<String, SparseVector>> corpora,
      Vocabulary vocab) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> vectors = new ArrayList<>();
    List<Row> postings = new ArrayList<>();
    List<Row> tokenStats = new ArrayList<>();
    for (Map.Entry<String, Map<String, SparseVector>> corpus : new TreeMap<>(corpora).entrySet()) {
      String modelId = corpus.getKey();
      TreeMap<Integer, float[]> stats = new TreeMap<>(); // df, max, sum
      for (Map.Entry<String, SparseVector> d : corpus.getValue().entrySet()) {
        SparseVector v = d.getValue();
        vectors.add(
            DocVectorsTable.toRow(
                new DocVectorRow(d.getKey(), v, "0".repeat(64), modelId, "none", now)));
        for (int i = 0; i < v.size(); i++) {
          postings.add(RowFactory.create(v.index(i), d.getKey(), v.value(i), modelId));
          float[] s =
              stats.computeIfAbsent(v.index(i), t -> new float[] {0, Float.NEGATIVE_INFINITY, 0});
          s[0]++;
          s[1] = Math.max(s[1], v.value(i));
          s[2] += v.value(i);
        }
      }
      stats.forEach(
          (t, s) ->
              tokenStats.add(
                  RowFactory.create(t, vocab.token(t), (long) s[0], s[1], (double) s[2], modelId)));
    }
    spark
        .createDataFrame(vectors, DocVectorsTable.SCHEMA)
        .write()
        .format("delta")
        .save(dir + "/" + DocVectorsTable.TABLE);
    spark
        .createDataFrame(postings, PostingsTable.SCHEMA)
        .repartitionByRange(POSTING_FILES, col("token_id"))
        .sortWithinPartitions("token_id")
        .write()
        .format("delta")
        .save(dir + "/" + PostingsTable.TABLE);
    spark
        .createDataFrame(tokenStats, TokenStatsTable.SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .save(dir + "/" + TokenStatsTable.TABLE);
  }
}
