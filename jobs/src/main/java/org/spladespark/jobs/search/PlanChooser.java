package org.spladespark.jobs.search;

import java.util.function.LongSupplier;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.Vocabulary;

/**
 * The plan of a batch over an index, whoever reads its tables: Spark ({@link IndexSearcher}) or
 * Delta Kernel ({@link KernelIndex}). The requested plan if the index has its table, else {@link
 * PlanRule} over the model's postings; the postings plan scores on the driver when token_stats says
 * its postings are few enough. Stateless.
 */
final class PlanChooser {
  private PlanChooser() {}

  /**
   * The plan for {@code batch}; checks first, when {@code stats} is given, that the index's token
   * strings of the query tokens are {@code vocabulary}'s.
   *
   * @param stats the model's token_stats, or null when the index has none
   * @param postingsRows counts the model's postings rows; called only without token_stats
   */
  static IndexSearcher.PlanChoice choose(
      IndexTables index,
      boolean hasDocVectors,
      boolean hasPostings,
      TokenStats stats,
      LongSupplier postingsRows,
      QueryBatch batch,
      Plan requested,
      Vocabulary vocabulary) {
    long[] df = stats != null ? stats.df(batch, vocabulary) : null;
    if (requested == Plan.SCAN && !hasDocVectors) {
      throw SpladeException.of(
          index.docVectors().toString(),
          "does not exist, and the scan plan reads it",
          "use --plan postings or auto");
    }
    if (requested == Plan.POSTINGS && !hasPostings) {
      throw SpladeException.of(
          index.postings().toString(),
          "does not exist, and the postings plan reads it",
          "use --plan scan or auto");
    }
    if (requested != Plan.AUTO) {
      return new IndexSearcher.PlanChoice(requested, "requested");
    }
    if (!hasPostings) {
      return new IndexSearcher.PlanChoice(Plan.SCAN, "the index has no postings");
    }
    if (!hasDocVectors) {
      return new IndexSearcher.PlanChoice(Plan.POSTINGS, "the index has no doc_vectors");
    }
    long nonZeros = stats != null ? stats.nonZeros() : postingsRows.getAsLong();
    double work =
        df != null
            ? PlanRule.exactWork(df)
            : PlanRule.uniformWork(batch.distinctTokens().length, nonZeros, vocabulary.size());
    Plan plan = PlanRule.choose(work, nonZeros);
    String reason =
        String.format(
            "auto: %d x postings work %.0f (%s) %s %d postings",
            PlanRule.SHUFFLE_COST,
            work,
            df != null ? "df from token_stats" : "uniform df estimate",
            plan == Plan.POSTINGS ? "<=" : ">",
            nonZeros);
    return new IndexSearcher.PlanChoice(plan, reason);
  }

  /**
   * Whether the postings plan scores {@code batch} on the driver: token_stats is known and says the
   * batch's postings are at most {@code limit} rows.
   */
  static boolean onDriver(TokenStats stats, QueryBatch batch, long limit) {
    return stats != null && PlanRule.exactWork(stats.df(batch, null)) <= limit;
  }
}
