package org.spladespark.jobs.stats;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Summary;
import org.spladespark.schemas.StatsTables.Tokens;

/**
 * The stats tables computed from the per-document figures ({@link DocStats#WORK_SCHEMA} rows):
 * {@value StatsTables#DOC_STATS}, {@value StatsTables#SUMMARY}, {@value
 * StatsTables#ACTIVE_DIMS_HIST} and {@value StatsTables#PRUNING}. Percentiles are exact ({@code
 * percentile}, linear interpolation).
 */
final class DocumentTables {
  /** The column of the pruning grid that numbers its settings. */
  static final String GRID_INDEX = "i";

  private static final String KEPT = "kept";
  private static final String MASS_TOTAL = "mass_total";
  private static final String MASS_KEPT = "mass_kept";
  private static final String DF_SQ_SUM = "df_sq_sum";

  private DocumentTables() {}

  /** {@value StatsTables#DOC_STATS}: the per-document figures without the pruning curves. */
  static Dataset<Row> docStats(Dataset<Row> docs) {
    return docs.select(
        Arrays.stream(DocStats.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
  }

  /** {@value StatsTables#SUMMARY}: document figures per slice joined with posting-list lengths. */
  static Dataset<Row> summary(Slices slices, Dataset<Row> docs, Dataset<Row> tokens) {
    Column dims = col(DocStats.ACTIVE_DIMS);
    Dataset<Row> d =
        slices.aggregate(
            docs,
            List.of(),
            count(lit(1)).as(Summary.DOCS),
            sum(dims).as(Summary.POSTINGS),
            avg(dims).as(Summary.ACTIVE_DIMS_MEAN),
            percentile(dims, lit(0.5)).as(Summary.ACTIVE_DIMS_P50),
            percentile(dims, lit(0.9)).as(Summary.ACTIVE_DIMS_P90),
            percentile(dims, lit(0.99)).as(Summary.ACTIVE_DIMS_P99),
            max(dims).as(Summary.ACTIVE_DIMS_MAX),
            avg(DocStats.L1_MASS).as(Summary.L1_MASS_MEAN),
            avg(DocStats.MAX_WEIGHT).as(Summary.MAX_WEIGHT_MEAN),
            max(DocStats.MAX_WEIGHT).as(Summary.MAX_WEIGHT_MAX),
            avg(DocStats.EXPANSION_SHARE).as(Summary.EXPANSION_SHARE_MEAN));
    Column df = col(Tokens.DF);
    Dataset<Row> p =
        tokens
            .groupBy(StatsTables.MODEL_ID, StatsTables.SLICE)
            .agg(
                count(lit(1)).as(Summary.TOKENS),
                percentile(df, lit(0.5)).as(Summary.POSTING_LEN_P50),
                percentile(df, lit(0.9)).as(Summary.POSTING_LEN_P90),
                percentile(df, lit(0.99)).as(Summary.POSTING_LEN_P99),
                max(df).as(Summary.POSTING_LEN_MAX),
                sum(df.cast("double").multiply(df)).as(DF_SQ_SUM));
    Column docCount = col(Summary.DOCS);
    return d.join(p, new String[] {StatsTables.MODEL_ID, StatsTables.SLICE})
        .withColumn(Summary.EST_FLOPS, col(DF_SQ_SUM).divide(docCount.multiply(docCount)))
        .drop(DF_SQ_SUM);
  }

  /** {@value StatsTables#ACTIVE_DIMS_HIST}: documents per active-dims bucket of {@code width}. */
  static Dataset<Row> activeDimsHistogram(Slices slices, Dataset<Row> docs, int width) {
    Dataset<Row> bucketed =
        docs.withColumn(
            Histogram.BUCKET_START,
            floor(col(DocStats.ACTIVE_DIMS).divide(width)).multiply(width).cast("int"));
    return slices
        .aggregate(bucketed, List.of(Histogram.BUCKET_START), count(lit(1)).as(Histogram.DOCS))
        .select(
            col(StatsTables.MODEL_ID),
            col(StatsTables.SLICE),
            col(Histogram.BUCKET_START),
            col(Histogram.BUCKET_START).plus(width - 1).as(Histogram.BUCKET_END),
            col(Histogram.DOCS));
  }

  /**
   * {@value StatsTables#PRUNING}: per setting of the grid ({@code i}, {@code method}, {@code
   * param}), the postings kept and the share of the L1 mass retained.
   */
  static Dataset<Row> pruning(Slices slices, Dataset<Row> docs, Dataset<Row> grid) {
    Dataset<Row> perSetting =
        docs.select(
            col("*"), posexplode(col(DocStats.KEPT_POSTINGS)).as(new String[] {GRID_INDEX, KEPT}));
    Dataset<Row> e =
        slices.aggregate(
            perSetting,
            List.of(GRID_INDEX),
            sum(DocStats.ACTIVE_DIMS).as(Pruning.POSTINGS_TOTAL),
            sum(KEPT).as(Pruning.POSTINGS_KEPT),
            sum(DocStats.L1_MASS).as(MASS_TOTAL),
            sum(col(DocStats.KEPT_MASS).getItem(col(GRID_INDEX))).as(MASS_KEPT));
    return e.join(grid, GRID_INDEX)
        .select(
            col(StatsTables.MODEL_ID),
            col(StatsTables.SLICE),
            col(Pruning.METHOD),
            col(Pruning.PARAM),
            col(Pruning.POSTINGS_TOTAL),
            col(Pruning.POSTINGS_KEPT),
            lit(1)
                .minus(col(Pruning.POSTINGS_KEPT).divide(col(Pruning.POSTINGS_TOTAL)))
                .as(Pruning.POSTINGS_SAVED_SHARE),
            col(MASS_KEPT).divide(col(MASS_TOTAL)).as(Pruning.MASS_RETAINED_SHARE));
  }
}
