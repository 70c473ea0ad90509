package org.spladespark.schemas;

import java.util.List;

/**
 * Names of the Delta tables {@code splade stats} writes under its output folder (by default {@code
 * <index>/stats}). Every aggregate table has {@code model_id} and {@code slice}: {@code all} for
 * the whole corpus, {@code <column>=<value>} for one group of {@code --group-by}.
 *
 * <ul>
 *   <li>{@value #DOC_STATS}: one row per document: active_dims, l1_mass, max_weight,
 *       expansion_mass, expansion_share (null without text), group_value.
 *   <li>{@value #SUMMARY}: per slice: docs, postings, active dims mean/p50/p90/p99/max, mean L1
 *       mass, mean and max of max_weight, mean expansion share, distinct tokens, posting-list
 *       length p50/p90/p99/max, est_flops = Σ_j (df_j/docs)².
 *   <li>{@value #ACTIVE_DIMS_HIST}: docs per active-dims bucket [bucket_start, bucket_end].
 *   <li>{@value #TOKENS}: per token: df, mass (Σ|w|), max_weight, df_rank, mass_rank, token.
 *   <li>{@value #TOP_TOKENS}: the first N of {@value #TOKENS} by df and by mass ({@code by}).
 *   <li>{@value #POSTING_LENGTHS}: tokens and postings per posting-list length bucket [2^i,
 *       2^(i+1)−1].
 *   <li>{@value #PRUNING}: per pruning setting (method top_k / max_ratio, param): postings kept and
 *       saved, share of the L1 mass retained.
 *   <li>{@value #DRIFT}: model a vs model b over their common documents.
 * </ul>
 */
public final class StatsTables {
  public static final String DOC_STATS = "doc_stats";
  public static final String SUMMARY = "summary";
  public static final String ACTIVE_DIMS_HIST = "active_dims_hist";
  public static final String TOKENS = "tokens";
  public static final String TOP_TOKENS = "top_tokens";
  public static final String POSTING_LENGTHS = "posting_lengths";
  public static final String PRUNING = "pruning";
  public static final String DRIFT = "drift";

  /** The slice of the whole corpus. */
  public static final String ALL = "all";

  /** Tables written on every run (drift only when a comparison is asked for). */
  public static final List<String> ALWAYS =
      List.of(DOC_STATS, SUMMARY, ACTIVE_DIMS_HIST, TOKENS, TOP_TOKENS, POSTING_LENGTHS, PRUNING);

  private StatsTables() {}
}
