package org.spladespark.jobs.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spladespark.vector.SparseVector;

class DocumentStatsTest {
  private static final double EPS = 1e-9;
  // ids 1..4 with weights 0.5, 2.0, 1.0, 0.25: mass 3.75, max 2.0
  private static final SparseVector V =
      SparseVector.of(new int[] {1, 2, 3, 4}, new float[] {0.5f, 2f, 1f, 0.25f});

  @Test
  void massMaxAndExpansion() {
    // own ids {2, 4} (duplicates and an id without weight are fine): 1 and 3 are expansion
    DocumentStats s = DocumentStats.of(V, new long[] {4, 2, 2, 9}, PruningGrid.DEFAULT);
    assertEquals(4, s.activeDims());
    assertEquals(3.75, s.mass(), EPS);
    assertEquals(2f, s.maxWeight());
    assertEquals(0.5 + 1.0, s.expansionMass(), EPS); // w(1) + w(3)
    assertEquals(1.5 / 3.75, s.expansionShare(), EPS); // 0.4
  }

  @Test
  void expansionIsUnknownWithoutText() {
    DocumentStats s = DocumentStats.of(V, null, PruningGrid.DEFAULT);
    assertTrue(Double.isNaN(s.expansionMass()));
    assertTrue(Double.isNaN(s.expansionShare()));
  }

  @Test
  void emptyVectorHasZeroShare() {
    DocumentStats s =
        DocumentStats.of(SparseVector.empty(), new long[] {101, 102}, PruningGrid.DEFAULT);
    assertEquals(0, s.activeDims());
    assertEquals(0.0, s.expansionShare(), EPS);
    assertEquals(0f, s.maxWeight());
  }

  @Test
  void pruningCurveUsesTheEncodersPruning() {
    PruningGrid grid = new PruningGrid(List.of(2, 8), List.of(0.2f, 0.3f));
    DocumentStats s = DocumentStats.of(V, null, grid);
    // top_k=2 keeps 2.0, 1.0 (mass 3); top_k=8 keeps all 4 (3.75)
    // max_ratio=0.2: cut 0.4 keeps 0.5, 2.0, 1.0 (3.5); max_ratio=0.3: cut 0.6 keeps 2.0, 1.0 (3)
    assertArrayEquals(new int[] {2, 4, 3, 2}, s.keptPostings());
    assertArrayEquals(new double[] {3.0, 3.75, 3.5, 3.0}, s.keptMass(), EPS);
    assertEquals("top_k", grid.method(1));
    assertEquals(8.0, grid.parameter(1));
    assertEquals("max_ratio", grid.method(2));
    assertEquals(0.2f, (float) grid.parameter(2));
  }

  @Test
  void gridParsesAndRejectsZero() {
    PruningGrid g = PruningGrid.parse("8, 16", "0.1");
    assertEquals(List.of(8, 16), g.topKs());
    assertEquals(List.of(0.1f), g.maxRatios());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PruningGrid.parse("0", ""));
    assertEquals("a pruning grid value of 0 prunes nothing: remove it", e.getMessage());
  }

  @Test
  void driftBetweenTwoVectors() {
    SparseVector a = SparseVector.of(new int[] {1, 2, 3}, new float[] {1f, 3f, 2f});
    SparseVector b = SparseVector.of(new int[] {2, 3, 4, 5}, new float[] {1f, 5f, 4f, 0.5f});
    VectorDrift d = VectorDrift.of(a, b, 2);
    assertEquals(1, d.activeDelta()); // 4 - 3
    assertEquals(2.0 / 5, d.activeJaccard(), EPS); // {2,3} / {1,2,3,4,5}
    assertEquals(1.0 / 3, d.topKJaccard(), EPS); // top2 a {2,3}, b {3,4}: {3} / {2,3,4}
    VectorDrift empty = VectorDrift.of(SparseVector.empty(), SparseVector.empty(), 2);
    assertEquals(1.0, empty.activeJaccard(), EPS);
  }
}
