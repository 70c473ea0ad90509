package org.spladespark.jobs.search;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.models.ActiveModel;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.SearchResultsTable;
import org.spladespark.vector.SparseVector;

/**
 * Batch top-k search of a query set against a SPLADE index ({@code splade search}).
 *
 * <p>Queries are read and encoded on the driver (the inference-free query side: a tokenizer and one
 * weight per token), then matched by the scan or the postings plan ({@link Plan}, chosen by {@link
 * PlanRule} under {@code --plan auto}). Scores are exact: the float32 {@link SparseVector#dot} of
 * query and document, whichever plan runs; ties are ordered by doc id. Results go to a Delta table
 * ({@link SearchResultsTable#SCHEMA}), a JSON-lines file and/or a TREC run.
 */
public final class SearchJob {
  private static final Logger LOG = LoggerFactory.getLogger(SearchJob.class);

  private static final StructType QUERY_IDS =
      new StructType()
          .add("q", DataTypes.IntegerType, false)
          .add(SearchResultsTable.QUERY_ID, DataTypes.StringType, false);

  private SearchJob() {}

  /** spark-submit entry point: the same options as {@code splade search}. */
  public static void main(String[] args) {
    SpladeCli.main("search", args);
  }

  /**
   * The index model to search: for an index folder, the one its {@code models} table names (or
   * {@code requested}), after checking that {@code queryModel}'s query weights belong to it —
   * scoring one model's queries against another's documents is refused ({@link ActiveModel}).
   */
  static String checkedModelId(
      SparkSession spark, IndexTables index, ModelBundle queryModel, String requested) {
    String folder = index.folder();
    return folder == null
        ? requested
        : ActiveModel.require(spark, folder, queryModel, requested).modelId();
  }

  public static SearchReport run(SparkSession spark, SearchOptions options) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    ModelBundle model = ModelBundle.load(Path.of(options.model()));
    checkOutputs(spark, hadoop, options);

    QueryBatch batch = batch(model, QueryReader.read(spark, options.queries()), options);

    IndexSearcher searcher =
        new IndexSearcher(
            spark,
            options.index(),
            checkedModelId(spark, options.index(), model, options.modelId()));
    IndexSearcher.PlanChoice choice = searcher.choose(batch, options.plan(), model.vocabulary());
    LOG.info("plan {}: {}", choice.plan(), choice.reason());
    String modelId = searcher.modelId();

    long hits;
    try (RankedRows results = searcher.search(batch, options.topK(), choice.plan())) {
      if (options.outputTable() != null) {
        writeTable(spark, withQueryIds(spark, results.reused(), batch, modelId), options);
      }
      writeFiles(hadoop, options, modelId, results::orderedIterator, batch);
      hits = results.count();
    }
    SearchReport report =
        new SearchReport(
            choice.plan(), choice.reason(), modelId, batch.size(), batch.emptyQueries(), hits);
    LOG.info("search done: {}", report);
    return report;
  }

  /**
   * The encoded queries; refuses a query id a TREC run cannot hold when one is written, and warns
   * of queries without a token.
   */
  static QueryBatch batch(
      ModelBundle model, List<QueryReader.QueryText> queries, SearchOptions options) {
    QueryBatch batch = encode(model, queries);
    if (options.outputTrec() != null) {
      for (int q = 0; q < batch.size(); q++) {
        if (ResultFiles.hasWhitespace(batch.id(q))) {
          throw SpladeException.of(
              "query id '" + batch.id(q) + "'",
              "contains whitespace, which a TREC run cannot hold",
              "drop --output-trec or use ids without whitespace");
        }
      }
    }
    if (batch.emptyQueries() > 0) {
      LOG.warn(
          "{} of {} queries have no token with a query weight and get no hits",
          batch.emptyQueries(),
          batch.size());
    }
    return batch;
  }

  /**
   * Writes the JSON-lines and TREC files asked for, from the rows {@code ranked} gives (q, rank
   * order); it is not called when no file is asked for.
   */
  static void writeFiles(
      Configuration hadoop,
      SearchOptions options,
      String modelId,
      Supplier<Iterator<Row>> ranked,
      QueryBatch batch) {
    if (options.outputJsonl() == null && options.outputTrec() == null) {
      return;
    }
    try (ResultFiles files =
        new ResultFiles(
            hadoop, options.outputJsonl(), options.outputTrec(), options.runTag(), modelId)) {
      files.write(ranked.get(), batch);
    } catch (java.io.IOException e) {
      throw SpladeException.of(
          "output files", "cannot be closed: " + e.getMessage(), "check the paths", e);
    }
  }

  static QueryBatch encode(ModelBundle model, List<QueryReader.QueryText> queries) {
    List<String> ids = new ArrayList<>(queries.size());
    List<SparseVector> vectors = new ArrayList<>(queries.size());
    try (QueryEncoder encoder = QueryEncoder.create(model)) {
      for (QueryReader.QueryText q : queries) {
        ids.add(q.id());
        vectors.add(encoder.encode(q.text()));
      }
    }
    return QueryBatch.of(ids, vectors);
  }

  private static void checkOutputs(SparkSession spark, Configuration hadoop, SearchOptions o) {
    if (o.outputTable() != null && !o.overwrite() && o.outputTable().exists(spark)) {
      throw SpladeException.of(
          o.outputTable().toString(), "exists already", "pass --overwrite or another table");
    }
    checkFiles(hadoop, o);
  }

  /** Refuses existing output files unless {@code --overwrite}; run before the search. */
  static void checkFiles(Configuration hadoop, SearchOptions o) {
    ResultFiles.checkWritable(hadoop, o.outputJsonl(), o.overwrite());
    ResultFiles.checkWritable(hadoop, o.outputTrec(), o.overwrite());
  }

  /** {@code ranked} with query ids and the model id, in the {@code search_results} schema. */
  static Dataset<Row> withQueryIds(
      SparkSession spark, Dataset<Row> ranked, QueryBatch batch, String modelId) {
    List<Row> ids = new ArrayList<>(batch.size());
    for (int q = 0; q < batch.size(); q++) {
      ids.add(RowFactory.create(q, batch.id(q)));
    }
    Dataset<Row> rows =
        ranked
            .join(broadcast(spark.createDataFrame(ids, QUERY_IDS)), "q")
            .select(
                col(SearchResultsTable.QUERY_ID),
                col(SearchResultsTable.RANK).cast("int"),
                col(SearchResultsTable.DOC_ID),
                col(SearchResultsTable.SCORE),
                lit(modelId).as(SearchResultsTable.MODEL_ID));
    // Re-applied so that the table gets the schema's non-nullable columns.
    return spark.createDataFrame(rows.javaRDD(), SearchResultsTable.SCHEMA);
  }

  /**
   * Writes the results table. A new table is created first with {@link SearchResultsTable#SCHEMA}
   * (Delta would make every column nullable when created by a DataFrame write) and the format
   * version property; an existing one is appended to or, with {@code --overwrite}, replaced
   * atomically.
   */
  private static void writeTable(SparkSession spark, Dataset<Row> results, SearchOptions o) {
    o.outputTable().write(spark, SearchResultsTable.SCHEMA, results, o.overwrite());
  }
}
