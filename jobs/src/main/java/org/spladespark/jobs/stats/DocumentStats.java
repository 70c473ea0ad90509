package org.spladespark.jobs.stats;

import java.util.Arrays;
import java.util.List;
import org.spladespark.vector.Pruning;
import org.spladespark.vector.SparseVector;

/**
 * The sparsity figures of one document vector.
 *
 * <ul>
 *   <li>{@code activeDims}: non-zeros; {@code mass}: L1 norm Σ|w|; {@code maxWeight}: largest w.
 *   <li>{@code expansionMass}: Σ|w| over tokens that are not among the document's own input token
 *       ids (its text tokenized as the encoder saw it, special tokens and truncation included);
 *       {@code expansionShare} = expansionMass / mass (0 for an empty vector). Both are NaN when
 *       the own ids are unknown.
 *   <li>for each setting of a {@link PruningGrid}: the non-zeros and the mass the vector keeps.
 * </ul>
 *
 * Masses are summed in double. Immutable.
 *
 * @param keptPostings non-zeros kept by each grid setting, in {@link PruningGrid#settings()} order
 * @param keptMass Σ|w| kept by each grid setting
 */
public record DocumentStats(
    int activeDims,
    double mass,
    float maxWeight,
    double expansionMass,
    double expansionShare,
    int[] keptPostings,
    double[] keptMass) {

  /**
   * Computes the figures of {@code v}.
   *
   * @param ownTokenIds the document's input token ids (any order, duplicates allowed), or null
   * @param grid the pruning settings to try
   */
  public static DocumentStats of(SparseVector v, long[] ownTokenIds, PruningGrid grid) {
    double mass = v.l1();
    double expansion = Double.NaN;
    double share = Double.NaN;
    if (ownTokenIds != null) {
      long[] own = ownTokenIds.clone();
      Arrays.sort(own);
      expansion = 0;
      for (int i = 0; i < v.size(); i++) {
        if (Arrays.binarySearch(own, v.index(i)) < 0) {
          expansion += Math.abs(v.value(i));
        }
      }
      share = mass == 0 ? 0.0 : expansion / mass;
    }
    List<Pruning> settings = grid.settings();
    int[] kept = new int[settings.size()];
    double[] keptMass = new double[settings.size()];
    for (int i = 0; i < kept.length; i++) {
      SparseVector p = settings.get(i).apply(v);
      kept[i] = p.size();
      keptMass[i] = p.l1();
    }
    return new DocumentStats(v.size(), mass, v.max(), expansion, share, kept, keptMass);
  }
}
