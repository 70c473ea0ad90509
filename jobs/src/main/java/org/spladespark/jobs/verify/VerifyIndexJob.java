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
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * {@code splade verify}: proves that an index's {@code postings} and {@code token_stats} equal what
 * its {@code doc_vectors} implies, exactly, and reports every difference.
 *
 * <ul>
 *   <li>{@code doc_vectors}: one row per (model_id, doc_id); {@code token_ids} strictly ascending
 *       and non-negative, as many as {@code weights} and {@code active_dims}; every weight positive
 *       (not zero, negative or NaN).
 *   <li>{@code postings}: exactly one row per non-zero of doc_vectors, with the same float weight
 *       (compared exactly), and no other rows.
 *   <li>{@code token_stats}: exactly one row per (model_id, token_id) with postings, with {@code
 *       df}, {@code max_weight} and {@code sum_weight} ({@link InvertedIndex#sumWeight}, exact) of
 *       doc_vectors' non-zeros, and no other rows.
 *   <li>{@code models} (when present): exactly one active model, holding rows in doc_vectors.
 * </ul>
 *
 * Each kind of difference is counted and shown with its first rows (by model, token, document).
 * Read-only; cost is about one full shuffle of the postings. The command line is {@link
 * VerifyCommand}.
 */
public final class VerifyIndexJob {
  /** The kinds of difference, in report order: (table, kind). */
  private static final List<List<String>> KINDS =
      List.of(
          List.of(DocVectorsTable.TABLE, "duplicate doc_id"),
          List.of(DocVectorsTable.TABLE, "token_ids and weights differ in length"),
          List.of(DocVectorsTable.TABLE, "active_dims is not the number of non-zeros"),
          List.of(DocVectorsTable.TABLE, "negative token id"),
          List.of(DocVectorsTable.TABLE, "token_ids not strictly ascending"),
          List.of(DocVectorsTable.TABLE, "zero, negative or NaN weight"),
          List.of(PostingsTable.TABLE, "missing posting"),
          List.of(PostingsTable.TABLE, "extra posting"),
          List.of(PostingsTable.TABLE, "duplicate posting"),
          List.of(PostingsTable.TABLE, "weight differs"),
          List.of(TokenStatsTable.TABLE, "missing token"),
          List.of(TokenStatsTable.TABLE, "extra token"),
          List.of(TokenStatsTable.TABLE, "duplicate token"),
          List.of(TokenStatsTable.TABLE, "df differs"),
          List.of(TokenStatsTable.TABLE, "max_weight differs"),
          List.of(TokenStatsTable.TABLE, "sum_weight differs"));

  private VerifyIndexJob() {}

  /** spark-submit entry point: the {@code splade verify} options. */
  public static void main(String[] args) {
    SpladeCli.main("verify", args);
  }

  /**
   * Verifies the index.
   *
   * @throws SpladeException when doc_vectors does not exist or a table has a newer format
   */
  public static VerifyReport run(SparkSession spark, VerifyOptions o) {
    TableRef t = TableRef.path(o.tables());
    if (!t.child(DocVectorsTable.TABLE).exists(spark)) {
      throw SpladeException.of(
          t.child(DocVectorsTable.TABLE).location(),
          "does not exist",
          "point --index at the folder of an index (the -o of splade encode or reencode)");
    }
    for (String name :
        List.of(
            DocVectorsTable.TABLE, PostingsTable.TABLE, TokenStatsTable.TABLE, ModelsTable.TABLE)) {
      t.child(name).checkFormatVersion(spark);
    }
    Column filter =
        o.modelId() == null ? lit(true) : col(Columns.MODEL_ID).equalTo(lit(o.modelId()));
    Dataset<Row> docVectors = t.child(DocVectorsTable.TABLE).read(spark).where(filter);
    Dataset<Row> postings =
        table(spark, t, PostingsTable.TABLE, PostingsTable.SCHEMA).where(filter);
    Dataset<Row> stats =
        table(spark, t, TokenStatsTable.TABLE, TokenStatsTable.SCHEMA).where(filter);

    List<VerifyReport.Difference> out = new ArrayList<>();
    List<String> missingTables = new ArrayList<>();
    for (String name : List.of(PostingsTable.TABLE, TokenStatsTable.TABLE)) {
      if (!t.child(name).exists(spark)) {
        missingTables.add(t.child(name).location());
      }
    }
    if (!missingTables.isEmpty()) {
      out.add(
          new VerifyReport.Difference(
              "index", "missing table", missingTables.size(), missingTables));
    }
    Dataset<Row> expected =
        InvertedIndex.postings(docVectors)
            .groupBy(Columns.MODEL_ID, Columns.TOKEN_ID, Columns.DOC_ID)
            .agg(min(PostingsTable.WEIGHT).as("e_w"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> all =
          docVectorProblems(docVectors)
              .unionByName(postingDifferences(expected, postings))
              .unionByName(tokenStatsDifferences(expected, stats));
      out.addAll(differences(all, o.examples()));
    } finally {
      expected.unpersist();
    }
    List<String> models = new ArrayList<>();
    for (Row r :
        docVectors.select(Columns.MODEL_ID).distinct().orderBy(Columns.MODEL_ID).collectAsList()) {
      models.add(r.getString(0));
    }
    String active = checkModels(spark, o.tables(), models, o.modelId(), out);
    return new VerifyReport(
        o.tables(),
        o.modelId(),
        active,
        models,
        docVectors.count(),
        postings.count(),
        stats.count(),
        out);
  }

  private static Dataset<Row> table(
      SparkSession spark, TableRef t, String name, StructType schema) {
    TableRef table = t.child(name);
    return table.exists(spark) ? table.read(spark) : spark.createDataFrame(List.of(), schema);
  }

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

  private static Dataset<Row> docVectorProblems(Dataset<Row> dv) {
    Dataset<Row> dup =
        dv.groupBy(Columns.MODEL_ID, Columns.DOC_ID)
            .agg(count(lit(1)).as("n"))
            .where(col("n").gt(1))
            .withColumn("kind", lit("duplicate doc_id"));
    Column kind =
        expr(
            String.format(
                Locale.ROOT,
                "CASE WHEN size(%1$s) <> size(%2$s) THEN 'token_ids and weights differ in length'"
                    + " WHEN %3$s <> size(%1$s) THEN 'active_dims is not the number of non-zeros'"
                    + " WHEN exists(%1$s, x -> x < 0) THEN 'negative token id'"
                    + " WHEN size(%1$s) > 1 AND exists(sequence(1, size(%1$s) - 1),"
                    + " i -> %1$s[i] <= %1$s[i - 1]) THEN 'token_ids not strictly ascending'"
                    + " WHEN exists(%2$s, w -> isnan(w) OR w <= 0) THEN 'zero, negative or NaN"
                    + " weight'"
                    + " END",
                DocVectorsTable.TOKEN_IDS,
                DocVectorsTable.WEIGHTS,
                DocVectorsTable.ACTIVE_DIMS));
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

  private static Dataset<Row> postingDifferences(Dataset<Row> expected, Dataset<Row> postings) {
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

  private static Dataset<Row> tokenStatsDifferences(Dataset<Row> expected, Dataset<Row> stats) {
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
                first(Columns.DF).as("a_df"),
                first(Columns.MAX_WEIGHT).as("a_max"),
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

  /** Counts of {@code all} per (table, kind), in {@link #KINDS} order, with the first rows. */
  private static List<VerifyReport.Difference> differences(Dataset<Row> all, int n) {
    Dataset<Row> kept = all.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<List<String>, Long> counts = new HashMap<>();
      for (Row r : kept.groupBy("tbl", "kind").agg(count(lit(1))).collectAsList()) {
        counts.put(List.of(r.getString(0), r.getString(1)), r.getLong(2));
      }
      if (counts.isEmpty()) {
        return List.of();
      }
      Map<List<String>, List<String>> shown = new HashMap<>();
      for (Row r :
          kept.withColumn(
                  "rank",
                  row_number()
                      .over(
                          Window.partitionBy("tbl", "kind")
                              .orderBy(
                                  col(Columns.MODEL_ID),
                                  col(Columns.TOKEN_ID),
                                  col(Columns.DOC_ID))))
              .where(col("rank").leq(n))
              .orderBy(col("tbl"), col("kind"), col("rank"))
              .collectAsList()) {
        shown
            .computeIfAbsent(List.of(r.getString(0), r.getString(1)), k -> new ArrayList<>())
            .add(describe(r));
      }
      List<VerifyReport.Difference> out = new ArrayList<>();
      for (List<String> k : KINDS) {
        if (counts.containsKey(k)) {
          out.add(new VerifyReport.Difference(k.get(0), k.get(1), counts.get(k), shown.get(k)));
        }
      }
      return out;
    } finally {
      kept.unpersist();
    }
  }

  /** One difference row as a line of the report. */
  private static String describe(Row r) {
    String kind = r.getAs("kind");
    Object token = r.getAs(Columns.TOKEN_ID);
    Object doc = r.getAs(Columns.DOC_ID);
    String at =
        "model "
            + r.getAs(Columns.MODEL_ID)
            + (token == null ? "" : " token " + token)
            + (doc == null ? "" : " doc " + doc)
            + ": ";
    String a = r.getAs("actual");
    String e = r.getAs("expected");
    return at
        + switch (kind) {
          case "duplicate doc_id", "duplicate token" -> a + " rows";
          case "duplicate posting" -> a + " postings";
          case "missing posting" -> "no posting, doc_vectors has weight " + e;
          case "extra posting" -> "posting weight " + a + ", not in doc_vectors";
          case "weight differs" -> "posting weight " + a + ", doc_vectors " + e;
          case "missing token" -> "no row, doc_vectors implies df " + e;
          case "extra token" -> "df " + a + ", no postings in doc_vectors";
          case "df differs" -> "df " + a + ", doc_vectors " + e;
          case "max_weight differs" -> "max_weight " + a + ", doc_vectors " + e;
          case "sum_weight differs" -> "sum_weight " + a + ", doc_vectors " + e;
          default -> a;
        };
  }

  /** Checks models; returns the active model id, or null without a registry. */
  private static String checkModels(
      SparkSession spark,
      String tables,
      List<String> models,
      String modelId,
      List<VerifyReport.Difference> out) {
    ModelRegistry registry = new ModelRegistry(spark, tables);
    if (!registry.exists()) {
      return null;
    }
    List<ModelRow> active = registry.active();
    if (active.size() != 1) {
      out.add(
          new VerifyReport.Difference(
              "models",
              "not exactly one active model",
              active.size(),
              List.of(
                  active.size()
                      + " active of "
                      + registry.list().size()
                      + " registered: "
                      + active.stream().map(ModelRow::modelId).toList())));
      return null;
    }
    String id = active.get(0).modelId();
    if ((modelId == null || modelId.equals(id)) && !models.contains(id)) {
      out.add(
          new VerifyReport.Difference(
              "models",
              "active model without vectors",
              1,
              List.of("model " + id + " is active but doc_vectors has no rows of it")));
    }
    return id;
  }
}
