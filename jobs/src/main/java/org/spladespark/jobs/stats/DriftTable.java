package org.spladespark.jobs.stats;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.StatsTables.Drift;
import org.spladespark.schemas.StatsTables.Tokens;

/**
 * {@value StatsTables#DRIFT}: model a against model b over the documents both encoded, per slice:
 * the mean active dims of each and their mean difference, the mean Jaccard overlap of the active
 * tokens and of the top-k tokens ({@link VectorDrift}), and the overlap of the two models' top
 * tokens by mass over the compared documents.
 */
final class DriftTable {
  static final String A_IDS = "a_ids";
  static final String A_WEIGHTS = "a_w";
  static final String B_IDS = "b_ids";
  static final String B_WEIGHTS = "b_w";
  private static final String SIDE = "side";
  private static final String N = "n";

  private DriftTable() {}

  /**
   * The pairs of vectors of the same document: {@code doc_id}, {@code group_value}, {@code a_ids},
   * {@code a_w} from {@code a} (with a group value), {@code b_ids}, {@code b_w} from {@code b}.
   */
  static Dataset<Row> pairs(Dataset<Row> a, Dataset<Row> b) {
    return a.select(
            col(DocVectorsTable.DOC_ID),
            col(DocStats.GROUP_VALUE),
            col(DocVectorsTable.TOKEN_IDS).as(A_IDS),
            col(DocVectorsTable.WEIGHTS).as(A_WEIGHTS))
        .join(
            b.select(
                col(DocVectorsTable.DOC_ID),
                col(DocVectorsTable.TOKEN_IDS).as(B_IDS),
                col(DocVectorsTable.WEIGHTS).as(B_WEIGHTS)),
            DocVectorsTable.DOC_ID);
  }

  /** The drift table of {@link #pairs}. */
  static Dataset<Row> compute(
      Slices slices, Dataset<Row> pairs, String modelA, String modelB, int topK, int topTokens) {
    Dataset<Row> perDoc =
        pairs
            .mapPartitions(
                new VectorDriftPartition(topK), Encoders.row(VectorDriftPartition.SCHEMA))
            .withColumn(StatsTables.MODEL_ID, lit(modelA));
    Dataset<Row> d =
        slices.aggregate(
            perDoc,
            List.of(),
            count(lit(1)).as(Drift.DOCS_COMPARED),
            avg(VectorDriftPartition.ACTIVE_A).as(Drift.ACTIVE_DIMS_MEAN_A),
            avg(VectorDriftPartition.ACTIVE_B).as(Drift.ACTIVE_DIMS_MEAN_B),
            avg(VectorDriftPartition.ACTIVE_DELTA).as(Drift.ACTIVE_DIMS_DELTA_MEAN),
            avg(VectorDriftPartition.ACTIVE_JACCARD).as(Drift.ACTIVE_JACCARD_MEAN),
            avg(VectorDriftPartition.TOP_K_JACCARD).as(Drift.TOP_K_JACCARD_MEAN));
    Dataset<Row> o = topTokensOverlap(slices, pairs, modelA, topTokens);
    return d.join(o, StatsTables.SLICE)
        .select(
            lit(modelA).as(Drift.MODEL_A),
            lit(modelB).as(Drift.MODEL_B),
            col(StatsTables.SLICE),
            col(Drift.DOCS_COMPARED),
            col(Drift.ACTIVE_DIMS_MEAN_A),
            col(Drift.ACTIVE_DIMS_MEAN_B),
            col(Drift.ACTIVE_DIMS_DELTA_MEAN),
            col(Drift.ACTIVE_JACCARD_MEAN),
            lit(topK).as(Drift.TOP_K),
            col(Drift.TOP_K_JACCARD_MEAN),
            lit(topTokens).as(Drift.TOP_TOKENS),
            col(Drift.TOP_TOKENS_OVERLAP));
  }

  /**
   * Per slice: the tokens among both models' top {@code n} by mass over the compared documents,
   * divided by the larger of the two top lists.
   */
  private static Dataset<Row> topTokensOverlap(
      Slices slices, Dataset<Row> pairs, String modelA, int n) {
    Dataset<Row> posts =
        TokenTables.postings(pairs, A_IDS, A_WEIGHTS, lit(modelA))
            .withColumn(SIDE, lit("a"))
            .unionByName(
                TokenTables.postings(pairs, B_IDS, B_WEIGHTS, lit(modelA))
                    .withColumn(SIDE, lit("b")));
    Dataset<Row> top =
        slices
            .aggregate(
                posts,
                List.of(SIDE, Tokens.TOKEN_ID),
                sum(abs(col(PostingsTable.WEIGHT))).as(Tokens.MASS))
            .withColumn(
                Tokens.RANK,
                row_number()
                    .over(
                        Window.partitionBy(StatsTables.MODEL_ID, StatsTables.SLICE, SIDE)
                            .orderBy(col(Tokens.MASS).desc(), col(Tokens.TOKEN_ID))))
            .where(col(Tokens.RANK).leq(n));
    return top.groupBy(StatsTables.SLICE, Tokens.TOKEN_ID)
        .agg(
            count(lit(1)).as(N),
            count_if(col(SIDE).equalTo("a")).as("in_a"),
            count_if(col(SIDE).equalTo("b")).as("in_b"))
        .withColumn("na", sum("in_a").over(Window.partitionBy(StatsTables.SLICE)))
        .withColumn("nb", sum("in_b").over(Window.partitionBy(StatsTables.SLICE)))
        .groupBy(StatsTables.SLICE)
        .agg(
            count_if(col(N).equalTo(2))
                .divide(greatest(max("na"), max("nb")))
                .as(Drift.TOP_TOKENS_OVERLAP));
  }
}
