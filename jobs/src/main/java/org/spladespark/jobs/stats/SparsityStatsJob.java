package org.spladespark.jobs.stats;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.runtime.Offline;
import org.spladespark.tokenize.TextTokenizer;
import org.spladespark.vector.SparseVector;
import picocli.CommandLine;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code splade stats}: sparsity analytics of an index's {@code doc_vectors}, written as the Delta
 * tables of {@link StatsTables}.
 *
 * <p>Per-document figures come from {@link DocumentStats} (and {@link VectorDrift} for a model
 * comparison) in one pass over the vectors; aggregates are Spark SQL over them, per {@code
 * model_id} and slice (the whole corpus, and each value of {@code --group-by}, a column of the
 * corpus table joined by doc id). Percentiles are exact ({@code percentile}, linear interpolation).
 * The posting lists are the transposed non-zeros of {@code doc_vectors}, so their lengths are the
 * token document frequencies computed here.
 *
 * <p>Expansion (mass on tokens absent from the document's own text) needs the text: {@code
 * --corpus} with {@code --text-column} and {@code --model} (its document tokenizer, with the
 * model's truncation, must be readable by the executors).
 *
 * <p>For spark-submit ({@link #main}, the options of {@link StatsCommand}) and for code ({@link
 * #run}).
 */
public final class SparsityStatsJob {
  private final String index;
  private final String corpus;
  private final String corpusFormat;
  private final String corpusIdColumn;
  private final String groupBy;
  private final String textColumn;
  private final Path model;
  private final String modelId;
  private final String compareModelId;
  private final String compareIndex;
  private final int topTokens;
  private final int histWidth;
  private final PruningGrid grid;
  private final int driftTopK;
  private final String docVectorsPath;

  private SparsityStatsJob(SparsityStatsOptions o) {
    this.index = o.index();
    this.corpus = o.corpus();
    this.corpusFormat = o.corpusFormat();
    this.corpusIdColumn = o.corpusIdColumn();
    this.groupBy = o.groupBy();
    this.textColumn = o.textColumn();
    this.model = o.model();
    this.modelId = o.modelId();
    this.compareModelId = o.compareModelId();
    this.compareIndex = o.compareIndex();
    this.topTokens = o.topTokens();
    this.histWidth = o.histWidth();
    this.grid = o.grid();
    this.driftTopK = o.driftTopK();
    this.docVectorsPath = o.docVectorsPath();
  }

  /** spark-submit entry point: the {@code splade stats} options. */
  public static void main(String[] args) {
    Offline.ensure();
    System.exit(new CommandLine(new StatsCommand()).execute(args));
  }

  /** Runs the job on {@code spark}; returns the folder of the stats tables. */
  public static String run(SparkSession spark, SparsityStatsOptions options) {
    return new SparsityStatsJob(options).run(spark, options.outDir());
  }

  private static final String V = "splade_stats_";

  private String run(SparkSession spark, String outDir) {
    ModelBundle bundle = model == null ? null : ModelBundle.load(model);

    Dataset<Row> vectors = readDelta(spark, docVectorsPath);
    if (modelId != null) {
      vectors = vectors.where(functions.col("model_id").equalTo(modelId));
    }
    Dataset<Row> joined = withCorpus(spark, vectors);
    boolean tokenize = bundle != null && corpus != null;

    StructType docSchema =
        new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("doc_id", DataTypes.StringType, false)
            .add("group_value", DataTypes.StringType, true)
            .add("active_dims", DataTypes.IntegerType, false)
            .add("l1_mass", DataTypes.DoubleType, false)
            .add("max_weight", DataTypes.FloatType, false)
            .add("expansion_mass", DataTypes.DoubleType, true)
            .add("expansion_share", DataTypes.DoubleType, true)
            .add("kept_postings", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("kept_mass", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    Dataset<Row> perDoc =
        joined
            .mapPartitions(
                new PerDocument(
                    grid,
                    tokenize ? bundle.documentTokenizer().toString() : null,
                    tokenize ? bundle.maxSeqLength() : 0),
                Encoders.row(docSchema))
            .cache();
    perDoc.createOrReplaceTempView(V + "docs");
    joined
        .select(
            functions.col("model_id"),
            functions.col("group_value"),
            functions.posexplode(functions.col("token_ids")).as(new String[] {"pos", "token_id"}),
            functions.col("weights"))
        .select(
            functions.col("model_id"),
            functions.col("group_value"),
            functions.col("token_id"),
            functions
                .element_at(functions.col("weights"), functions.col("pos").plus(1))
                .as("weight"))
        .createOrReplaceTempView(V + "posts");
    tokenNames(spark, bundle).createOrReplaceTempView(V + "vocab");
    gridTable(spark, grid).createOrReplaceTempView(V + "grid");

    write(
        spark.sql(
            "SELECT model_id, doc_id, group_value, active_dims, l1_mass, max_weight,"
                + " expansion_mass, expansion_share FROM "
                + V
                + "docs"),
        outDir,
        StatsTables.DOC_STATS);

    String slice = sliceExpr();
    Dataset<Row> tokens =
        spark.sql(
            "SELECT t.*, v.token,"
                + " row_number() OVER (PARTITION BY t.model_id, t.slice ORDER BY t.df DESC, t.token_id) AS df_rank,"
                + " row_number() OVER (PARTITION BY t.model_id, t.slice ORDER BY t.mass DESC, t.token_id) AS mass_rank"
                + " FROM (SELECT model_id, "
                + slice
                + " AS slice, token_id, count(*) AS df,"
                + " sum(abs(weight)) AS mass, max(weight) AS max_weight FROM "
                + V
                + "posts"
                + " GROUP BY "
                + groupSets("token_id")
                + ") t"
                + " LEFT JOIN "
                + V
                + "vocab v ON t.token_id = v.token_id");
    write(tokens, outDir, StatsTables.TOKENS);
    readDelta(spark, outDir + "/" + StatsTables.TOKENS).createOrReplaceTempView(V + "tokens");

    write(
        spark.sql(
            "SELECT model_id, slice, 'df' AS by, df_rank AS rank, token_id, token, df, mass, max_weight"
                + " FROM "
                + V
                + "tokens WHERE df_rank <= "
                + topTokens
                + " UNION ALL SELECT model_id, slice, 'mass' AS by, mass_rank AS rank, token_id, token,"
                + " df, mass, max_weight FROM "
                + V
                + "tokens WHERE mass_rank <= "
                + topTokens),
        outDir,
        StatsTables.TOP_TOKENS);

    write(
        spark.sql(
            "SELECT d.*, p.tokens, p.posting_len_p50, p.posting_len_p90, p.posting_len_p99,"
                + " p.posting_len_max, p.df_sq_sum / (d.docs * d.docs) AS est_flops FROM"
                + " (SELECT model_id, "
                + slice
                + " AS slice, count(*) AS docs,"
                + " sum(active_dims) AS postings, avg(active_dims) AS active_dims_mean,"
                + " percentile(active_dims, 0.5) AS active_dims_p50,"
                + " percentile(active_dims, 0.9) AS active_dims_p90,"
                + " percentile(active_dims, 0.99) AS active_dims_p99,"
                + " max(active_dims) AS active_dims_max, avg(l1_mass) AS l1_mass_mean,"
                + " avg(max_weight) AS max_weight_mean, max(max_weight) AS max_weight_max,"
                + " avg(expansion_share) AS expansion_share_mean"
                + " FROM "
                + V
                + "docs GROUP BY "
                + groupSets(null)
                + ") d"
                + " JOIN (SELECT model_id, slice, count(*) AS tokens,"
                + " percentile(df, 0.5) AS posting_len_p50, percentile(df, 0.9) AS posting_len_p90,"
                + " percentile(df, 0.99) AS posting_len_p99, max(df) AS posting_len_max,"
                + " sum(CAST(df AS DOUBLE) * df) AS df_sq_sum FROM "
                + V
                + "tokens"
                + " GROUP BY model_id, slice) p ON d.model_id = p.model_id AND d.slice = p.slice"),
        outDir,
        StatsTables.SUMMARY);

    write(
        spark.sql(
            "SELECT model_id, "
                + slice
                + " AS slice, bucket_start,"
                + " bucket_start + "
                + (histWidth - 1)
                + " AS bucket_end, count(*) AS docs FROM"
                + " (SELECT *, CAST(floor(active_dims / "
                + histWidth
                + ") * "
                + histWidth
                + " AS INT) AS bucket_start FROM "
                + V
                + "docs) GROUP BY "
                + groupSets("bucket_start")),
        outDir,
        StatsTables.ACTIVE_DIMS_HIST);

    write(
        spark.sql(
            "SELECT model_id, slice, bucket_start, 2 * bucket_start - 1 AS bucket_end,"
                + " count(*) AS tokens, sum(df) AS postings FROM (SELECT model_id, slice, df,"
                + " CAST(shiftleft(1L, CAST(floor(log2(df)) AS INT)) AS BIGINT) AS bucket_start"
                + " FROM "
                + V
                + "tokens) GROUP BY model_id, slice, bucket_start"),
        outDir,
        StatsTables.POSTING_LENGTHS);

    write(
        spark.sql(
            "SELECT e.model_id, e.slice, g.method, g.param, e.postings_total, e.postings_kept,"
                + " 1 - e.postings_kept / e.postings_total AS postings_saved_share,"
                + " e.mass_kept / e.mass_total AS mass_retained_share FROM"
                + " (SELECT model_id, "
                + slice
                + " AS slice, i, sum(active_dims) AS postings_total,"
                + " sum(kept) AS postings_kept, sum(l1_mass) AS mass_total, sum(kept_mass[i]) AS mass_kept"
                + " FROM (SELECT *, posexplode(kept_postings) AS (i, kept) FROM "
                + V
                + "docs)"
                + " GROUP BY "
                + groupSets("i")
                + ") e JOIN "
                + V
                + "grid g ON e.i = g.i"),
        outDir,
        StatsTables.PRUNING);

    if (compareModelId != null || compareIndex != null) {
      drift(spark, vectors, outDir);
    }
    perDoc.unpersist();
    return outDir;
  }

  private void drift(SparkSession spark, Dataset<Row> a, String outDir) {
    Dataset<Row> b =
        readDelta(spark, compareIndex != null ? compareIndex + "/doc_vectors" : docVectorsPath);
    if (compareModelId != null) {
      b = b.where(functions.col("model_id").equalTo(compareModelId));
    }
    String modelA = single(a, "--model-id");
    String modelB = single(b, "--compare-model-id");
    Dataset<Row> pairs =
        withCorpus(spark, a)
            .select(
                functions.col("doc_id"),
                functions.col("group_value"),
                functions.col("token_ids").as("a_ids"),
                functions.col("weights").as("a_w"))
            .join(
                b.select(
                    functions.col("doc_id"),
                    functions.col("token_ids").as("b_ids"),
                    functions.col("weights").as("b_w")),
                "doc_id");
    StructType schema =
        new StructType()
            .add("group_value", DataTypes.StringType, true)
            .add("active_a", DataTypes.IntegerType, false)
            .add("active_b", DataTypes.IntegerType, false)
            .add("active_delta", DataTypes.IntegerType, false)
            .add("active_jaccard", DataTypes.DoubleType, false)
            .add("top_k_jaccard", DataTypes.DoubleType, false);
    pairs
        .mapPartitions(new PerPair(driftTopK), Encoders.row(schema))
        .withColumn("model_id", functions.lit(modelA))
        .createOrReplaceTempView(V + "pairs");
    // Global top tokens by mass over the compared documents only, per model and slice.
    pairs
        .select(
            functions.col("group_value"),
            functions.posexplode(functions.col("a_ids")).as(new String[] {"pos", "token_id"}),
            functions.col("a_w"))
        .select(
            functions.lit(modelA).as("model_id"),
            functions.lit("a").as("side"),
            functions.col("group_value"),
            functions.col("token_id"),
            functions.element_at(functions.col("a_w"), functions.col("pos").plus(1)).as("weight"))
        .unionByName(
            pairs
                .select(
                    functions.col("group_value"),
                    functions
                        .posexplode(functions.col("b_ids"))
                        .as(new String[] {"pos", "token_id"}),
                    functions.col("b_w"))
                .select(
                    functions.lit(modelA).as("model_id"),
                    functions.lit("b").as("side"),
                    functions.col("group_value"),
                    functions.col("token_id"),
                    functions
                        .element_at(functions.col("b_w"), functions.col("pos").plus(1))
                        .as("weight")))
        .createOrReplaceTempView(V + "pair_posts");
    String slice = sliceExpr();
    Dataset<Row> top =
        spark.sql(
            "SELECT model_id, slice, side, token_id FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY model_id, slice, side ORDER BY mass DESC, token_id) AS r FROM"
                + " (SELECT model_id, side, "
                + slice
                + " AS slice, token_id, sum(abs(weight)) AS mass"
                + " FROM "
                + V
                + "pair_posts GROUP BY "
                + groupSets("side, token_id")
                + "))"
                + " WHERE r <= "
                + topTokens);
    top.createOrReplaceTempView(V + "pair_top");
    write(
        spark.sql(
            "SELECT '"
                + modelA.replace("'", "''")
                + "' AS model_a, '"
                + modelB.replace("'", "''")
                + "' AS model_b, d.slice, d.docs_compared, d.active_dims_mean_a,"
                + " d.active_dims_mean_b, d.active_dims_delta_mean, d.active_jaccard_mean, "
                + driftTopK
                + " AS top_k, d.top_k_jaccard_mean, "
                + topTokens
                + " AS top_tokens,"
                + " o.top_tokens_overlap FROM"
                + " (SELECT "
                + slice
                + " AS slice, count(*) AS docs_compared,"
                + " avg(active_a) AS active_dims_mean_a, avg(active_b) AS active_dims_mean_b,"
                + " avg(active_delta) AS active_dims_delta_mean,"
                + " avg(active_jaccard) AS active_jaccard_mean, avg(top_k_jaccard) AS top_k_jaccard_mean"
                + " FROM "
                + V
                + "pairs GROUP BY "
                + groupSets(null)
                + ") d JOIN"
                + " (SELECT slice, count_if(n = 2) / greatest(max(na), max(nb)) AS top_tokens_overlap"
                + " FROM (SELECT slice, token_id, count(*) AS n,"
                + " sum(count_if(side = 'a')) OVER (PARTITION BY slice) AS na,"
                + " sum(count_if(side = 'b')) OVER (PARTITION BY slice) AS nb"
                + " FROM "
                + V
                + "pair_top GROUP BY slice, token_id) GROUP BY slice) o"
                + " ON d.slice = o.slice"),
        outDir,
        StatsTables.DRIFT);
  }

  /** The only model id of {@code df}, or a user error naming the option that selects one. */
  private static String single(Dataset<Row> df, String option) {
    List<Row> ids = df.select("model_id").distinct().limit(2).collectAsList();
    if (ids.size() != 1) {
      throw SpladeException.of(
          option,
          ids.isEmpty()
              ? "selects no document vectors"
              : "is needed: the vectors hold several models ("
                  + ids.get(0).getString(0)
                  + ", "
                  + ids.get(1).getString(0)
                  + ", …)",
          "pass the model id to compare (see the model_id column of doc_vectors)");
    }
    return ids.get(0).getString(0);
  }

  /** GROUP BY clause: per model (and {@code extra}), plus per group value when grouping. */
  private String groupSets(String extra) {
    String e = extra == null ? "" : ", " + extra;
    if (groupBy == null) {
      return "model_id" + e;
    }
    return "GROUPING SETS ((model_id" + e + "), (model_id, group_value" + e + "))";
  }

  private String sliceExpr() {
    if (groupBy == null) {
      return "'" + StatsTables.ALL + "'";
    }
    return "CASE WHEN grouping(group_value) = 1 THEN '"
        + StatsTables.ALL
        + "' ELSE concat('"
        + groupBy.replace("'", "''")
        + "=', coalesce(group_value, '(null)')) END";
  }

  /** The vectors with {@code group_value} and {@code text} (null where unknown). */
  private Dataset<Row> withCorpus(SparkSession spark, Dataset<Row> vectors) {
    if (corpus == null) {
      return vectors
          .withColumn("group_value", functions.lit(null).cast(DataTypes.StringType))
          .withColumn("text", functions.lit(null).cast(DataTypes.StringType));
    }
    Dataset<Row> c = read(spark, corpus, corpusFormat);
    List<String> cols = List.of(c.columns());
    for (String needed : new String[] {corpusIdColumn, groupBy}) {
      if (needed != null && !cols.contains(needed)) {
        throw SpladeException.of(
            corpus,
            "has no column '" + needed + "' (columns: " + cols + ")",
            "name an existing column");
      }
    }
    Dataset<Row> side =
        c.select(
            functions.col(corpusIdColumn).cast(DataTypes.StringType).as("c_doc_id"),
            groupBy == null
                ? functions.lit(null).cast(DataTypes.StringType).as("group_value")
                : functions.col(groupBy).cast(DataTypes.StringType).as("group_value"),
            cols.contains(textColumn)
                ? functions.col(textColumn).cast(DataTypes.StringType).as("text")
                : functions.lit(null).cast(DataTypes.StringType).as("text"));
    return vectors
        .join(side, vectors.col("doc_id").equalTo(side.col("c_doc_id")), "left")
        .drop("c_doc_id");
  }

  private Dataset<Row> tokenNames(SparkSession spark, ModelBundle bundle) {
    StructType schema =
        new StructType()
            .add("token_id", DataTypes.IntegerType, false)
            .add("token", DataTypes.StringType, true);
    if (bundle != null) {
      Vocabulary vocab = bundle.vocabulary();
      List<Row> rows = new ArrayList<>(vocab.size());
      for (int i = 0; i < vocab.size(); i++) {
        rows.add(RowFactory.create(i, vocab.token(i)));
      }
      return spark.createDataFrame(rows, schema);
    }
    String tokenStats = index + "/token_stats";
    if (DeltaTable.isDeltaTable(spark, tokenStats)) {
      return readDelta(spark, tokenStats)
          .groupBy("token_id")
          .agg(functions.first("token").as("token"));
    }
    return spark.createDataFrame(List.of(), schema);
  }

  private static Dataset<Row> gridTable(SparkSession spark, PruningGrid grid) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < grid.settings().size(); i++) {
      rows.add(RowFactory.create(i, grid.method(i), grid.parameter(i)));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("i", DataTypes.IntegerType, false)
            .add("method", DataTypes.StringType, false)
            .add("param", DataTypes.DoubleType, false));
  }

  static Dataset<Row> readDelta(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw SpladeException.of(
          path, "is not a Delta table", "pass the folder written by the pipeline (splade encode)");
    }
    return PublishedIndex.readTable(spark, path);
  }

  private static Dataset<Row> read(SparkSession spark, String path, String format) {
    if (format.equals("delta")) {
      return readDelta(spark, path);
    }
    return spark.read().format(format).load(path);
  }

  private static void write(Dataset<Row> df, String outDir, String table) {
    df.write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(outDir + "/" + table);
  }

  private static SparseVector vector(Row r, String ids, String weights) {
    List<Integer> is = r.getList(r.fieldIndex(ids));
    List<Float> ws = r.getList(r.fieldIndex(weights));
    int[] ia = new int[is.size()];
    float[] wa = new float[ws.size()];
    for (int i = 0; i < ia.length; i++) {
      ia[i] = is.get(i);
      wa[i] = ws.get(i);
    }
    return SparseVector.of(ia, wa);
  }

  private static Double nullIfNaN(double d) {
    return Double.isNaN(d) ? null : d;
  }

  /** doc_vectors (+ group_value, text) row → per-document figures; tokenizes text if asked. */
  static final class PerDocument implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PruningGrid grid;
    private final String tokenizerJson;
    private final int maxLength;

    PerDocument(PruningGrid grid, String tokenizerJson, int maxLength) {
      this.grid = grid;
      this.tokenizerJson = tokenizerJson;
      this.maxLength = maxLength;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      TextTokenizer tok =
          tokenizerJson == null
              ? null
              : TextTokenizer.forDocuments(Path.of(tokenizerJson), maxLength);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = rows.hasNext();
          if (!more && tok != null) {
            tok.close();
          }
          return more;
        }

        @Override
        public Row next() {
          if (!rows.hasNext()) {
            throw new NoSuchElementException();
          }
          Row r = rows.next();
          String text = r.getAs("text");
          long[] own = tok == null || text == null ? null : tok.ids(text);
          DocumentStats s = DocumentStats.of(vector(r, "token_ids", "weights"), own, grid);
          Integer[] kept = new Integer[s.keptPostings().length];
          Double[] mass = new Double[kept.length];
          for (int i = 0; i < kept.length; i++) {
            kept[i] = s.keptPostings()[i];
            mass[i] = s.keptMass()[i];
          }
          return RowFactory.create(
              r.getAs("model_id"),
              r.getAs("doc_id"),
              r.getAs("group_value"),
              s.activeDims(),
              s.mass(),
              s.maxWeight(),
              nullIfNaN(s.expansionMass()),
              nullIfNaN(s.expansionShare()),
              CollectionConverters.asScala(List.of(kept)),
              CollectionConverters.asScala(List.of(mass)));
        }
      };
    }
  }

  /** (a vector, b vector) of one document → its {@link VectorDrift}. */
  static final class PerPair implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int k;

    PerPair(int k) {
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          SparseVector a = vector(r, "a_ids", "a_w");
          SparseVector b = vector(r, "b_ids", "b_w");
          VectorDrift d = VectorDrift.of(a, b, k);
          return RowFactory.create(
              r.getAs("group_value"),
              a.size(),
              b.size(),
              d.activeDelta(),
              d.activeJaccard(),
              d.topKJaccard());
        }
      };
    }
  }
}
