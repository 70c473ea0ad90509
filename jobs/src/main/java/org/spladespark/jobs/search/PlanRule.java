package org.spladespark.jobs.search;

/**
 * The {@code --plan auto} rule.
 *
 * <p>Both plans score with the same kernel; they differ in what they read and move. The scan plan
 * reads every non-zero of {@code doc_vectors}, {@code P} of them (= the rows of {@code postings}),
 * with no shuffle. The postings plan reads and shuffles (by document) the postings of the batch's
 * distinct tokens {@code T}: {@code W = Σ_{t ∈ T} df(t)} rows, independent of how many queries
 * share each token ({@code df} from {@code token_stats} when the index has it, else the uniform
 * estimate {@code P / V} with {@code V} the vocabulary size, so {@code W = |T| × P / V}). A
 * shuffled row costs roughly an order of magnitude more than a scanned non-zero, hence
 *
 * <pre>
 *   POSTINGS  if  {@value #SHUFFLE_COST} × W ≤ P,   else SCAN.
 * </pre>
 *
 * With the uniform estimate: postings while the batch has at most {@code V / 10} distinct tokens
 * (about 3,000 for BERT's 30,522 wordpieces: a few dozen to a few hundred queries), whatever the
 * index size. An index without {@code postings} is always scanned; one without {@code doc_vectors}
 * always uses postings.
 */
public final class PlanRule {
  /** Cost of one shuffled posting relative to one scanned non-zero. */
  public static final int SHUFFLE_COST = 10;

  private PlanRule() {}

  /**
   * The plan for a batch whose postings plan would move {@code postingsWork} rows, against an index
   * of {@code indexNonZeros} postings.
   */
  public static Plan choose(double postingsWork, long indexNonZeros) {
    return SHUFFLE_COST * postingsWork <= indexNonZeros ? Plan.POSTINGS : Plan.SCAN;
  }

  /** {@code W} when document frequencies are unknown: {@code distinctTokens × P / V}. */
  public static double uniformWork(long distinctTokens, long indexNonZeros, int vocabSize) {
    return (double) distinctTokens * indexNonZeros / Math.max(1, vocabSize);
  }

  /** {@code W} from known document frequencies: {@code Σ_t df(t)} over the distinct tokens. */
  public static double exactWork(long[] df) {
    double w = 0;
    for (long d : df) {
      w += d;
    }
    return w;
  }
}
