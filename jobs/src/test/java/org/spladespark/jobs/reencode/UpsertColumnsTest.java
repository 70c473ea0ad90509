package org.spladespark.jobs.reencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;

/** The MERGE expressions the reencode job's three upserts are built from, pinned as strings. */
class UpsertColumnsTest {

  @Test
  void postingsMatchOnModelTokenAndDocumentAndUpdateOnlyTheWeight() {
    UpsertColumns c =
        UpsertColumns.of(PostingsTable.SCHEMA, PostingsTable.TOKEN_ID, PostingsTable.DOC_ID);
    assertEquals(
        "t.model_id = 'm\\'1' AND t.model_id = s.model_id AND t.token_id = s.token_id"
            + " AND t.doc_id = s.doc_id",
        c.matches("m'1"));
    assertEquals("t.weight <> s.weight", c.changed());
    assertEquals(Map.of("weight", "s.weight"), c.update());
    assertEquals(
        List.of("token_id", "doc_id", "weight", "model_id"), List.copyOf(c.insert().keySet()));
  }

  @Test
  void tokenStatsUpdateEveryStatisticWhenAnyDiffers() {
    UpsertColumns c = UpsertColumns.of(TokenStatsTable.SCHEMA, TokenStatsTable.TOKEN_ID);
    assertEquals(
        "t.model_id = 'm' AND t.model_id = s.model_id AND t.token_id = s.token_id", c.matches("m"));
    assertEquals(
        List.of(
            "t.token <> s.token",
            "t.df <> s.df",
            "t.max_weight <> s.max_weight",
            "t.sum_weight <> s.sum_weight"),
        List.of(c.changed().split(" OR ")));
    assertEquals(
        List.of("token", "df", "max_weight", "sum_weight"), List.copyOf(c.update().keySet()));
  }

  @Test
  void docVectorsKeepTheirKeysOnUpdate() {
    UpsertColumns c = UpsertColumns.of(DocVectorsTable.SCHEMA, DocVectorsTable.DOC_ID);
    assertEquals(DocVectorsTable.SCHEMA.fieldNames().length - 2, c.update().size());
    assertEquals("s.text_sha256", c.update().get(DocVectorsTable.TEXT_SHA256));
    assertFalse(c.update().containsKey(DocVectorsTable.DOC_ID));
    assertFalse(c.update().containsKey(DocVectorsTable.MODEL_ID));
    assertEquals("s.doc_id", c.insert().get(DocVectorsTable.DOC_ID));
  }

  @Test
  void theOpConditionsNameTheOpColumn() {
    assertEquals("s.op = 'delete'", UpsertColumns.IS_DELETE);
    assertEquals("s.op = 'upsert'", UpsertColumns.IS_UPSERT);
  }
}
