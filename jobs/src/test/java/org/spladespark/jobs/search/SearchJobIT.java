package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.testing.Fixtures;
import picocli.CommandLine;

class SearchJobIT extends OnStandardIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path queriesJsonl;

  @BeforeAll
  static void setUp() throws IOException {
    queriesJsonl =
        index.writeQueriesJsonl(SparkTestSession.newDir("queries").resolve("queries.jsonl"));
  }

  private static SearchOptions.Builder options(Path out) {
    return SearchOptions.builder()
        .queries(QuerySource.file(queriesJsonl.toString()))
        .index(IndexTables.inFolder(index.dir))
        .model(Fixtures.tinyModel().toString())
        .outputJsonl(out.resolve("run.jsonl").toString());
  }

  /** Results per query id in rank order, read back from the Delta table. */
  private static Map<String, List<Hit>> readTable(String path) {
    Map<String, List<Hit>> out = new LinkedHashMap<>();
    for (Row r :
        spark.read().format("delta").load(path).orderBy("query_id", "rank").collectAsList()) {
      List<Hit> hits = out.computeIfAbsent(r.getString(0), q -> new ArrayList<>());
      assertEquals(hits.size() + 1, r.getInt(1), "ranks are 1..n");
      assertEquals(TestIndex.MODEL_ID, r.getString(4));
      hits.add(new Hit(r.getString(2), r.getFloat(3)));
    }
    return out;
  }

  /** Results per query id in rank order, read back from a JSON-lines file. */
  static Map<String, List<Hit>> readJsonl(Path file) throws IOException {
    Map<String, List<Hit>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = JSON.readTree(line);
      assertEquals(5, n.size(), line);
      assertEquals(TestIndex.MODEL_ID, n.get("model_id").asText());
      List<Hit> hits = out.computeIfAbsent(n.get("query_id").asText(), q -> new ArrayList<>());
      assertEquals(hits.size() + 1, n.get("rank").asInt(), "ranks are 1..n");
      hits.add(new Hit(n.get("doc_id").asText(), n.get("score").floatValue()));
    }
    return out;
  }

  private static Map<String, List<Hit>> bruteForce(int k) {
    return IndexSearcherIT.bruteForce(index.queryBatch(), index.docs, k);
  }

  @Test
  void writesTableJsonLinesAndTrecRunAndOverwritesOnlyWhenAsked() throws IOException {
    Path out = SparkTestSession.newDir("outputs");
    Path jsonl = out.resolve("run.jsonl");
    Path trec = out.resolve("run.trec");
    String table = out.resolve("results").toString();
    SearchOptions.Builder options =
        options(out)
            .topK(5)
            .outputTable(TableRef.path(table))
            .outputJsonl(jsonl.toString())
            .outputTrec(trec.toString())
            .runTag("tiny");
    SearchReport report = SearchJob.run(spark, options.build());

    Map<String, List<Hit>> expected = bruteForce(5);
    assertEquals(53, report.queries());
    // '' and blank; "the the the of of" keeps the=-0.05 (of weighs 0).
    assertEquals(2, report.emptyQueries());
    assertEquals(TestIndex.MODEL_ID, report.modelId());
    assertEquals(expected.values().stream().mapToLong(List::size).sum(), report.hits());

    assertEquals(SearchResultsTable.SCHEMA, spark.read().format("delta").load(table).schema());
    IndexSearcherIT.assertSameHits(expected, readTable(table));
    IndexSearcherIT.assertSameHits(expected, readJsonl(jsonl));
    List<String> expectedTrec = new ArrayList<>();
    for (String q : index.queryIds) {
      List<Hit> hits = expected.getOrDefault(q, List.of());
      for (int i = 0; i < hits.size(); i++) {
        expectedTrec.add(
            q + " Q0 " + hits.get(i).docId() + " " + (i + 1) + " " + hits.get(i).score() + " tiny");
      }
    }
    assertEquals(expectedTrec, Files.readAllLines(trec), "input order, then rank");

    SpladeException exists =
        assertThrows(SpladeException.class, () -> SearchJob.run(spark, options.build()));
    assertEquals(
        table + ": exists already. Fix: pass --overwrite or another table", exists.getMessage());
    SpladeException fileExists =
        assertThrows(
            SpladeException.class, () -> SearchJob.run(spark, options.outputTable(null).build()));
    assertEquals(
        jsonl + ": exists already. Fix: pass --overwrite or another path", fileExists.getMessage());

    SearchJob.run(spark, options.outputTable(TableRef.path(table)).topK(1).overwrite(true).build());
    Map<String, List<Hit>> top1 = bruteForce(1);
    IndexSearcherIT.assertSameHits(top1, readTable(table));
    IndexSearcherIT.assertSameHits(top1, readJsonl(jsonl));
    assertEquals(top1.size(), Files.readAllLines(trec).size());
    assertEquals(SearchResultsTable.SCHEMA, spark.read().format("delta").load(table).schema());
  }

  @Test
  void bothPlansThroughTheJob() throws IOException {
    for (Plan plan : new Plan[] {Plan.SCAN, Plan.POSTINGS}) {
      Path out = SparkTestSession.newDir("job-" + plan);
      SearchReport r = SearchJob.run(spark, options(out).plan(plan).topK(20).build());
      assertEquals(plan, r.plan());
      assertEquals("requested", r.planReason());
      IndexSearcherIT.assertSameHits(bruteForce(20), readJsonl(out.resolve("run.jsonl")));
    }
  }

  @Test
  void readsQueriesFromATable() {
    StructType schema =
        new StructType()
            .add("_id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType)
            .add("other", DataTypes.IntegerType);
    List<Row> rows = List.of(RowFactory.create(7, "fever", 1), RowFactory.create(8, "brain", 2));
    spark.createDataFrame(rows, schema).createOrReplaceTempView("search_it_queries");
    assertEquals(
        List.of(new QueryReader.QueryText("7", "fever"), new QueryReader.QueryText("8", "brain")),
        QueryReader.read(spark, QuerySource.table(TableRef.name("search_it_queries"))));
  }

  @Test
  void refusesAQueriesTableWithoutText() {
    spark.sql("SELECT 1 AS query_id, 'x' AS body").createOrReplaceTempView("search_it_bad");
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> QueryReader.read(spark, QuerySource.table(TableRef.name("search_it_bad"))));
    assertEquals(
        "table search_it_bad: has columns [query_id, body]; a query table needs an id column (one"
            + " of [_id, query_id, id]) and text. Fix: select or rename the columns",
        e.getMessage());
  }

  @Test
  void refusesDuplicateQueryIds() throws IOException {
    Path out = SparkTestSession.newDir("dup");
    Path q = out.resolve("q.tsv");
    Files.writeString(q, "a\tfever\nb\tcells\na\tbrain\n");
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () ->
                SearchJob.run(spark, options(out).queries(QuerySource.file(q.toString())).build()));
    assertEquals(
        "query id 'a': occurs twice (queries #1 and #3). Fix: give every query a unique id",
        e.getMessage());
  }

  @Test
  void cliRunsASearchFromTsv() throws IOException {
    Path out = SparkTestSession.newDir("cli");
    Path tsv = out.resolve("queries.tsv");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append(index.queryIds.get(i)).append('\t').append(index.queryTexts.get(i)).append('\n');
    }
    Files.writeString(tsv, sb.toString());
    int code =
        SpladeCli.commandLine()
            .execute(
                "search",
                "--queries",
                tsv.toString(),
                "--index",
                index.dir,
                "--model",
                Fixtures.tinyModel().toString(),
                "--top-k",
                "4",
                "--output-trec",
                out.resolve("run.trec").toString());
    assertEquals(0, code);
    List<String> lines = Files.readAllLines(out.resolve("run.trec"));
    Map<String, List<Hit>> expected = bruteForce(4);
    expected.keySet().retainAll(index.queryIds.subList(0, 10));
    assertEquals(expected.values().stream().mapToInt(List::size).sum(), lines.size());
    Hit best = expected.get(index.queryIds.get(0)).get(0);
    assertEquals(
        index.queryIds.get(0) + " Q0 " + best.docId() + " 1 " + best.score() + " splade",
        lines.get(0));
  }

  @Test
  void cliReportsUserErrorsWithoutAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cl = SpladeCli.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code =
        cl.execute(
            "search",
            "--queries",
            "/no/such/queries.jsonl",
            "--index",
            index.dir,
            "--model",
            Fixtures.tinyModel().toString(),
            "--output-trec",
            SparkTestSession.newDir("cli-err").resolve("run.trec").toString());
    assertEquals(2, code, err.toString()); // bad input, found before the job starts
    assertTrue(
        err.toString()
            .startsWith(
                "splade search: --queries /no/such/queries.jsonl: no such file or folder. Fix:"),
        err.toString());
  }
}
