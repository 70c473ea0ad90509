package org.spladespark.jobs.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.Predicates;
import scala.Tuple2;

/** Spark-free pieces of the encode job: line numbering, row references, messages, progress. */
class EncodeSupportTest {
  @Test
  void firstLineOfEachSplitFromLineCounts() {
    Map<String, Long> first =
        LineRecords.firstLines(
            List.of(
                new Tuple2<>("f", new long[] {1000, 7}),
                new Tuple2<>("f", new long[] {0, 10}),
                new Tuple2<>("g", new long[] {0, 3}),
                new Tuple2<>("f", new long[] {2000, 1})));
    assertEquals(1L, first.get("0@f"));
    assertEquals(11L, first.get("1000@f"));
    assertEquals(18L, first.get("2000@f"));
    assertEquals(1L, first.get("0@g"));
  }

  @Test
  void fileNames() {
    assertEquals("corpus.jsonl", LineRecords.fileName("file:/data/beir/corpus.jsonl"));
    assertEquals("x.csv", LineRecords.fileName("x.csv"));
  }

  @Test
  void formatFromExtension() {
    assertEquals(InputFormat.JSONL, CorpusReader.byExtension("a.jsonl"));
    assertEquals(InputFormat.JSONL, CorpusReader.byExtension("A.JSON.gz"));
    assertEquals(InputFormat.JSONL, CorpusReader.byExtension("a.ndjson"));
    assertEquals(InputFormat.CSV, CorpusReader.byExtension("a.csv.bz2"));
    assertEquals(InputFormat.PARQUET, CorpusReader.byExtension("part-0.snappy.parquet"));
    assertNull(CorpusReader.byExtension("a.txt"));
  }

  private static Row bad(String ref, String id, String problem) {
    StructType s =
        new StructType()
            .add("row_ref", DataTypes.StringType)
            .add("doc_id", DataTypes.StringType)
            .add("problem", DataTypes.StringType);
    return new GenericRowWithSchema(new Object[] {ref, id, problem}, s);
  }

  @Test
  void failureNamesRowsReasonsAndFixes() {
    SpladeException e =
        BadRows.failure(
            "docs.jsonl",
            7,
            List.of(
                bad("docs.jsonl:2", null, "invalid JSON at column 5: x"),
                bad("docs.jsonl:4", "d4", "missing text: 'text' is absent or null")),
            "/w");
    assertEquals("docs.jsonl", e.subject());
    assertEquals(
        "7 bad rows, the first 2:\n"
            + "  docs.jsonl:2: invalid JSON at column 5: x\n"
            + "  docs.jsonl:4 (id 'd4'): missing text: 'text' is absent or null",
        e.problem());
    assertEquals(
        "write exactly one JSON object per line; give every row a text (or name the text column"
            + " with --text-col); or pass --on-bad-rows=quarantine to write bad rows to"
            + " /w/rejected_rows and encode the rest",
        e.fix());
  }

  @Test
  void everyReasonHasItsFix() {
    assertTrue(BadRows.fix("not valid UTF-8: byte").contains("UTF-8"));
    assertTrue(BadRows.fix("malformed CSV record: x").contains("CSV"));
    assertTrue(BadRows.fix("missing id: x").contains("--id-col"));
    assertTrue(BadRows.fix("duplicate id: 'a'").contains("unique"));
    assertTrue(BadRows.fix("too long: 9 wordpieces").contains("--max-doc-wordpieces"));
    assertTrue(
        BadRows.fix("text field 'text' is a JSON number, expected a string")
            .contains("JSON strings"));
  }

  @Test
  void progressLine() {
    assertEquals("0:00:41", EncodeProgress.clock(41.2));
    assertEquals("1:02:03", EncodeProgress.clock(3723));
    assertEquals(
        "encode: 1,234/5,183 docs (23.8%), 100.0 docs/s, ETA 0:00:39",
        EncodeProgress.line(1234, 5183, 12.34));
    assertEquals("encode: 0/10 docs (0.0%), 0.0 docs/s, ETA ?", EncodeProgress.line(0, 10, 1));
  }

  @Test
  void predicatesQuoteValues() {
    assertEquals("model_id = 'abc'", Predicates.modelIs("abc"));
    assertEquals("source = '/a\\'b\\\\c'", Predicates.equalTo("source", "/a'b\\c"));
  }

  @Test
  void chunksAreRoundedDocumentCountsOverChunkSizeButAtLeast64() {
    assertEquals(1, DocVectorEncoding.chunks(0, 256));
    assertEquals(1, DocVectorEncoding.chunks(1, 256));
    assertEquals(40, DocVectorEncoding.chunks(40, 256));
    assertEquals(64, DocVectorEncoding.chunks(300, 256));
    assertEquals(64, DocVectorEncoding.chunks(5183, 256));
    assertEquals(78, DocVectorEncoding.chunks(20_000, 256));
    assertEquals(3906, DocVectorEncoding.chunks(1_000_000, 256));
  }

  @Test
  void aFewDozenDocumentsUseEveryCore() {
    // 64 long documents used to make one chunk, so one task, whatever the number of cores.
    assertEquals(8, Tuning.DEFAULT.encodeTasks(64, 2));
    assertEquals(64, Tuning.DEFAULT.encodeTasks(64, 16));
    assertEquals(30, Tuning.DEFAULT.encodeTasks(30, 16));
    assertEquals(1, Tuning.DEFAULT.encodeTasks(1, 16));
    // Large inputs: 4 tasks a core, or one per 20,000 documents.
    assertEquals(8, Tuning.DEFAULT.encodeTasks(100_000, 2));
    assertEquals(50, Tuning.DEFAULT.encodeTasks(1_000_000, 2));
    assertEquals(3, Tuning.DEFAULT.withPartitions(3).encodeTasks(64, 16));
  }
}
