package org.spladespark.testing;

import java.nio.file.Path;
import org.spladespark.encode.EncoderSpec;

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
}
