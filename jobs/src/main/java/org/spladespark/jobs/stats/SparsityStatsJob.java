package org.spladespark.jobs.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.CorpusTable;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.ModelBundle;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.DocStats;
import org.spladespark.schemas.StatsTables.Drift;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Summary;
import org.spladespark.schemas.StatsTables.Tokens;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * {@code splade stats}: sparsity analytics of an index's {@code doc_vectors}, written as the Delta
 * tables of {@link StatsTables}.
 *
 * <p>Per-document figures come from {@link DocumentStats} ({@link DocumentStatsPartition}; {@link
 * VectorDrift} for a model comparison) in one pass over the vectors; aggregates are Dataset queries
 * over them, per {@code model_id} and {@link Slices slice} (the whole corpus, and each value of
 * {@code --group-by}, a column of the corpus table joined by doc id), one class per group of
 * tables: {@link DocumentTables}, {@link TokenTables}, {@link DriftTable}.
 *
 * <p>Expansion (mass on tokens absent from the document's own text) needs the text: {@code
 * --corpus} with {@code --text-col} and {@code --model} (its document tokenizer, with the model's
 * truncation, must be readable by the executors).
 *
 * <p>For spark-submit ({@link #main}, the options of {@link StatsCommand}) and for code ({@link
 * #run}).
 */
public final class SparsityStatsJob {
  /** The corpus text column, joined to the vectors for expansion (null without text). */
  static final String TEXT = "text";

  private static final String CORPUS_ID = "c_doc_id";

  private final SparsityStatsOptions o;
  private final Slices slices;

  private SparsityStatsJob(SparsityStatsOptions o) {
    this.o = o;
    this.slices = new Slices(o.groupBy());
  }

  /** spark-submit entry point: the {@code splade stats} options. */
  public static void main(String[] args) {
    SpladeCli.main("stats", args);
  }

  /** Runs the job on {@code spark}; returns the folder of the stats tables. */
  public static String run(SparkSession spark, SparsityStatsOptions options) {
    return new SparsityStatsJob(options).run(spark, options.outDir());
  }

  private String run(SparkSession spark, String outDir) {
    ModelBundle bundle = o.model() == null ? null : ModelBundle.load(o.model());
    TableRef out = TableRef.path(outDir);

    Dataset<Row> vectors = readDelta(spark, o.docVectorsPath());
    if (o.modelId() != null) {
      vectors = vectors.where(col(DocVectorsTable.MODEL_ID).equalTo(o.modelId()));
    }
    Dataset<Row> joined = withCorpus(spark, vectors);
    boolean tokenize = bundle != null && o.corpus() != null;
    Dataset<Row> docs =
        joined
            .mapPartitions(
                new DocumentStatsPartition(
                    o.grid(),
                    tokenize ? bundle.documentTokenizer().toString() : null,
                    tokenize ? bundle.maxSeqLength() : 0),
                Encoders.row(DocStats.WORK_SCHEMA))
            .cache();
    try {
      out.child(StatsTables.DOC_STATS).overwrite(DocStats.SCHEMA, DocumentTables.docStats(docs));
      out.child(StatsTables.TOKENS)
          .overwrite(
              Tokens.TOKENS_SCHEMA,
              TokenTables.tokens(slices, TokenTables.postings(joined), tokenNames(spark, bundle)));
      // Read back: the aggregates below use the written table rather than recompute it.
      Dataset<Row> tokens = out.child(StatsTables.TOKENS).read(spark);
      out.child(StatsTables.TOP_TOKENS)
          .overwrite(Tokens.TOP_TOKENS_SCHEMA, TokenTables.topTokens(tokens, o.topTokens()));
      out.child(StatsTables.SUMMARY)
          .overwrite(Summary.SCHEMA, DocumentTables.summary(slices, docs, tokens));
      out.child(StatsTables.ACTIVE_DIMS_HIST)
          .overwrite(
              Histogram.ACTIVE_DIMS_SCHEMA,
              DocumentTables.activeDimsHistogram(slices, docs, o.histWidth()));
      out.child(StatsTables.POSTING_LENGTHS)
          .overwrite(Histogram.POSTING_LENGTHS_SCHEMA, TokenTables.postingLengths(tokens));
      out.child(StatsTables.PRUNING)
          .overwrite(
              Pruning.SCHEMA, DocumentTables.pruning(slices, docs, gridTable(spark, o.grid())));
      if (o.compareModelId() != null || o.compareIndex() != null) {
        drift(spark, vectors, joined, out);
      }
    } finally {
      docs.unpersist();
    }
    return outDir;
  }

  private void drift(SparkSession spark, Dataset<Row> a, Dataset<Row> joined, TableRef out) {
    Dataset<Row> b =
        readDelta(
            spark,
            o.compareIndex() != null
                ? TableRef.path(o.compareIndex()).child(DocVectorsTable.TABLE).location()
                : o.docVectorsPath());
    if (o.compareModelId() != null) {
      b = b.where(col(DocVectorsTable.MODEL_ID).equalTo(o.compareModelId()));
    }
    String modelA = single(a, "--model-id");
    String modelB = single(b, "--compare-model-id");
    out.child(StatsTables.DRIFT)
        .overwrite(
            Drift.SCHEMA,
            DriftTable.compute(
                slices, DriftTable.pairs(joined, b), modelA, modelB, o.driftTopK(), o.topTokens()));
  }

  /** The only model id of {@code df}, or a user error naming the option that selects one. */
  private static String single(Dataset<Row> df, String option) {
    List<Row> ids = df.select(DocVectorsTable.MODEL_ID).distinct().limit(2).collectAsList();
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

  /** The vectors with {@code group_value} and {@code text} (null where unknown). */
  private Dataset<Row> withCorpus(SparkSession spark, Dataset<Row> vectors) {
    if (o.corpus() == null) {
      return vectors
          .withColumn(DocStats.GROUP_VALUE, lit(null).cast(DataTypes.StringType))
          .withColumn(TEXT, lit(null).cast(DataTypes.StringType));
    }
    Dataset<Row> c = CorpusTable.read(spark, o.corpus());
    List<String> cols = List.of(c.columns());
    for (String needed : new String[] {o.corpus().idCol(), o.groupBy()}) {
      if (needed != null && !cols.contains(needed)) {
        throw SpladeException.of(
            o.corpus().location(),
            "has no column '" + needed + "' (columns: " + cols + ")",
            "name an existing column");
      }
    }
    Dataset<Row> side =
        c.select(
            col(o.corpus().idCol()).cast(DataTypes.StringType).as(CORPUS_ID),
            o.groupBy() == null
                ? lit(null).cast(DataTypes.StringType).as(DocStats.GROUP_VALUE)
                : col(o.groupBy()).cast(DataTypes.StringType).as(DocStats.GROUP_VALUE),
            CorpusTable.documentText(c, o.corpus()).as(TEXT));
    return vectors
        .join(side, vectors.col(DocVectorsTable.DOC_ID).equalTo(side.col(CORPUS_ID)), "left")
        .drop(CORPUS_ID);
  }

  /** {@code token_id, token}: the model's vocabulary, else the index's token_stats, else empty. */
  private Dataset<Row> tokenNames(SparkSession spark, ModelBundle bundle) {
    StructType schema =
        new StructType()
            .add(Tokens.TOKEN_ID, DataTypes.IntegerType, false)
            .add(Tokens.TOKEN, DataTypes.StringType, true);
    if (bundle != null) {
      Vocabulary vocab = bundle.vocabulary();
      List<Row> rows = new ArrayList<>(vocab.size());
      for (int i = 0; i < vocab.size(); i++) {
        rows.add(RowFactory.create(i, vocab.token(i)));
      }
      return spark.createDataFrame(rows, schema);
    }
    TableRef tokenStats = TableRef.path(o.index()).child(TokenStatsTable.TABLE);
    if (tokenStats.exists(spark)) {
      return tokenStats
          .read(spark)
          .groupBy(TokenStatsTable.TOKEN_ID)
          .agg(first(TokenStatsTable.TOKEN).as(Tokens.TOKEN));
    }
    return spark.createDataFrame(List.of(), schema);
  }

  /** The settings of the pruning grid, numbered: {@code i, method, param}. */
  private static Dataset<Row> gridTable(SparkSession spark, PruningGrid grid) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < grid.settings().size(); i++) {
      rows.add(RowFactory.create(i, grid.method(i), grid.parameter(i)));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add(DocumentTables.GRID_INDEX, DataTypes.IntegerType, false)
            .add(Pruning.METHOD, DataTypes.StringType, false)
            .add(Pruning.PARAM, DataTypes.DoubleType, false));
  }

  static Dataset<Row> readDelta(SparkSession spark, String path) {
    TableRef table = TableRef.path(path);
    if (!table.exists(spark)) {
      throw SpladeException.of(
          path, "is not a Delta table", "pass the folder written by the pipeline (splade encode)");
    }
    return PublishedIndex.readTable(spark, path);
  }
}
