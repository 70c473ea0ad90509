package org.spladespark.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.vector.SparseVector;

/**
 * The pooled document graph of the tiny oracle model and an {@link EncoderSpec} over it, for tests
 * of anything that encodes documents (until the graph compiler is wired in, the graph is the
 * reference's own torch.onnx export, copied to {@code fixtures/oracle/onnx/}).
 */
public final class EncoderFixtures {
  private EncoderFixtures() {}

  /** {@code model_pooled.onnx}: output {@code sparse_embedding} [batch, 30522]. */
  public static Path pooledGraph() {
    return Fixtures.root().resolve("oracle/onnx/model_pooled.onnx");
  }

  /** CPU spec of the tiny model with the explicit pooled graph, no pruning. */
  public static EncoderSpec tinySpec() {
    return EncoderSpec.cpu(Fixtures.tinyModel().toString()).withPooledGraph(pooledGraph());
  }

  /** Checks {@code encoder} against all 53 reference queries, bit for bit. */
  public static void assertReferenceQueries(QueryEncoder encoder) {
    int checked = 0;
    for (JsonNode q : Fixtures.reference().get("queries")) {
      SparseVector v = encoder.encode(q.get("text").asText());
      String id = q.get("id").asText();
      assertArrayEquals(Fixtures.ints(q.get("indices")), v.indices(), "indices of query " + id);
      assertArrayEquals(Fixtures.floats(q.get("values")), v.values(), "values of query " + id);
      checked++;
    }
    assertEquals(53, checked);
  }
}
