package org.spladespark.jobs.verify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.models.PublishedIndex;
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
    List<PublishedIndex> published = new ArrayList<>();
    for (PublishedIndex p : PublishedIndex.all(spark, o.tables())) {
      if (o.modelId() == null || p.modelId().equals(o.modelId())) {
        published.add(p);
      }
    }
    if (o.modelId() != null && published.isEmpty()) {
      published.add(new PublishedIndex(o.tables(), o.modelId(), null, null, null));
    }
    Dataset<Row> docVectors =
        read(spark, t, published, DocVectorsTable.TABLE, DocVectorsTable.SCHEMA);
    Dataset<Row> postings = read(spark, t, published, PostingsTable.TABLE, PostingsTable.SCHEMA);
    Dataset<Row> stats = read(spark, t, published, TokenStatsTable.TABLE, TokenStatsTable.SCHEMA);

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
          IndexDifferences.docVectorProblems(docVectors)
              .unionByName(IndexDifferences.postings(expected, postings))
              .unionByName(IndexDifferences.tokenStats(expected, stats));
      out.addAll(differences(all, o.examples()));
    } finally {
      expected.unpersist();
    }
    // One pass gives the model list and the row count.
    List<String> models = new ArrayList<>();
    long docVectorRows = 0;
    for (Row r :
        docVectors.groupBy(Columns.MODEL_ID).count().orderBy(Columns.MODEL_ID).collectAsList()) {
      models.add(r.getString(0));
      docVectorRows += r.getLong(1);
    }
    String active = checkModels(spark, o.tables(), models, o.modelId(), out);
    return new VerifyReport(
        o.tables(),
        o.modelId(),
        active,
        models,
        docVectorRows,
        postings.count(),
        stats.count(),
        out);
  }

  /**
   * The rows of {@code name} readers see: each model's rows at the version its {@code models} row
   * publishes ({@link PublishedIndex}); commits no run has published are not checked.
   */
  private static Dataset<Row> read(
      SparkSession spark, TableRef t, List<PublishedIndex> models, String name, StructType schema) {
    Dataset<Row> out = spark.createDataFrame(List.of(), schema);
    if (!t.child(name).exists(spark)) {
      return out;
    }
    for (PublishedIndex p : models) {
      out = out.unionByName(p.read(spark, name).select(schema.fieldNames()[0], rest(schema)));
    }
    return out;
  }

  private static String[] rest(StructType schema) {
    String[] names = schema.fieldNames();
    return java.util.Arrays.copyOfRange(names, 1, names.length);
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
