package org.spladespark.schemas;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables {@code splade stats} writes under its output folder (by default {@code
 * <index>/stats}), with their columns. Every aggregate table has {@code model_id} and {@code
 * slice}: {@code all} for the whole corpus, {@code <column>=<value>} for one group of {@code
 * --group-by}. Each table's {@code StructType} is declared here; the stats job computes the rows
 * with the Dataset API and refuses to write columns that differ from it.
 *
 * <ul>
 *   <li>{@value #DOC_STATS} ({@link DocStats}): one row per document.
 *   <li>{@value #SUMMARY} ({@link Summary}): per slice: docs, postings, active dims
 *       mean/p50/p90/p99/max, mean L1 mass, mean and max of max_weight, mean expansion share,
 *       distinct tokens, posting-list length p50/p90/p99/max, est_flops = Σ_j (df_j/docs)².
 *   <li>{@value #ACTIVE_DIMS_HIST} ({@link Histogram}): docs per active-dims bucket [bucket_start,
 *       bucket_end].
 *   <li>{@value #TOKENS} ({@link Tokens}): per token: df, mass (Σ|w|), max_weight, df_rank,
 *       mass_rank, token.
 *   <li>{@value #TOP_TOKENS} ({@link Tokens}): the first N of {@value #TOKENS} by df and by mass
 *       ({@code by}, {@code rank}).
 *   <li>{@value #POSTING_LENGTHS} ({@link Histogram}): tokens and postings per posting-list length
 *       bucket [2^i, 2^(i+1)−1].
 *   <li>{@value #PRUNING} ({@link Pruning}): per pruning setting (method top_k / max_ratio, param):
 *       postings kept and saved, share of the L1 mass retained.
 *   <li>{@value #DRIFT} ({@link Drift}): model a vs model b over their common documents.
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

  public static final String MODEL_ID = Columns.MODEL_ID;
  public static final String SLICE = "slice";

  private static final DataType STRING = DataTypes.StringType;
  private static final DataType INT = DataTypes.IntegerType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType FLOAT = DataTypes.FloatType;
  private static final DataType DOUBLE = DataTypes.DoubleType;

  private StatsTables() {}

  /**
   * {@value StatsTables#DOC_STATS}: the per-document figures. Besides the shared columns:
   *
   * <ul>
   *   <li>{@link #GROUP_VALUE}: the value of the {@code --group-by} column; null without grouping.
   *   <li>{@link #L1_MASS}, {@link #EXPANSION_SHARE}: Σ|w| of the vector, and the share of it that
   *       is expansion.
   *   <li>{@link #EXPANSION_MASS}: mass on tokens absent from the document's own text; null without
   *       text.
   *   <li>{@link #KEPT_POSTINGS}, {@link #KEPT_MASS}: per pruning setting of the grid, postings and
   *       L1 mass kept (work columns, not written).
   * </ul>
   */
  public static final class DocStats {
    public static final String DOC_ID = Columns.DOC_ID;
    public static final String GROUP_VALUE = "group_value";
    public static final String ACTIVE_DIMS = Columns.ACTIVE_DIMS;
    public static final String L1_MASS = "l1_mass";
    public static final String MAX_WEIGHT = Columns.MAX_WEIGHT;
    public static final String EXPANSION_MASS = "expansion_mass";
    public static final String EXPANSION_SHARE = "expansion_share";
    public static final String KEPT_POSTINGS = "kept_postings";
    public static final String KEPT_MASS = "kept_mass";

    /** The rows the per-document pass computes: the table's columns plus the pruning curves. */
    public static final StructType WORK_SCHEMA =
        new StructType()
            .add(Columns.field(MODEL_ID))
            .add(Columns.field(DOC_ID))
            .add(GROUP_VALUE, DataTypes.StringType, true)
            .add(Columns.field(ACTIVE_DIMS))
            .add(L1_MASS, DataTypes.DoubleType, false)
            .add(Columns.field(MAX_WEIGHT))
            .add(EXPANSION_MASS, DataTypes.DoubleType, true)
            .add(EXPANSION_SHARE, DataTypes.DoubleType, true)
            .add(KEPT_POSTINGS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add(KEPT_MASS, DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /** The table's columns, in order, as the stats job writes them (Delta keeps them nullable). */
    public static final StructType SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(DOC_ID, STRING)
            .add(GROUP_VALUE, STRING)
            .add(ACTIVE_DIMS, INT)
            .add(L1_MASS, DOUBLE)
            .add(MAX_WEIGHT, FLOAT)
            .add(EXPANSION_MASS, DOUBLE)
            .add(EXPANSION_SHARE, DOUBLE);

    private DocStats() {}
  }

  /** {@value StatsTables#SUMMARY}. */
  public static final class Summary {
    public static final String DOCS = "docs";
    public static final String POSTINGS = "postings";
    public static final String ACTIVE_DIMS_MEAN = "active_dims_mean";
    public static final String ACTIVE_DIMS_P50 = "active_dims_p50";
    public static final String ACTIVE_DIMS_P90 = "active_dims_p90";
    public static final String ACTIVE_DIMS_P99 = "active_dims_p99";
    public static final String ACTIVE_DIMS_MAX = "active_dims_max";
    public static final String L1_MASS_MEAN = "l1_mass_mean";
    public static final String MAX_WEIGHT_MEAN = "max_weight_mean";
    public static final String MAX_WEIGHT_MAX = "max_weight_max";
    public static final String EXPANSION_SHARE_MEAN = "expansion_share_mean";
    public static final String TOKENS = "tokens";
    public static final String POSTING_LEN_P50 = "posting_len_p50";
    public static final String POSTING_LEN_P90 = "posting_len_p90";
    public static final String POSTING_LEN_P99 = "posting_len_p99";
    public static final String POSTING_LEN_MAX = "posting_len_max";
    public static final String EST_FLOPS = "est_flops";

    /** The key of a row: one row per model and slice. */
    public static final List<String> KEY = List.of(MODEL_ID, SLICE);

    /** The table's columns, in order, as the stats job writes them (Delta keeps them nullable). */
    public static final StructType SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(DOCS, LONG)
            .add(POSTINGS, LONG)
            .add(ACTIVE_DIMS_MEAN, DOUBLE)
            .add(ACTIVE_DIMS_P50, DOUBLE)
            .add(ACTIVE_DIMS_P90, DOUBLE)
            .add(ACTIVE_DIMS_P99, DOUBLE)
            .add(ACTIVE_DIMS_MAX, INT)
            .add(L1_MASS_MEAN, DOUBLE)
            .add(MAX_WEIGHT_MEAN, DOUBLE)
            .add(MAX_WEIGHT_MAX, FLOAT)
            .add(EXPANSION_SHARE_MEAN, DOUBLE)
            .add(TOKENS, LONG)
            .add(POSTING_LEN_P50, DOUBLE)
            .add(POSTING_LEN_P90, DOUBLE)
            .add(POSTING_LEN_P99, DOUBLE)
            .add(POSTING_LEN_MAX, LONG)
            .add(EST_FLOPS, DOUBLE);

    private Summary() {}
  }

  /**
   * {@value StatsTables#TOKENS} and {@value StatsTables#TOP_TOKENS}; {@link #BY} and {@link #RANK}
   * only in {@value StatsTables#TOP_TOKENS}, where {@link #BY} ({@code df} or {@code mass}) names
   * the ranking of the row.
   */
  public static final class Tokens {
    public static final String TOKEN_ID = Columns.TOKEN_ID;
    public static final String TOKEN = Columns.TOKEN;
    public static final String DF = Columns.DF;
    public static final String MASS = "mass";
    public static final String MAX_WEIGHT = Columns.MAX_WEIGHT;
    public static final String DF_RANK = "df_rank";
    public static final String MASS_RANK = "mass_rank";
    public static final String BY = "by";
    public static final String RANK = "rank";

    /** The key of a {@value StatsTables#TOP_TOKENS} row. */
    public static final List<String> TOP_TOKENS_KEY = List.of(MODEL_ID, SLICE, BY, RANK);

    /** {@value StatsTables#TOKENS}'s columns, in order. */
    public static final StructType TOKENS_SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(TOKEN_ID, INT)
            .add(DF, LONG)
            .add(MASS, DOUBLE)
            .add(MAX_WEIGHT, FLOAT)
            .add(TOKEN, STRING)
            .add(DF_RANK, INT)
            .add(MASS_RANK, INT);

    /** {@value StatsTables#TOP_TOKENS}'s columns, in order. */
    public static final StructType TOP_TOKENS_SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(BY, STRING)
            .add(RANK, INT)
            .add(TOKEN_ID, INT)
            .add(TOKEN, STRING)
            .add(DF, LONG)
            .add(MASS, DOUBLE)
            .add(MAX_WEIGHT, FLOAT);

    private Tokens() {}
  }

  /** {@value StatsTables#ACTIVE_DIMS_HIST} and {@value StatsTables#POSTING_LENGTHS}. */
  public static final class Histogram {
    private Histogram() {}

    public static final String BUCKET_START = "bucket_start";
    public static final String BUCKET_END = "bucket_end";
    public static final String DOCS = Summary.DOCS;
    public static final String TOKENS = Summary.TOKENS;
    public static final String POSTINGS = Summary.POSTINGS;

    /** {@value StatsTables#ACTIVE_DIMS_HIST}'s columns: buckets of active dimensions (int). */
    public static final StructType ACTIVE_DIMS_SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(BUCKET_START, INT)
            .add(BUCKET_END, INT)
            .add(DOCS, LONG);

    /** The key of a row of either table: a bucket of a model's slice. */
    public static final List<String> KEY = List.of(MODEL_ID, SLICE, BUCKET_START);

    /** {@value StatsTables#POSTING_LENGTHS}'s columns: buckets of posting-list lengths (long). */
    public static final StructType POSTING_LENGTHS_SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(BUCKET_START, LONG)
            .add(BUCKET_END, LONG)
            .add(TOKENS, LONG)
            .add(POSTINGS, LONG);
  }

  /** {@value StatsTables#PRUNING}. */
  public static final class Pruning {
    public static final String METHOD = "method";
    public static final String PARAM = "param";
    public static final String POSTINGS_TOTAL = "postings_total";
    public static final String POSTINGS_KEPT = "postings_kept";
    public static final String POSTINGS_SAVED_SHARE = "postings_saved_share";
    public static final String MASS_RETAINED_SHARE = "mass_retained_share";

    /** The table's columns, in order, as the stats job writes them (Delta keeps them nullable). */
    public static final StructType SCHEMA =
        new StructType()
            .add(MODEL_ID, STRING)
            .add(SLICE, STRING)
            .add(METHOD, STRING)
            .add(PARAM, DOUBLE)
            .add(POSTINGS_TOTAL, LONG)
            .add(POSTINGS_KEPT, LONG)
            .add(POSTINGS_SAVED_SHARE, DOUBLE)
            .add(MASS_RETAINED_SHARE, DOUBLE);

    /** The key of a row: a pruning setting for a model's slice. */
    public static final List<String> KEY = List.of(MODEL_ID, SLICE, METHOD, PARAM);

    private Pruning() {}
  }

  /** {@value StatsTables#DRIFT}. */
  public static final class Drift {
    public static final String MODEL_A = "model_a";
    public static final String MODEL_B = "model_b";
    public static final String DOCS_COMPARED = "docs_compared";
    public static final String ACTIVE_DIMS_MEAN_A = "active_dims_mean_a";
    public static final String ACTIVE_DIMS_MEAN_B = "active_dims_mean_b";
    public static final String ACTIVE_DIMS_DELTA_MEAN = "active_dims_delta_mean";
    public static final String ACTIVE_JACCARD_MEAN = "active_jaccard_mean";
    public static final String TOP_K = "top_k";
    public static final String TOP_K_JACCARD_MEAN = "top_k_jaccard_mean";
    public static final String TOP_TOKENS = "top_tokens";
    public static final String TOP_TOKENS_OVERLAP = "top_tokens_overlap";

    /** The key of a row: a slice of one comparison. */
    public static final List<String> KEY = List.of(MODEL_A, MODEL_B, SLICE);

    /** The table's columns, in order, as the stats job writes them (Delta keeps them nullable). */
    public static final StructType SCHEMA =
        new StructType()
            .add(MODEL_A, STRING)
            .add(MODEL_B, STRING)
            .add(SLICE, STRING)
            .add(DOCS_COMPARED, LONG)
            .add(ACTIVE_DIMS_MEAN_A, DOUBLE)
            .add(ACTIVE_DIMS_MEAN_B, DOUBLE)
            .add(ACTIVE_DIMS_DELTA_MEAN, DOUBLE)
            .add(ACTIVE_JACCARD_MEAN, DOUBLE)
            .add(TOP_K, INT)
            .add(TOP_K_JACCARD_MEAN, DOUBLE)
            .add(TOP_TOKENS, INT)
            .add(TOP_TOKENS_OVERLAP, DOUBLE);

    private Drift() {}
  }
}
