package org.spladespark.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spladespark.encode.DocumentEncoder;
import org.spladespark.encode.EncoderOptions;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Safetensors;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

class SyntheticModelTest {
  @TempDir Path tmp;

  @Test
  void distilBertBaseCompilesAndEncodes() {
    Path dir =
        SyntheticModel.write(
            tmp.resolve("synthetic"),
            Fixtures.tinyModel(),
            SyntheticModel.Shape.DISTILBERT_BASE,
            42);
    ModelBundle m = ModelBundle.load(dir);
    assertEquals(30522, m.vocabSize());
    assertEquals(30522, m.queryWeights().size());
    Safetensors st = Safetensors.open(m.documentWeights());
    assertArrayEquals(
        new long[] {3072, 768},
        st.tensor("distilbert.transformer.layer.5.ffn.lin1.weight").shape());

    CompiledGraph g =
        DocumentGraphs.pooledGraph(m, Precision.FP32, new GraphCache(tmp.resolve("c")));
    try (DocumentEncoder enc =
        new DocumentEncoder(
            g.path(),
            TextTokenizer.forDocuments(m.documentTokenizer(), m.maxSeqLength()),
            EncoderOptions.cpu())) {
      assertEquals(30522, enc.vocabSize());
      List<SparseVector> vs =
          enc.encode(List.of("Aspirin lowers the risk of stroke.", "Cells divide by mitosis."));
      assertEquals(2, vs.size());
      for (SparseVector v : vs) {
        System.out.println("synthetic distilbert-base: " + v.size() + " active dims");
        assertTrue(v.size() > 0, "non-empty");
        assertTrue(v.size() < 30522 / 2, "sparse: " + v.size());
      }
    }
  }

  @Test
  void sameSeedSameWeights() throws Exception {
    SyntheticModel.Shape small = new SyntheticModel.Shape(16, 1, 2, 32, 30522, 64);
    Path a = SyntheticModel.write(tmp.resolve("a"), Fixtures.tinyModel(), small, 7);
    Path b = SyntheticModel.write(tmp.resolve("b"), Fixtures.tinyModel(), small, 7);
    Path c = SyntheticModel.write(tmp.resolve("c"), Fixtures.tinyModel(), small, 8);
    String file = "document_0_MLMTransformer/model.safetensors";
    assertEquals(-1, Files.mismatch(a.resolve(file), b.resolve(file)));
    assertTrue(Files.mismatch(a.resolve(file), c.resolve(file)) >= 0);
  }

  @Test
  void vocabularyMustMatchTheTokenizer() {
    SyntheticModel.Shape wrong = new SyntheticModel.Shape(16, 1, 2, 32, 1000, 64);
    SpladeException e =
        assertThrows(
            SpladeException.class,
            () -> SyntheticModel.write(tmp.resolve("x"), Fixtures.tinyModel(), wrong, 1));
    assertEquals("has 30522 tokens but the synthetic model's vocab size is 1000", e.problem());
  }
}
