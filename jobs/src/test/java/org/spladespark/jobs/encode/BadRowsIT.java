package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.testing.Printed;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

/**
 * Bad input rows: each kind fails fast naming the row (default), and one quarantine run over all
 * kinds writes each with its reason while the good rows are encoded.
 */
class BadRowsIT {
  private static final String GOOD = "{\"_id\": \"g1\", \"text\": \"A good document about cats.\"}";
  private static final String LONG =
      "{\"_id\": \"long\", \"text\": \"" + "word ".repeat(40).trim() + "\"}";
  private static final byte[] LATIN1 =
      concat(
          "{\"_id\": \"latin1\", \"text\": \"caf".getBytes(StandardCharsets.UTF_8),
          new byte[] {(byte) 0xE9},
          "\"}".getBytes(StandardCharsets.UTF_8));

  /** Line → what it is; line numbers are the positions (1-based). */
  private static final Object[] ALL = {
    GOOD, // 1
    "{\"_id\": \"g2\", \"text\": \"\"}", // 2 empty text: a valid document
    "{\"_id\": \"n1\", \"text\": null}", // 3 null text
    "{\"_id\": \"n2\"}", // 4 no text
    "{\"text\": \"no id here\"}", // 5 no id
    "{\"_id\": \"dup\", \"text\": \"first copy\"}", // 6 duplicate
    "{\"_id\": \"dup\", \"text\": \"second copy\"}", // 7 duplicate
    "{\"_id\": \"broken\", \"text\": \"unterminated}", // 8 invalid JSON
    LATIN1, // 9 not UTF-8
    LONG, // 10 too long with --max-doc-wordpieces 30
    "{\"_id\": \"g3\", \"text\": \"Another good one.\"}", // 11
    "{\"_id\": 7, \"text\": \"integer id\"}", // 12 good, id "7"
    "{\"_id\": \"typed\", \"text\": 42}", // 13 text not a string
    "", // 14 blank: skipped
  };

  private static Path quarantineTables;
  private static Path allInput;
  private static Printed<EncodeMetrics> quarantined;
  private static Map<String, Row> rejectedByRef;

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static EncodeCorpusOptions options(Path input, Path tables) {
    return EncodeFixtures.options(input.toString(), tables).toBuilder()
        .maxDocWordpieces(30)
        .build();
  }

  @BeforeAll
  static void quarantineEverything() {
    allInput = EncodeFixtures.writeLines("bad.jsonl", ALL);
    quarantineTables = SparkTestSession.newDir("quarantine");
    quarantined =
        EncodeFixtures.run(
            options(allInput, quarantineTables).toBuilder()
                .onBadRows(BadRowPolicy.QUARANTINE)
                .build());
    rejectedByRef = new HashMap<>();
    for (Row r :
        SparkTestSession.table(quarantineTables, RejectedRowsTable.TABLE).collectAsList()) {
      rejectedByRef.put(r.getAs("row_ref"), r);
    }
  }

  /** Runs in fail mode and returns the error; asserts that no table was written. */
  private static SpladeException failFast(Path input) {
    return failFast(input, 30);
  }

  private static SpladeException failFast(Path input, int maxDocWordpieces) {
    Path tables = SparkTestSession.newDir("fail");
    EncodeCorpusOptions o =
        options(input, tables).toBuilder().maxDocWordpieces(maxDocWordpieces).build();
    SpladeException e = assertThrows(SpladeException.class, () -> EncodeFixtures.run(o));
    assertEquals(input.toString(), e.subject());
    assertFalse(Files.exists(tables.resolve(DocVectorsTable.TABLE)), "nothing written");
    assertTrue(e.fix().contains("--on-bad-rows=quarantine"), e.getMessage());
    return e;
  }

  private static void assertRejected(String ref, String docId, String reasonStart) {
    Row r = rejectedByRef.get(ref);
    assertTrue(r != null, ref + " not in " + rejectedByRef.keySet());
    assertEquals(docId, r.getAs("doc_id"));
    assertTrue(r.<String>getAs("reason").startsWith(reasonStart), r.<String>getAs("reason"));
    assertEquals(allInput.toString(), r.getAs("source"));
  }

  // ---- fail fast, one kind at a time ----

  @Test
  void nullTextFailsNamingTheLine() {
    SpladeException e =
        failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, "{\"_id\": \"n1\", \"text\": null}"));
    assertEquals(
        "1 bad row:\n  t.jsonl:2 (id 'n1'): missing text: 'text' is absent or null", e.problem());
    assertTrue(e.fix().startsWith("give every row a text"), e.fix());
  }

  @Test
  void missingIdFailsNamingTheLine() {
    SpladeException e =
        failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, "{\"_id\": \" \", \"text\": \"x\"}"));
    assertEquals(
        "1 bad row:\n  t.jsonl:2 (id ' '): missing id: '_id' is absent, null or empty",
        e.problem());
    assertTrue(e.fix().contains("--id-col"), e.fix());
  }

  @Test
  void duplicateIdsFailNamingTheLaterCopyAndTheFirstOne() {
    SpladeException e =
        failFast(
            EncodeFixtures.writeLines(
                "t.jsonl",
                "{\"_id\": \"a\", \"text\": \"x\"}",
                GOOD,
                "{\"_id\": \"a\", \"text\": \"y\"}"));
    assertEquals(
        "1 bad row:\n"
            + "  t.jsonl:3 (id 'a'): duplicate id: 'a' occurs 2 times in the input; the first,"
            + " t.jsonl:1, is kept",
        e.problem());
  }

  @Test
  void invalidJsonFailsNamingTheLineAndColumn() {
    SpladeException e =
        failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, "{\"_id\": \"b\", \"text\": oops}"));
    assertTrue(
        e.problem().matches("(?s)1 bad row:\n  t\\.jsonl:2: invalid JSON at column \\d+: .*oops.*"),
        e.problem());
    assertTrue(e.fix().startsWith("write exactly one JSON object per line"), e.fix());
  }

  @Test
  void nonUtf8BytesFailNamingTheLineAndOffset() {
    SpladeException e = failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, LATIN1));
    assertEquals(
        "1 bad row:\n  t.jsonl:2: not valid UTF-8: byte 0xE9 at byte offset 30 of the line",
        e.problem());
  }

  @Test
  void farTooLongDocumentFailsWithItsLength() {
    SpladeException e = failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, LONG));
    assertEquals(
        "1 bad row:\n  t.jsonl:2 (id 'long'): too long: 40 wordpieces, more than"
            + " --max-doc-wordpieces=30",
        e.problem());
  }

  @Test
  void beyondTheDefaultThresholdTheTruncationLossIsNamed() {
    String huge = "{\"_id\": \"huge\", \"text\": \"" + "word ".repeat(4100).trim() + "\"}";
    SpladeException e = failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, huge), 0);
    assertEquals(
        "1 bad row:\n  t.jsonl:2 (id 'huge'): too long: 4100 wordpieces, more than"
            + " --max-doc-wordpieces=4096; the model reads only the first 510, truncation would"
            + " drop 3590",
        e.problem());
    assertTrue(e.fix().startsWith("split long documents into passages"), e.fix());
  }

  @Test
  void nonStringTextFails() {
    SpladeException e =
        failFast(EncodeFixtures.writeLines("t.jsonl", GOOD, "{\"_id\": \"typed\", \"text\": 42}"));
    assertEquals(
        "1 bad row:\n  t.jsonl:2 (id 'typed'): text field 'text' is a JSON number, expected a string",
        e.problem());
  }

  @Test
  void malformedCsvRecordFails() {
    SpladeException e =
        failFast(EncodeFixtures.writeLines("t.csv", "_id,text", "a,fine", "b,too,many"));
    assertEquals(
        "1 bad row:\n  t.csv:3 (id 'b'): malformed CSV record: expected 2 fields as in the header"
            + " (one record per line, quotes doubled inside quoted fields)",
        e.problem());
  }

  @Test
  void nonUtf8CsvLineFails() {
    byte[] bad = concat("c,caf".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9});
    SpladeException e = failFast(EncodeFixtures.writeLines("t.csv", "_id,text", "a,fine", bad));
    assertTrue(e.problem().startsWith("1 bad row:\n  t.csv:3"), e.problem());
    assertTrue(e.problem().contains("not valid UTF-8"), e.problem());
  }

  @Test
  void nonUtf8ParquetValueFails() {
    Path dir = SparkTestSession.newDir("pq-utf8").resolve("docs");
    StructType s =
        new StructType().add("_id", DataTypes.StringType).add("raw", DataTypes.BinaryType);
    SparkTestSession.get()
        .createDataFrame(
            List.of(
                RowFactory.create("a", "fine".getBytes(StandardCharsets.UTF_8)),
                RowFactory.create("b", new byte[] {'c', 'a', 'f', (byte) 0xE9})),
            s)
        .selectExpr("_id", "cast(raw as string) as text")
        .coalesce(1)
        .write()
        .parquet(dir.toString());
    SpladeException e = failFast(dir);
    assertTrue(
        e.problem()
            .matches(
                "(?s)1 bad row:\n  part-.*\\.parquet#1 \\(id 'b'\\): not valid UTF-8 in column 'text'"),
        e.problem());
  }

  @Test
  void manyBadRowsShowTheFirstFiveInInputOrder() {
    SpladeException e = failFast(allInput);
    String[] lines = e.problem().split("\n");
    assertEquals("8 bad rows, the first 5:", lines[0]);
    assertEquals(6, lines.length);
    assertTrue(lines[1].startsWith("  bad.jsonl:3 (id 'n1'): missing text"), lines[1]);
    assertTrue(lines[2].startsWith("  bad.jsonl:4 (id 'n2'): missing text"), lines[2]);
    assertTrue(lines[3].startsWith("  bad.jsonl:5: missing id"), lines[3]);
    assertTrue(lines[4].startsWith("  bad.jsonl:7 (id 'dup'): duplicate id"), lines[4]);
    assertTrue(lines[5].startsWith("  bad.jsonl:8: invalid JSON"), lines[5]);
  }

  @Test
  void inputWithoutDocumentsFails() {
    Path in = EncodeFixtures.writeLines("empty.jsonl", "", "  ");
    Path tables = SparkTestSession.newDir("empty");
    SpladeException e =
        assertThrows(SpladeException.class, () -> EncodeFixtures.run(options(in, tables)));
    assertEquals(in.toString(), e.subject());
    assertEquals("has no documents", e.problem());
  }

  // ---- quarantine: one run over every kind ----

  @Test
  void quarantineEncodesTheGoodRows() {
    Map<String, SparseVector> v =
        EncodeFixtures.vectors(SparkTestSession.table(quarantineTables, DocVectorsTable.TABLE));
    assertEquals(Set.of("g1", "g2", "g3", "7", "dup"), v.keySet());
    assertEquals(5, quarantined.metrics().counts().docs());
    assertEquals(13, quarantined.metrics().counts().rowsRead());
    assertEquals(8, quarantined.metrics().counts().rejectedRows());
    assertTrue(quarantined.console().contains("quarantined 8 bad rows"), quarantined.console());
  }

  @Test
  void emptyTextIsTheVectorOfClsSep() {
    SparseVector g2 =
        EncodeFixtures.vectors(SparkTestSession.table(quarantineTables, DocVectorsTable.TABLE))
            .get("g2");
    JsonNode ref = null;
    for (JsonNode d : Fixtures.reference().get("documents")) {
      if (d.get("text").asText().isEmpty()) {
        ref = d;
      }
    }
    assertArrayEquals(Fixtures.ints(ref.get("indices")), g2.indices());
    float[] want = Fixtures.floats(ref.get("values"));
    for (int k = 0; k < want.length; k++) {
      assertEquals(want[k], g2.value(k), 1e-5);
    }
  }

  @Test
  void quarantinedNullText() {
    assertRejected("bad.jsonl:3", "n1", "missing text");
    assertRejected("bad.jsonl:4", "n2", "missing text");
    assertEquals("{\"_id\": \"n2\"}", rejectedByRef.get("bad.jsonl:4").getAs("raw"));
  }

  @Test
  void quarantinedMissingId() {
    assertRejected("bad.jsonl:5", null, "missing id");
  }

  @Test
  void quarantineKeepsTheFirstCopyOfADuplicatedId() {
    assertNull(rejectedByRef.get("bad.jsonl:6"));
    assertRejected(
        "bad.jsonl:7",
        "dup",
        "duplicate id: 'dup' occurs 2 times in the input; the first, bad.jsonl:6, is kept");
    Map<String, Row> texts = new java.util.HashMap<>();
    for (Row r :
        SparkTestSession.get()
            .read()
            .format("delta")
            .load(quarantineTables.resolve(DocVectorsTable.TABLE).toString())
            .collectAsList()) {
      texts.put(r.getAs("doc_id"), r);
    }
    assertEquals(
        DocVectorEncoding.textSha256("first copy"),
        texts.get("dup").getAs("text_sha256"),
        "the first copy's text is encoded");
  }

  @Test
  void quarantinedInvalidJson() {
    assertRejected("bad.jsonl:8", null, "invalid JSON at column");
    assertEquals(ALL[7], rejectedByRef.get("bad.jsonl:8").getAs("raw"));
  }

  @Test
  void quarantinedNonUtf8() {
    assertRejected("bad.jsonl:9", null, "not valid UTF-8: byte 0xE9");
    assertTrue(rejectedByRef.get("bad.jsonl:9").<String>getAs("raw").contains("caf\uFFFD"));
  }

  @Test
  void quarantinedTooLong() {
    assertRejected("bad.jsonl:10", "long", "too long: 40 wordpieces");
  }

  @Test
  void quarantinedWrongType() {
    assertRejected("bad.jsonl:13", "typed", "text field 'text' is a JSON number");
  }

  @Test
  void quarantineHasOneTimestampAndNothingElse() {
    assertEquals(8, rejectedByRef.size());
    Set<Object> stamps = new HashSet<>();
    rejectedByRef.values().forEach(r -> stamps.add(r.getAs("rejected_at")));
    assertEquals(1, stamps.size());
    assertNull(rejectedByRef.get("bad.jsonl:14"));
  }

  @Test
  void quarantineRerunReplacesThisInputsRejections() {
    Path tables = SparkTestSession.newDir("requarantine");
    Path in = EncodeFixtures.writeLines("r.jsonl", GOOD, "{\"_id\": \"x\"}");
    EncodeCorpusOptions o =
        options(in, tables).toBuilder().onBadRows(BadRowPolicy.QUARANTINE).build();
    EncodeFixtures.run(o);
    EncodeFixtures.run(o);
    assertEquals(1, SparkTestSession.table(tables, RejectedRowsTable.TABLE).count());
  }
}
