package org.spladespark.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.TableRef;

class SearchOptionsTest {
  private static SearchOptions.Builder valid() {
    return SearchOptions.builder()
        .queries(QuerySource.file("q.jsonl"))
        .index(IndexTables.inFolder("/idx"))
        .model("/m")
        .outputTrec("run.txt");
  }

  private static String failure(SearchOptions.Builder b) {
    return assertThrows(SpladeException.class, b::build).getMessage();
  }

  @Test
  void defaults() {
    SearchOptions o = valid().build();
    assertEquals(100, o.topK());
    assertEquals(Plan.AUTO, o.plan());
    assertEquals("splade", o.runTag());
    assertFalse(o.overwrite());
    assertNull(o.modelId());
    assertEquals(TableRef.path("/idx/doc_vectors"), o.index().docVectors());
    assertEquals(TableRef.path("/idx/postings"), o.index().postings());
    assertEquals(TableRef.path("/idx/token_stats"), o.index().tokenStats());
  }

  @Test
  void missingQueries() {
    assertEquals(
        "queries: are not given. Fix: pass --queries FILE or --queries-table TABLE",
        failure(valid().queries(null)));
  }

  @Test
  void missingIndex() {
    assertEquals(
        "index: is not given. Fix: pass --index FOLDER or --index-database DATABASE",
        failure(valid().index(null)));
  }

  @Test
  void missingModel() {
    assertEquals(
        "--model: is not given. Fix: pass the model folder the index was encoded with",
        failure(valid().model(" ")));
  }

  @Test
  void topKOutOfRange() {
    assertEquals(
        "--top-k: is 0. Fix: pass a number of hits from 1 to 10000", failure(valid().topK(0)));
    assertEquals(
        "--top-k: is 10001. Fix: pass a number of hits from 1 to 10000",
        failure(valid().topK(10_001)));
  }

  @Test
  void noOutput() {
    assertEquals(
        "output: none of --output-table, --output-jsonl, --output-trec is given. Fix: pass at"
            + " least one output",
        failure(valid().outputTrec(null)));
  }

  @Test
  void runTagWithSpace() {
    assertEquals(
        "--run-tag: is 'my run'. Fix: pass a non-empty tag without whitespace (it is one column of"
            + " the TREC run)",
        failure(valid().runTag("my run")));
  }

  @Test
  void blankModelId() {
    assertEquals(
        "--model-id: is blank. Fix: pass the model_id of the index rows, or leave it out",
        failure(valid().modelId("")));
  }

  @Test
  void tableRefsTellPathsFromNames() {
    assertEquals(TableRef.path("/a/b"), TableRef.parse("/a/b"));
    assertEquals(TableRef.path("s3://bucket/x"), TableRef.parse("s3://bucket/x"));
    assertEquals(TableRef.path("./rel"), TableRef.parse("./rel"));
    assertEquals(TableRef.name("db.results"), TableRef.parse("db.results"));
    assertEquals(TableRef.name("db.postings"), IndexTables.inDatabase("db").postings());
  }
}
