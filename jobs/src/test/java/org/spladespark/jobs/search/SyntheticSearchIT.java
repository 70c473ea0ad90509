package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.maintain.VacuumIndexJob;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * Every plan against brute force on a generated 20,000-document index ({@link SyntheticIndex}:
 * Zipf-distributed tokens, quantized weights with many exact score ties, repeated vectors under
 * other ids), k = 10 and 100: identical doc ids and bit-identical float scores.
 */
class SyntheticSearchIT {
  private static final int DOCS = 20_000;
  private static SparkSession spark;
  private static String dir;
  private static Map<String, SparseVector> docs;
  private static QueryBatch batch;
  private static ModelBundle model;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    model = ModelBundle.load(Fixtures.tinyModel());
    SyntheticIndex synthetic = new SyntheticIndex(7, model.vocabSize());
    dir = SparkTestSession.newDir("synthetic").toString();
    synthetic.write(spark, dir, DOCS, "synthetic", model.vocabulary());
    docs = new LinkedHashMap<>();
    for (int i = 0; i < DOCS; i++) {
      docs.put(SyntheticIndex.docId(i), synthetic.document(i));
    }
    QueryBatch generated = synthetic.queries(40);
    List<String> ids = new ArrayList<>();
    List<SparseVector> vectors = new ArrayList<>();
    for (int q = 0; q < generated.size(); q++) {
      ids.add(generated.id(q));
      vectors.add(generated.vector(q));
    }
    // A one-token query of a rare token (few hits, fewer than k) and an empty query (none).
    SparseVector rare = docs.get(SyntheticIndex.docId(3));
    int last = rare.index(rare.size() - 1);
    ids.add("rare");
    vectors.add(SparseVector.of(new int[] {last}, new float[] {0.7f}));
    ids.add("empty");
    vectors.add(SparseVector.empty());
    batch = QueryBatch.of(ids, vectors);
  }

  @Test
  void slicesThatCannotBeRebuiltAfterAVacuumSayToReopen() {
    String small = SparkTestSession.newDir("synthetic-vacuumed").toString();
    new SyntheticIndex(11, model.vocabSize()).write(spark, small, 500, "m", model.vocabulary());
    TableRef vectors = TableRef.path(small).child(DocVectorsTable.TABLE);
    JavaRDD<InternalRow> rows =
        vectors
            .read(spark)
            .select(Columns.DOC_ID, Columns.TOKEN_IDS, Columns.WEIGHTS)
            .queryExecution()
            .toRdd()
            .toJavaRDD();
    List<SparseVector> query = List.of(batch.vector(0));
    try (CachedSlices cached = CachedSlices.build(rows, "vacuumed slices")) {
      assertEquals(1, cached.search(query, 10).size());
      // The table moves on and the files of the cached version are vacuumed; then the blocks are
      // lost (unpersisted, as when their executor goes).
      vectors.write(spark, DocVectorsTable.SCHEMA, vectors.read(spark).localCheckpoint(), true);
      VacuumIndexJob.run(spark, small, 0, true, new PrintStream(OutputStream.nullOutputStream()));
      cached.close();
      SpladeException e = assertThrows(SpladeException.class, () -> cached.search(query, 10));
      assertTrue(e.getMessage().contains("open the index again"), e.getMessage());
    }
  }

  @Test
  void onlyAFinishedWriteIsComplete() {
    assertTrue(SyntheticIndex.isComplete(spark, dir));
    String cut = SparkTestSession.newDir("synthetic-cut").toString();
    assertFalse(SyntheticIndex.isComplete(spark, cut));
    // A write cut short while filling its last table leaves that table created and empty.
    TableRef.path(cut).child(TokenStatsTable.TABLE).create(spark, TokenStatsTable.SCHEMA, Map.of());
    assertFalse(SyntheticIndex.isComplete(spark, cut));
  }

  @Test
  void everyPlanEqualsBruteForceBitForBit() {
    IndexSearcher searcher = new IndexSearcher(spark, IndexTables.inFolder(dir), null);
    for (int k : new int[] {10, 100}) {
      Map<String, List<Hit>> expected = IndexSearcherIT.bruteForce(batch, docs, k);
      IndexSearcherIT.assertSameHits(
          expected, IndexSearcherIT.search(searcher, batch, k, Plan.SCAN));
      // The postings plan on the driver (its postings fit the limit) and distributed.
      searcher.driverPostingsLimit = Long.MAX_VALUE;
      IndexSearcherIT.assertSameHits(
          expected, IndexSearcherIT.search(searcher, batch, k, Plan.POSTINGS));
      searcher.driverPostingsLimit = 0;
      IndexSearcherIT.assertSameHits(
          expected, IndexSearcherIT.search(searcher, batch, k, Plan.POSTINGS));
    }
  }

  @Test
  void spladeIndexInMemoryEqualsBruteForce() {
    try (SpladeIndex si = SpladeIndex.open(spark, dir, Fixtures.tinyModel().toString())) {
      assertTrue(si.inMemory());
      for (JsonNode q : Fixtures.reference().get("queries")) {
        String text = q.get("text").asText();
        for (int k : new int[] {10, 100}) {
          assertEquals(BruteForce.search(si.encode(text), docs, k), si.search(text, k), text);
        }
      }
    }
  }

  @Test
  void spladeIndexBatchEqualsBruteForceOnTheDriverOnTheExecutorsAndThroughSpark() {
    List<SparseVector> vectors = new ArrayList<>();
    for (int q = 0; q < batch.size(); q++) {
      vectors.add(batch.vector(q));
    }
    IndexTables tables = IndexTables.inFolder(dir);
    String model = Fixtures.tinyModel().toString();
    try (SpladeIndex inMemory = SpladeIndex.open(spark, tables, model, null, Long.MAX_VALUE);
        SpladeIndex throughSpark = SpladeIndex.open(spark, tables, model, null, 0);
        SpladeIndex onExecutors =
            SpladeIndex.open(spark, tables, model, null, SpladeIndex.Residence.EXECUTORS)) {
      assertTrue(inMemory.inMemory());
      assertFalse(throughSpark.inMemory() || throughSpark.onExecutors());
      assertTrue(onExecutors.onExecutors());
      for (int k : new int[] {10, 100}) {
        Map<String, List<Hit>> expected = IndexSearcherIT.bruteForce(batch, docs, k);
        for (SpladeIndex si : List.of(inMemory, throughSpark, onExecutors)) {
          List<List<Hit>> hits = si.search(vectors, k, 3);
          assertEquals(batch.size(), hits.size());
          for (int q = 0; q < batch.size(); q++) {
            String id = batch.id(q);
            assertEquals(expected.getOrDefault(id, List.of()), hits.get(q), id + " k=" + k);
          }
        }
      }
      assertEquals(List.of(), inMemory.search(List.of(), 10, 2));
      assertEquals(List.of(), onExecutors.search(List.of(), 10, 2));
      SpladeException e =
          assertThrows(SpladeException.class, () -> inMemory.search(vectors, 10, 0));
      assertEquals("threads: is 0. Fix: pass 1 or more", e.getMessage());
    }
  }

  @Test
  void slicesCachedInManyPartitionsMergeToBruteForce() {
    // More partitions than a tree reduce merges on the driver alone: the merge runs on executors.
    JavaRDD<InternalRow> rows =
        spark
            .read()
            .format("delta")
            .load(dir + "/doc_vectors")
            .select(Columns.DOC_ID, Columns.TOKEN_IDS, Columns.WEIGHTS)
            .repartition(9)
            .queryExecution()
            .toRdd()
            .toJavaRDD();
    List<SparseVector> vectors = new ArrayList<>();
    for (int q = 0; q < batch.size(); q++) {
      vectors.add(batch.vector(q));
    }
    try (CachedSlices cached = CachedSlices.build(rows, "test slices")) {
      assertEquals(9, cached.partitions());
      assertEquals(DOCS, cached.documents());
      for (int k : new int[] {10, 100}) {
        Map<String, List<Hit>> expected = IndexSearcherIT.bruteForce(batch, docs, k);
        List<List<Hit>> hits = cached.search(vectors, k);
        for (int q = 0; q < batch.size(); q++) {
          String id = batch.id(q);
          assertEquals(expected.getOrDefault(id, List.of()), hits.get(q), id + " k=" + k);
        }
      }
    }
  }

  @Test
  void aOneFileIndexIsCachedOnEveryCore() {
    IndexSearcher searcher = new IndexSearcher(spark, IndexTables.inFolder(dir), null);
    assertEquals(1, spark.read().format("delta").load(dir + "/doc_vectors").inputFiles().length);
    try (CachedSlices cached = searcher.cacheSlices()) {
      List<Long> perPartition = cached.documentsPerPartition();
      assertEquals(spark.sparkContext().defaultParallelism(), perPartition.size());
      assertTrue(perPartition.stream().allMatch(n -> n > 0), perPartition.toString());
      assertEquals(DOCS, cached.documents());
    }
  }

  @Test
  void theGeneratedIndexHasTiesAndIsDeterministic() {
    Map<String, List<Hit>> all = IndexSearcherIT.bruteForce(batch, docs, 100);
    long tied = 0;
    for (List<Hit> hits : all.values()) {
      for (int i = 1; i < hits.size(); i++) {
        tied += hits.get(i).score() == hits.get(i - 1).score() ? 1 : 0;
      }
    }
    assertTrue(tied > 100, "tied neighbours: " + tied);
    SyntheticIndex again = new SyntheticIndex(7, model.vocabSize());
    assertEquals(docs.get(SyntheticIndex.docId(12_345)), again.document(12_345));
    assertEquals(docs.get(SyntheticIndex.docId(49)), docs.get(SyntheticIndex.docId(48)));
    assertEquals(
        DOCS, spark.read().format("delta").load(dir + "/doc_vectors").count(), "doc_vectors rows");
  }
}
