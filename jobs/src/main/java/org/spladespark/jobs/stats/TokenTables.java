package org.spladespark.jobs.stats;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Tokens;

/**
 * The stats tables of the posting lists: {@value StatsTables#TOKENS}, {@value
 * StatsTables#TOP_TOKENS} and {@value StatsTables#POSTING_LENGTHS}. The posting lists are the
 * transposed non-zeros of {@code doc_vectors}, so their lengths are the token document frequencies
 * ({@code df}) computed here.
 */
final class TokenTables {
  private static final String POS = "pos";

  private TokenTables() {}

  /**
   * The non-zeros of {@code vectors} ({@code doc_vectors} rows with a group value) as {@code
   * model_id, group_value, token_id, weight}.
   */
  static Dataset<Row> postings(Dataset<Row> vectors, String ids, String weights, Column model) {
    return vectors
        .select(
            model.as(StatsTables.MODEL_ID),
            col(DocStats.GROUP_VALUE),
            posexplode(col(ids)).as(new String[] {POS, PostingsTable.TOKEN_ID}),
            col(weights))
        .select(
            col(StatsTables.MODEL_ID),
            col(DocStats.GROUP_VALUE),
            col(PostingsTable.TOKEN_ID),
            element_at(col(weights), col(POS).plus(1)).as(PostingsTable.WEIGHT));
  }

  /** {@link #postings} of whole {@code doc_vectors} rows. */
  static Dataset<Row> postings(Dataset<Row> vectors) {
    return postings(
        vectors, DocVectorsTable.TOKEN_IDS, DocVectorsTable.WEIGHTS, col(DocVectorsTable.MODEL_ID));
  }

  /**
   * Per token and slice: {@code df}, {@code mass} (Σ|w|), {@code max_weight}, the token string from
   * {@code vocab} ({@code token_id, token}; null when unknown) and the ranks by df and by mass
   * (ties by token id).
   */
  static Dataset<Row> tokens(Slices slices, Dataset<Row> postings, Dataset<Row> vocab) {
    Column weight = col(PostingsTable.WEIGHT);
    Dataset<Row> t =
        slices.aggregate(
            postings,
            List.of(Tokens.TOKEN_ID),
            count(lit(1)).as(Tokens.DF),
            sum(abs(weight)).as(Tokens.MASS),
            max(weight).as(Tokens.MAX_WEIGHT));
    WindowSpec perSlice = Window.partitionBy(StatsTables.MODEL_ID, StatsTables.SLICE);
    return t.join(vocab, t.col(Tokens.TOKEN_ID).equalTo(vocab.col(Tokens.TOKEN_ID)), "left")
        .select(
            t.col(StatsTables.MODEL_ID),
            t.col(StatsTables.SLICE),
            t.col(Tokens.TOKEN_ID),
            t.col(Tokens.DF),
            t.col(Tokens.MASS),
            t.col(Tokens.MAX_WEIGHT),
            vocab.col(Tokens.TOKEN),
            row_number()
                .over(perSlice.orderBy(t.col(Tokens.DF).desc(), t.col(Tokens.TOKEN_ID)))
                .as(Tokens.DF_RANK),
            row_number()
                .over(perSlice.orderBy(t.col(Tokens.MASS).desc(), t.col(Tokens.TOKEN_ID)))
                .as(Tokens.MASS_RANK));
  }

  /** {@value StatsTables#TOP_TOKENS}: the first {@code n} tokens by df and by mass. */
  static Dataset<Row> topTokens(Dataset<Row> tokens, int n) {
    return top(tokens, Tokens.DF, Tokens.DF_RANK, n)
        .union(top(tokens, Tokens.MASS, Tokens.MASS_RANK, n));
  }

  private static Dataset<Row> top(Dataset<Row> tokens, String by, String rank, int n) {
    return tokens
        .where(col(rank).leq(n))
        .select(
            col(StatsTables.MODEL_ID),
            col(StatsTables.SLICE),
            lit(by).as(Tokens.BY),
            col(rank).as(Tokens.RANK),
            col(Tokens.TOKEN_ID),
            col(Tokens.TOKEN),
            col(Tokens.DF),
            col(Tokens.MASS),
            col(Tokens.MAX_WEIGHT));
  }

  /**
   * {@value StatsTables#POSTING_LENGTHS}: tokens and postings per posting-list length bucket [2^i,
   * 2^(i+1)−1].
   */
  static Dataset<Row> postingLengths(Dataset<Row> tokens) {
    Column start =
        call_function("shiftleft", lit(1L), floor(log2(col(Tokens.DF))).cast("int")).cast("bigint");
    return tokens
        .select(
            col(StatsTables.MODEL_ID),
            col(StatsTables.SLICE),
            col(Tokens.DF),
            start.as(Histogram.BUCKET_START))
        .groupBy(StatsTables.MODEL_ID, StatsTables.SLICE, Histogram.BUCKET_START)
        .agg(count(lit(1)).as(Histogram.TOKENS), sum(Tokens.DF).as(Histogram.POSTINGS))
        .select(
            col(StatsTables.MODEL_ID),
            col(StatsTables.SLICE),
            col(Histogram.BUCKET_START),
            col(Histogram.BUCKET_START).multiply(2).minus(1).as(Histogram.BUCKET_END),
            col(Histogram.TOKENS),
            col(Histogram.POSTINGS));
  }
}
