package org.spladespark.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;

class DocumentEncoderTest {
  private static final ModelBundle MODEL = ModelBundle.load(Fixtures.tinyModel());

  @Test
  void cudaThatCannotLoadFailsWithWhatToInstall() {
    // The test build carries the CPU-only ONNX Runtime: asking for CUDA must fail clearly, never
    // fall back to the CPU silently.
    SpladeException e =
        assertThrows(
            SpladeException.class, () -> DocumentEncoder.create(MODEL, EncoderOptions.cuda(0)));
    assertTrue(e.problem().contains("CUDA"), e.getMessage());
    assertTrue(e.fix().contains("-Pgpu"), e.getMessage());
  }

  @Test
  void batchesRespectTheTokenBudgetAndKeepInputOrder() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      texts.add("word ".repeat(1 + (i * 7) % 40).trim());
    }
    try (DocumentEncoder small =
            DocumentEncoder.create(MODEL, EncoderOptions.cpu().withBatching(64, 8));
        DocumentEncoder one =
            DocumentEncoder.create(MODEL, EncoderOptions.cpu().withBatching(1, 1))) {
      long[][] ids = small.tokenizer().ids(texts);
      List<int[]> batches = small.batches(ids);
      boolean[] seen = new boolean[texts.size()];
      int previousLongest = 0;
      for (int[] batch : batches) {
        int longest = Arrays.stream(batch).map(p -> ids[p].length).max().orElseThrow();
        assertTrue(batch.length == 1 || longest * batch.length <= 64, "budget kept");
        assertTrue(batch.length <= 8);
        assertTrue(longest >= previousLongest, "length-sorted");
        previousLongest = longest;
        for (int p : batch) {
          seen[p] = true;
        }
      }
      for (boolean s : seen) {
        assertTrue(s, "every text in exactly one batch");
      }
      List<SparseVector> batched = small.encode(texts);
      List<SparseVector> single = one.encode(texts);
      assertEquals(texts.size(), batched.size());
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(single.get(i).indices(), batched.get(i).indices(), "order of " + i);
        float[] a = single.get(i).values();
        float[] b = batched.get(i).values();
        for (int k = 0; k < a.length; k++) {
          assertEquals(a[k], b[k], 1e-6f);
        }
      }
    }
  }

  @Test
  void closeReleasesTheTokenizerItOwnsAndNeverThrows() {
    DocumentEncoder encoder = DocumentEncoder.create(MODEL, EncoderOptions.cpu());
    TextTokenizer tokenizer = encoder.tokenizer();
    assertEquals(1, encoder.encode(List.of("a short text")).size());
    encoder.close();
    assertThrows(RuntimeException.class, () -> tokenizer.ids(List.of("a short text")));
    encoder.close(); // a second close is a no-op, not an error
  }

  @Test
  void aConstructorThatFailsClosesTheTokenizerItWasGiven() {
    TextTokenizer tokenizer =
        TextTokenizer.forDocuments(MODEL.documentTokenizer(), MODEL.maxSeqLength());
    assertThrows(
        SpladeException.class,
        () -> new DocumentEncoder(Path.of("no-such-graph.onnx"), tokenizer, EncoderOptions.cpu()));
    assertThrows(RuntimeException.class, () -> tokenizer.ids(List.of("a short text")));
  }
}
