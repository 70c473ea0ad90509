package org.spladespark.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.EncoderFixtures;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

/** The encoder over the reference's own pooled export (fixtures/oracle/onnx/model_pooled.onnx). */
class DocumentEncoderPooledExportTest {
  @Test
  void matchesReferenceDocuments() {
    ModelBundle m = ModelBundle.load(Fixtures.tinyModel());
    Path pooled = EncoderFixtures.pooledGraph();
    List<String> texts = new ArrayList<>();
    for (JsonNode d : Fixtures.reference().get("documents")) {
      texts.add(d.get("text").asText());
    }
    try (DocumentEncoder enc =
        new DocumentEncoder(
            pooled,
            TextTokenizer.forDocuments(m.documentTokenizer(), m.maxSeqLength()),
            EncoderOptions.cpu())) {
      List<SparseVector> vs = enc.encode(texts);
      double maxDiff = 0;
      int i = 0;
      for (JsonNode d : Fixtures.reference().get("documents")) {
        SparseVector v = vs.get(i++);
        assertArrayEquals(Fixtures.ints(d.get("indices")), v.indices(), d.get("id").asText());
        float[] exp = Fixtures.floats(d.get("values"));
        for (int k = 0; k < exp.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(exp[k] - v.value(k)));
        }
      }
      assertTrue(maxDiff <= 1e-5, "max diff " + maxDiff);
      assertEquals(50, i);
    }
  }
}
