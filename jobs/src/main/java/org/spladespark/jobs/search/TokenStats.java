package org.spladespark.jobs.search;

import java.util.Arrays;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.Vocabulary;

/**
 * One model's {@code token_stats} rows as the plan choice uses them: token ids ascending (at most
 * one row per token), each token's string and document frequency. Read by Spark ({@link
 * IndexSearcher}) or by Delta Kernel ({@link KernelIndex}); both then choose and check alike.
 * Immutable once built (the arrays are not copied; callers hand them over).
 *
 * @param table the table, as named in messages
 * @param ids token ids, ascending
 * @param tokens the token string of each id
 * @param df the document frequency of each id
 */
record TokenStats(String table, int[] ids, String[] tokens, long[] df) {

  /** The model's postings: Σ df over its rows. */
  long nonZeros() {
    long sum = 0;
    for (long d : df) {
      sum += d;
    }
    return sum;
  }

  /**
   * df of each distinct token of {@code batch} (0 for a token without a row), checking the index's
   * token strings against {@code vocabulary} when it is not null.
   */
  long[] df(QueryBatch batch, Vocabulary vocabulary) {
    int[] queried = batch.distinctTokens();
    long[] out = new long[queried.length];
    for (int j = 0; j < queried.length; j++) {
      int i = Arrays.binarySearch(ids, queried[j]);
      if (i < 0) {
        continue;
      }
      int id = queried[j];
      String expected = vocabulary == null ? tokens[i] : vocabulary.token(id);
      if (!expected.equals(tokens[i])) {
        throw SpladeException.of(
            table,
            "token "
                + id
                + " is '"
                + tokens[i]
                + "' in the index but '"
                + expected
                + "' in the query model",
            "search with the model the index was encoded with");
      }
      out[j] = df[i];
    }
    return out;
  }
}
