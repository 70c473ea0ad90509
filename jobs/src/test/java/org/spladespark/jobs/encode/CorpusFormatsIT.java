package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;

/** Every input format yields the same documents (ids and encoded texts) as the JSONL sample. */
class CorpusFormatsIT {
  private static final SparkSession SPARK = SparkTestSession.get();

  private static CorpusInput input(String location) {
    return new CorpusInput(location, InputFormat.AUTO, "_id", "text", "title");
  }

  /** doc_id → encoded text of the sample, title joined as BEIR does. */
  private static Map<String, String> expected() {
    Map<String, String> out = new TreeMap<>();
    Fixtures.sampleRows().forEach((id, tt) -> out.put(id, DocumentText.of(tt[0], tt[1])));
    return out;
  }

  private static Dataset<Row> checked(CorpusInput in, InputFormat expectedFormat) {
    InputFormat f = CorpusReader.detect(SPARK, in);
    assertEquals(expectedFormat, f, in.location());
    return CorpusValidator.check(
        CorpusReader.read(SPARK, in, f), in, EncoderFixtures.tinySpec(), 4096, 512);
  }

  private static Map<String, String> docs(Dataset<Row> checked) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : checked.collectAsList()) {
      assertNull(r.<String>getAs("problem"), r.toString());
      out.put(r.getAs("doc_id"), r.getAs("text"));
    }
    return out;
  }

  private static Dataset<Row> sampleFrame() {
    return SPARK.read().json(Fixtures.sampleDocs().toString()).select("_id", "title", "text");
  }

  @Test
  void jsonlWithLineReferences() {
    Dataset<Row> c = checked(input(Fixtures.sampleDocs().toString()), InputFormat.JSONL);
    assertEquals(expected(), docs(c));
    List<String> ids = new ArrayList<>(Fixtures.sampleRows().keySet());
    for (Row r : c.collectAsList()) {
      long line = ids.indexOf(r.<String>getAs("doc_id")) + 1L;
      assertEquals("sample_docs.jsonl:" + line, r.getAs("row_ref"));
      assertEquals(line, (long) r.getAs("pos"));
      assertTrue(r.<Integer>getAs("wordpieces") > 5);
    }
  }

  @Test
  void parquet() {
    Path dir = SparkTestSession.newDir("pq").resolve("docs");
    sampleFrame().repartition(3).write().parquet(dir.toString());
    Dataset<Row> c = checked(input(dir.toString()), InputFormat.PARQUET);
    assertEquals(expected(), docs(c));
    assertTrue(c.first().<String>getAs("row_ref").matches("part-.*\\.parquet#\\d+"));
  }

  @Test
  void csvWithQuotedFields() throws IOException {
    StringBuilder csv = new StringBuilder("_id,title,text\n");
    Fixtures.sampleRows()
        .forEach(
            (id, tt) ->
                csv.append(id)
                    .append(",\"")
                    .append(tt[0].replace("\"", "\"\""))
                    .append("\",\"")
                    .append(tt[1].replace("\"", "\"\""))
                    .append("\"\n"));
    csv.append("q1,\"He said \"\"hi\"\", then left\",\"a, b\"\n");
    Path f = SparkTestSession.newDir("csv").resolve("docs.csv");
    Files.writeString(f, csv);
    Map<String, String> want = expected();
    want.put("q1", "He said \"hi\", then left a, b");
    Dataset<Row> c = checked(input(f.toString()), InputFormat.CSV);
    assertEquals(want, docs(c));
    assertEquals("docs.csv:2", c.orderBy("pos").first().getAs("row_ref"));
  }

  @Test
  void deltaPath() {
    Path dir = SparkTestSession.newDir("delta").resolve("docs");
    sampleFrame().write().format("delta").save(dir.toString());
    assertEquals(expected(), docs(checked(input(dir.toString()), InputFormat.DELTA)));
  }

  @Test
  void deltaCatalogTable() {
    sampleFrame().write().format("delta").mode(SaveMode.Overwrite).saveAsTable("splade_it_docs");
    assertEquals(
        expected(),
        docs(checked(input("spark_catalog.default.splade_it_docs"), InputFormat.DELTA)));
  }

  @Test
  void beirFolder() throws IOException {
    Path dir = SparkTestSession.newDir("beir");
    Files.copy(Fixtures.sampleDocs(), dir.resolve("corpus.jsonl"));
    Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"q\", \"text\": \"x\"}\n");
    Dataset<Row> c = checked(input(dir.toString()), InputFormat.BEIR);
    assertEquals(expected(), docs(c));
    assertEquals("corpus.jsonl:1", c.where("doc_id = 'd01'").first().getAs("row_ref"));
  }

  @Test
  void folderOfGzippedJsonlFilesNumbersLinesPerFile() throws IOException {
    Path dir = SparkTestSession.newDir("jsonl-folder");
    List<String> lines = Files.readAllLines(Fixtures.sampleDocs());
    try (OutputStream a = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.jsonl.gz")))) {
      a.write((String.join("\n", lines.subList(0, 20)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve("b.jsonl"), lines.subList(20, 50));
    Dataset<Row> c = checked(input(dir.toString()), InputFormat.JSONL);
    assertEquals(expected(), docs(c));
    assertEquals("a.jsonl.gz:1", c.where("doc_id = 'd01'").first().getAs("row_ref"));
    assertEquals("b.jsonl:1", c.where("doc_id = 'd21'").first().getAs("row_ref"));
    assertEquals("b.jsonl:30", c.where("doc_id = 'd50'").first().getAs("row_ref"));
  }

  @Test
  void lineNumbersStayExactAcrossFileSplits() {
    String key = "mapreduce.input.fileinputformat.split.maxsize";
    org.apache.hadoop.conf.Configuration conf = SPARK.sparkContext().hadoopConfiguration();
    String old = conf.get(key);
    conf.set(key, "1500");
    try {
      Dataset<Row> lines = LineRecords.read(SPARK, Fixtures.sampleDocs().toString());
      assertTrue(lines.rdd().getNumPartitions() >= 4, "splits " + lines.rdd().getNumPartitions());
      List<String> file = new ArrayList<>(Fixtures.sampleRows().keySet());
      List<Row> rows = lines.orderBy("line").collectAsList();
      assertEquals(50, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(i + 1L, rows.get(i).getLong(1));
        String text = new String((byte[]) rows.get(i).get(2), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"" + file.get(i) + "\""), text);
      }
    } finally {
      if (old == null) {
        conf.unset(key);
      } else {
        conf.set(key, old);
      }
    }
  }

  @Test
  void withoutTitleColumnTheTextAlone() {
    CorpusInput in =
        new CorpusInput(Fixtures.sampleDocs().toString(), InputFormat.JSONL, "_id", "text", "");
    Map<String, String> want = new TreeMap<>();
    Fixtures.sampleRows().forEach((id, tt) -> want.put(id, tt[1]));
    assertEquals(want, docs(checked(in, InputFormat.JSONL)));
  }

  @Test
  void missingInputIsNamed() {
    String where = SparkTestSession.newDir("missing").resolve("nothing.jsonl").toString();
    SpladeException e =
        assertThrows(SpladeException.class, () -> CorpusReader.detect(SPARK, input(where)));
    assertEquals(where, e.subject());
    assertTrue(e.problem().contains("no such file, folder or catalog table"), e.getMessage());
  }

  @Test
  void folderOfMixedFormatsNeedsFormat() throws IOException {
    Path dir = SparkTestSession.newDir("mixed");
    Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    Files.writeString(dir.resolve("b.csv"), "_id,text\n");
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> CorpusReader.detect(SPARK, input(dir.toString())));
    assertTrue(e.problem().contains("[jsonl, csv]"), e.getMessage());
  }

  @Test
  void unknownExtensionNeedsFormat() throws IOException {
    Path f = SparkTestSession.newDir("ext").resolve("docs.txt");
    Files.writeString(f, "x\n");
    SpladeException e =
        assertThrows(SpladeException.class, () -> CorpusReader.detect(SPARK, input(f.toString())));
    assertTrue(e.fix().contains("--format"), e.getMessage());
    assertEquals(
        InputFormat.JSONL,
        CorpusReader.detect(SPARK, input(f.toString()).withFormat(InputFormat.JSONL)));
  }

  @Test
  void beirFormatNeedsTheDatasetFolder() {
    CorpusInput in = input(Fixtures.sampleDocs().toString()).withFormat(InputFormat.BEIR);
    SpladeException e = assertThrows(SpladeException.class, () -> CorpusReader.detect(SPARK, in));
    assertTrue(
        e.problem().contains("is not a BEIR folder (no corpus.jsonl in it)"), e.getMessage());
  }

  @Test
  void missingColumnListsTheColumns() {
    Path dir = SparkTestSession.newDir("pq-cols").resolve("docs");
    sampleFrame().withColumnRenamed("_id", "id").write().parquet(dir.toString());
    CorpusInput in = input(dir.toString());
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> CorpusReader.read(SPARK, in, InputFormat.PARQUET));
    assertTrue(e.problem().contains("no column '_id' (columns: id, title, text)"), e.getMessage());
    assertTrue(e.fix().contains("--id-col"), e.getMessage());
  }

  @Test
  void nonStringTextColumnIsRefused() {
    Path dir = SparkTestSession.newDir("pq-type").resolve("docs");
    SPARK
        .sql("select cast(id as string) as _id, id as text from range(3)")
        .write()
        .parquet(dir.toString());
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> CorpusReader.read(SPARK, input(dir.toString()), InputFormat.PARQUET));
    assertTrue(e.problem().contains("column 'text' has type bigint, not string"), e.getMessage());
  }
}
