package org.spladespark.jobs.search;

/**
 * The {@code --plan auto} rule.
 *
 * <p>Let {@code P} be the number of rows of {@code postings} (= the non-zeros of {@code
 * doc_vectors}, what the scan plan reads) and {@code W = Σ_q Σ_{t ∈ q} df(t)} the number of (query,
 * document, token) products the postings plan joins, shuffles and sums ({@code df} from {@code
 * token_stats} when the index has it, else the uniform estimate {@code P / V} with {@code V} the
 * vocabulary size, which makes {@code W = (total query terms) × P / V}). The postings plan reads
 * about {@code Σ_t df(t) ≤ W} rows but moves each of its {@code W} rows through a shuffle, which
 * costs roughly an order of magnitude more than reading a non-zero in a columnar scan; so
 *
 * <pre>
 *   POSTINGS  if  {@value #SHUFFLE_COST} × W ≤ P,   else SCAN.
 * </pre>
 *
 * With the uniform estimate that is: postings while the batch has at most {@code V / 10} query
 * terms in all (about 3,000 for BERT's 30,522 wordpieces: a few hundred queries), whatever the
 * index size. An index without {@code postings} is always scanned; one without {@code doc_vectors}
 * always uses postings.
 */
public final class PlanRule {
  /** Cost of one shuffled (query, doc, token) row relative to one scanned non-zero. */
  public static final int SHUFFLE_COST = 10;

  private PlanRule() {}

  /**
   * The plan for a batch whose postings plan would move {@code postingsWork} rows, against an index
   * of {@code indexNonZeros} postings.
   */
  public static Plan choose(double postingsWork, long indexNonZeros) {
    return SHUFFLE_COST * postingsWork <= indexNonZeros ? Plan.POSTINGS : Plan.SCAN;
  }

  /** {@code W} when document frequencies are unknown: {@code termCount × P / V}. */
  public static double uniformWork(long termCount, long indexNonZeros, int vocabSize) {
    return (double) termCount * indexNonZeros / Math.max(1, vocabSize);
  }

  /**
   * {@code W} from known document frequencies: {@code Σ_t df(t) × queriesWith(t)}.
   *
   * @param df document frequency of each distinct query token (0 when the token has no postings)
   * @param queriesPerToken number of queries containing each token, aligned with {@code df}
   */
  public static double exactWork(long[] df, int[] queriesPerToken) {
    double w = 0;
    for (int i = 0; i < df.length; i++) {
      w += (double) df[i] * queriesPerToken[i];
    }
    return w;
  }
}
