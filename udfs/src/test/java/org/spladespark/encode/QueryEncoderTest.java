package org.spladespark.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

class QueryEncoderTest {
  private static QueryEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = QueryEncoder.create(ModelBundle.load(Fixtures.tinyModel()));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void tokenIdsMatchReference() {
    for (JsonNode q : Fixtures.reference().get("queries")) {
      long[] ids = encoder.tokenizer().ids(q.get("text").asText());
      int[] expected = Fixtures.ints(q.get("token_ids"));
      assertArrayEquals(
          expected,
          Arrays.stream(ids).mapToInt(Math::toIntExact).toArray(),
          "token ids of query " + q.get("id"));
    }
  }

  @Test
  void allReferenceQueriesMatchExactly() {
    EncoderFixtures.assertReferenceQueries(encoder);
  }

  @Test
  void emptyAndWhitespaceQueriesAreEmpty() {
    assertEquals(0, encoder.encode("").size());
    assertEquals(0, encoder.encode(" \t\n ").size());
    assertEquals(0, encoder.encode(null).size());
  }

  @Test
  void repeatedTokensCountOnceAndZeroWeightsAreDropped() {
    // 'the' has weight -0.05 (kept, negative) and 'of' weight 0.0 (dropped) in the oracle model.
    SparseVector v = encoder.encode("the the the of of");
    assertEquals(1, v.size());
    assertTrue(v.value(0) < 0f);
  }
}
