package org.spladespark.jobs.verify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;

/**
 * The differences {@link VerifyIndexJob} looks for, as Datasets of rows {@code tbl}, {@code kind},
 * {@code model_id}, {@code token_id}, {@code doc_id}, {@code actual}, {@code expected}: problems of
 * doc_vectors rows, and postings and token_stats compared exactly with what doc_vectors implies.
 */
final class IndexDifferences {
  private IndexDifferences() {}

  /**
   * One difference row: {@code tbl}, {@code kind}, {@code model_id}, {@code token_id} (or null),
   * {@code doc_id} (or null), {@code actual} and {@code expected} (as text, or null).
   */
  private static Dataset<Row> shape(
      Dataset<Row> d, String table, Column token, Column doc, Column actual, Column expected) {
    return d.select(
        lit(table).as("tbl"),
        col("kind"),
        col(Columns.MODEL_ID),
        token.cast(DataTypes.IntegerType).as(Columns.TOKEN_ID),
        doc.cast(DataTypes.StringType).as(Columns.DOC_ID),
        actual.cast(DataTypes.StringType).as("actual"),
        expected.cast(DataTypes.StringType).as("expected"));
  }

  static Dataset<Row> docVectorProblems(Dataset<Row> dv) {
    Dataset<Row> dup =
        dv.groupBy(Columns.MODEL_ID, Columns.DOC_ID)
            .agg(count(lit(1)).as("n"))
            .where(col("n").gt(1))
            .withColumn("kind", lit("duplicate doc_id"));
    Column kind =
        expr(
            "CASE WHEN size(token_ids) <> size(weights) THEN 'token_ids and weights differ in"
                + " length'"
                + " WHEN active_dims <> size(token_ids) THEN 'active_dims is not the number of"
                + " non-zeros'"
                + " WHEN exists(token_ids, x -> x < 0) THEN 'negative token id'"
                + " WHEN size(token_ids) > 1 AND exists(sequence(1, size(token_ids) - 1),"
                + " i -> token_ids[i] <= token_ids[i - 1]) THEN 'token_ids not strictly"
                + " ascending'"
                + " WHEN exists(weights, w -> isnan(w) OR w <= 0) THEN 'zero, negative or NaN"
                + " weight'"
                + " END");
    Dataset<Row> bad = dv.withColumn("kind", kind).where(col("kind").isNotNull());
    Column shown =
        concat_ws(
            ", ",
            concat(lit("active_dims "), col(Columns.ACTIVE_DIMS).cast(DataTypes.StringType)),
            concat(lit("token_ids "), abbreviate(col(Columns.TOKEN_IDS))),
            concat(lit("weights "), abbreviate(col(Columns.WEIGHTS))));
    return shape(dup, DocVectorsTable.TABLE, lit(null), col(Columns.DOC_ID), col("n"), lit(null))
        .unionByName(
            shape(bad, DocVectorsTable.TABLE, lit(null), col(Columns.DOC_ID), shown, lit(null)));
  }

  private static Column abbreviate(Column array) {
    Column text = array.cast(DataTypes.StringType);
    return when(length(text).leq(80), text).otherwise(concat(substring(text, 1, 77), lit("...")));
  }

  static Dataset<Row> postings(Dataset<Row> expected, Dataset<Row> postings) {
    Dataset<Row> actual =
        postings
            .groupBy(Columns.MODEL_ID, Columns.TOKEN_ID, Columns.DOC_ID)
            .agg(
                count(lit(1)).as("a_n"),
                min(PostingsTable.WEIGHT).as("a_min"),
                max(PostingsTable.WEIGHT).as("a_max"));
    Column kind =
        expr(
            "CASE WHEN a_n IS NULL THEN 'missing posting'"
                + " WHEN e_w IS NULL THEN 'extra posting'"
                + " WHEN a_n > 1 THEN 'duplicate posting'"
                + " WHEN NOT (a_min <=> e_w) OR NOT (a_max <=> e_w) THEN 'weight differs'"
                + " END");
    Dataset<Row> diff =
        expected
            .join(
                actual,
                new String[] {Columns.MODEL_ID, Columns.TOKEN_ID, Columns.DOC_ID},
                "full_outer")
            .withColumn("kind", kind)
            .where(col("kind").isNotNull());
    Column shownActual =
        when(col("kind").equalTo("duplicate posting"), col("a_n").cast(DataTypes.StringType))
            .when(
                col("a_min").equalTo(col("a_max")).or(col("a_max").isNull()),
                col("a_min").cast(DataTypes.StringType))
            .otherwise(
                concat(
                    col("a_min").cast(DataTypes.StringType),
                    lit(".."),
                    col("a_max").cast(DataTypes.StringType)));
    return shape(
        diff,
        PostingsTable.TABLE,
        col(Columns.TOKEN_ID),
        col(Columns.DOC_ID),
        shownActual,
        col("e_w"));
  }

  static Dataset<Row> tokenStats(Dataset<Row> expected, Dataset<Row> stats) {
    Dataset<Row> want =
        expected
            .groupBy(Columns.MODEL_ID, Columns.TOKEN_ID)
            .agg(
                count(lit(1)).as("e_df"),
                max("e_w").as("e_max"),
                InvertedIndex.sumWeight(col("e_w")).as("e_sum"));
    Dataset<Row> have =
        stats
            .groupBy(Columns.MODEL_ID, Columns.TOKEN_ID)
            .agg(
                count(lit(1)).as("a_n"),
                first(TokenStatsTable.DF).as("a_df"),
                first(TokenStatsTable.MAX_WEIGHT).as("a_max"),
                first(TokenStatsTable.SUM_WEIGHT).as("a_sum"));
    Column kind =
        expr(
            "CASE WHEN a_n IS NULL THEN 'missing token'"
                + " WHEN e_df IS NULL THEN 'extra token'"
                + " WHEN a_n > 1 THEN 'duplicate token'"
                + " WHEN a_df <> e_df THEN 'df differs'"
                + " WHEN NOT (a_max <=> e_max) THEN 'max_weight differs'"
                + " WHEN NOT (a_sum <=> e_sum) THEN 'sum_weight differs'"
                + " END");
    Dataset<Row> diff =
        want.join(have, new String[] {Columns.MODEL_ID, Columns.TOKEN_ID}, "full_outer")
            .withColumn("kind", kind)
            .where(col("kind").isNotNull());
    Column actual =
        when(col("kind").equalTo("duplicate token"), col("a_n").cast(DataTypes.StringType))
            .when(
                col("kind").equalTo("max_weight differs"), col("a_max").cast(DataTypes.StringType))
            .when(
                col("kind").equalTo("sum_weight differs"), col("a_sum").cast(DataTypes.StringType))
            .otherwise(col("a_df").cast(DataTypes.StringType));
    Column wanted =
        when(col("kind").equalTo("max_weight differs"), col("e_max").cast(DataTypes.StringType))
            .when(
                col("kind").equalTo("sum_weight differs"), col("e_sum").cast(DataTypes.StringType))
            .otherwise(col("e_df").cast(DataTypes.StringType));
    return shape(diff, TokenStatsTable.TABLE, col(Columns.TOKEN_ID), lit(null), actual, wanted);
  }
}
