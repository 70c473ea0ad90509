package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TokenStatsTable;

/**
 * The {@code postings} and {@code token_stats} tables, derived from the committed {@code
 * doc_vectors} rows of one model.
 *
 * <h2>Postings layout: range-partitioned and sorted by token</h2>
 *
 * Search looks postings up by token ({@code WHERE token_id IN (query tokens)}). The rows are
 * written with {@code repartitionByRange(files, token_id, doc_id)} and {@code
 * sortWithinPartitions(token_id, doc_id)}: every file holds one contiguous token range, sorted. The
 * min/max statistics Delta keeps per file (first 32 columns, {@code token_id} is the first) then
 * let a token lookup skip every file whose range misses the token — typically all but one — and
 * Parquet's row-group statistics skip within the file. Including {@code doc_id} in the range key
 * splits a very frequent token over several files instead of making one oversized file. {@code
 * files = ceil(postings / --postings-file-rows)}, about 30–40 MB each at the default 4 M rows.
 *
 * <p>Why not Delta liquid clustering ({@code CLUSTER BY token_id}): in Delta OSS it clusters only
 * when {@code OPTIMIZE} runs, not on write, so it would add a second full rewrite; each run here
 * already rewrites the model's postings in one transaction with exactly the layout clustering would
 * produce. Clustering pays off for incremental appends, which this job does not do. Partitioning by
 * {@code token_id} (30,522 values) would make tens of thousands of tiny files.
 *
 * <h2>Token statistics</h2>
 *
 * Per token: {@code df} (documents with a non-zero weight), {@code max_weight} and {@code
 * sum_weight}. The sum is taken in {@code DECIMAL(38,20)} (each float weight rounded to 20
 * decimals) and then converted to double, so it is exact up to that rounding and independent of
 * summation order: a rerun gives bit-identical statistics.
 */
public final class InvertedIndex {
  private InvertedIndex() {}

  /** Postings ({@link PostingsTable#SCHEMA} columns) of doc_vectors rows. */
  public static Dataset<Row> postings(Dataset<Row> docVectors) {
    return docVectors
        .select(
            col(Columns.DOC_ID),
            col(Columns.MODEL_ID),
            explode(arrays_zip(col(Columns.TOKEN_IDS), col(Columns.WEIGHTS))).as("p"))
        .select(
            col("p").getField(DocVectorsTable.TOKEN_IDS).as(PostingsTable.TOKEN_ID),
            col(Columns.DOC_ID),
            col("p").getField(DocVectorsTable.WEIGHTS).as(PostingsTable.WEIGHT),
            col(Columns.MODEL_ID));
  }

  /** How many postings files {@code postings} make at {@code perFile} per file: at least one. */
  public static int files(long postings, long perFile) {
    return (int) Math.max(1L, (postings + perFile - 1) / perFile);
  }

  /** The write layout: {@code files} token ranges, each sorted by (token_id, doc_id). */
  public static Dataset<Row> layout(Dataset<Row> postings, int files) {
    return postings
        .repartitionByRange(files, col(Columns.TOKEN_ID), col(Columns.DOC_ID))
        .sortWithinPartitions(Columns.TOKEN_ID, Columns.DOC_ID);
  }

  /**
   * The {@code sum_weight} aggregate: the float weights summed in {@code DECIMAL(30,20)}, then
   * converted to double; independent of row order, so equal postings give bit-identical sums.
   */
  public static Column sumWeight(Column weight) {
    return sum(weight.cast(DataTypes.createDecimalType(30, 20))).cast(DataTypes.DoubleType);
  }

  /** token_stats ({@link TokenStatsTable#SCHEMA} columns) of postings, in one sorted file. */
  public static Dataset<Row> tokenStats(
      SparkSession spark, Dataset<Row> postings, Vocabulary vocab, String modelId) {
    List<Row> tokens = new ArrayList<>(vocab.size());
    for (int id = 0; id < vocab.size(); id++) {
      tokens.add(RowFactory.create(id, vocab.token(id)));
    }
    StructType tokenSchema =
        new StructType()
            .add(Columns.TOKEN_ID, DataTypes.IntegerType, false)
            .add(TokenStatsTable.TOKEN, DataTypes.StringType, false);
    Dataset<Row> names = spark.createDataFrame(tokens, tokenSchema);
    return postings
        .groupBy(Columns.TOKEN_ID)
        .agg(
            count(lit(1)).as(Columns.DF),
            max(PostingsTable.WEIGHT).as(TokenStatsTable.MAX_WEIGHT),
            sumWeight(col(PostingsTable.WEIGHT)).as(TokenStatsTable.SUM_WEIGHT))
        .join(broadcast(names), Columns.TOKEN_ID)
        .select(
            col(Columns.TOKEN_ID),
            col(TokenStatsTable.TOKEN),
            col(Columns.DF),
            col(Columns.MAX_WEIGHT),
            col(TokenStatsTable.SUM_WEIGHT),
            lit(modelId).as(Columns.MODEL_ID))
        .repartition(1)
        .sortWithinPartitions(Columns.TOKEN_ID);
  }
}
