package org.spladespark.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.Columns;
import org.spladespark.vector.ScoreExplanation;
import org.spladespark.vector.SparseVector;

/**
 * The SPLADE Spark SQL functions. One call, {@link #register(SparkSession, String)}, makes them
 * available to {@code spark.sql(...)} and {@code functions.call_function}; the session extension
 * {@link SpladeSparkExtensions} does the same for every session, taking the model from {@value
 * #MODEL_CONF}.
 *
 * <table>
 *   <caption>Functions</caption>
 *   <tr><th>Signature</th><th>Result</th></tr>
 *   <tr><td>{@code splade_query(text STRING)}</td>
 *       <td>{@code STRUCT<token_ids: ARRAY<INT>, weights: ARRAY<FLOAT>>}: the inference-free query
 *       vector, equal bit for bit to {@link org.spladespark.encode.QueryEncoder#encode}. Null text
 *       gives null; empty or blank text gives the empty vector (two empty arrays).</td></tr>
 *   <tr><td>{@code splade_decode(token_ids ARRAY<INT>)}</td>
 *       <td>{@code ARRAY<STRING>}: the vocabulary token of each id, in order ({@code "[id]"} for an
 *       id outside the vocabulary). Null array gives null; a null element gives a null token.</td></tr>
 *   <tr><td>{@code splade_dot(a STRUCT, b STRUCT)}</td>
 *       <td>{@code FLOAT}: the dot product of two sparse vectors, each a struct of {@code token_ids}
 *       (strictly ascending ints) and {@code weights} (floats, or any numbers, read as float32) —
 *       the shape {@code splade_query} returns and {@code struct(token_ids, weights)} of a {@code
 *       doc_vectors} row. Fields are taken by these names, else by position (first ids, then
 *       weights). Computed by {@link SparseVector#dot}: float32, ascending token id order. Null
 *       when either argument is null.</td></tr>
 *   <tr><td>{@code splade_explain(query STRUCT, doc STRUCT)}</td>
 *       <td>{@code ARRAY<STRUCT<token_id: INT, token: STRING, query_weight: FLOAT, doc_weight: FLOAT,
 *       contribution: FLOAT>>}: the tokens the two vectors share with {@code contribution =
 *       query_weight * doc_weight}, largest contribution first (ties by token id) — {@link
 *       ScoreExplanation}. The contributions added in ascending token id order, in float32 from 0
 *       (e.g. {@code aggregate(array_sort(e), CAST(0 AS FLOAT), (s, x) -> s + x.contribution)}), equal
 *       {@code splade_dot} and the search score bit for bit. {@code token} is the vocabulary's
 *       spelling when a model is set ({@value #MODEL_CONF}), else null. Null when either argument is
 *       null.</td></tr>
 * </table>
 *
 * <p>The model is a local model folder that every executor can read at the same path (a shared
 * mount such as {@code /dbfs/...} on a cluster). Each JVM loads its query side once, lazily: the
 * tokenizer and the IDF weights, never the ONNX document graph.
 */
public final class SpladeFunctions {
  /** Session conf key naming the model folder for {@link SpladeSparkExtensions}. */
  public static final String MODEL_CONF = "spark.splade.model";

  public static final String QUERY = "splade_query";
  public static final String DECODE = "splade_decode";
  public static final String DOT = "splade_dot";
  public static final String EXPLAIN = "splade_explain";

  /** The element type of {@code splade_explain}'s result. */
  public static final StructType EXPLAIN_TERM_TYPE =
      new StructType()
          .add(Columns.field(Columns.TOKEN_ID))
          .add(Columns.TOKEN, DataTypes.StringType, true)
          .add("query_weight", DataTypes.FloatType, false)
          .add("doc_weight", DataTypes.FloatType, false)
          .add("contribution", DataTypes.FloatType, false);

  /** The result type of {@code splade_query}. */
  public static final StructType VECTOR_TYPE =
      new StructType().add(Columns.field(Columns.TOKEN_IDS)).add(Columns.field(Columns.WEIGHTS));

  private SpladeFunctions() {}

  /**
   * Makes the functions use {@code modelPath} in {@code spark}: sets {@value #MODEL_CONF} on the
   * session (which the {@link SpladeSparkExtensions} functions read, and which take precedence over
   * temporary functions when the extension is installed) and registers the three as temporary
   * functions (for sessions without the extension). The model's query side is loaded on the driver
   * first, so a bad path fails here rather than inside a task.
   *
   * @param modelPath a local SparseEncoder folder, readable at the same path on every executor
   */
  public static void register(SparkSession spark, String modelPath) {
    QueryModels.get(requireModel(QUERY, modelPath));
    spark.conf().set(MODEL_CONF, modelPath);
    for (String name : NAMES) {
      spark.udf().register(name, udf(name, modelPath));
    }
  }

  /** Every function, in documentation order. */
  static final List<String> NAMES = List.of(QUERY, DECODE, DOT, EXPLAIN);

  /**
   * The function {@code name}; {@code modelPath} is needed by {@value #QUERY} and {@value #DECODE},
   * optional for {@value #EXPLAIN} (token strings) and unused by {@value #DOT}.
   */
  static UserDefinedFunction udf(String name, String modelPath) {
    UserDefinedFunction f =
        switch (name) {
          case QUERY -> functions.udf(new QueryUdf(requireModel(name, modelPath)), VECTOR_TYPE);
          case DECODE ->
              functions.udf(
                  new DecodeUdf(requireModel(name, modelPath)),
                  DataTypes.createArrayType(DataTypes.StringType, true));
          case DOT -> functions.udf(new DotUdf(), DataTypes.FloatType);
          case EXPLAIN ->
              functions.udf(
                  new ExplainUdf(modelPath == null || modelPath.isBlank() ? null : modelPath),
                  DataTypes.createArrayType(EXPLAIN_TERM_TYPE, false));
          default -> throw new IllegalArgumentException("not a SPLADE function: " + name);
        };
    return f.withName(name);
  }

  /** Number of arguments of function {@code name}. */
  static int arity(String name) {
    return DOT.equals(name) || EXPLAIN.equals(name) ? 2 : 1;
  }

  private static String requireModel(String function, String modelPath) {
    if (modelPath == null || modelPath.isBlank()) {
      throw SpladeException.of(
          MODEL_CONF,
          "is not set, and " + function + " needs a model",
          "set "
              + MODEL_CONF
              + " to the model folder (spark.conf.set or --conf), or call"
              + " SpladeFunctions.register(spark, modelPath)");
    }
    return modelPath;
  }

  /** {@code splade_query(text)}. */
  static final class QueryUdf implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;
    private final String modelPath;

    QueryUdf(String modelPath) {
      this.modelPath = modelPath;
    }

    @Override
    public Row call(String text) {
      if (text == null) {
        return null;
      }
      SparseVector v = QueryModels.get(modelPath).encoder().encode(text);
      return RowFactory.create(v.indices(), v.values());
    }
  }

  /** {@code splade_decode(token_ids)}. */
  static final class DecodeUdf implements UDF1<Object, List<String>> {
    private static final long serialVersionUID = 1L;
    private final String modelPath;

    DecodeUdf(String modelPath) {
      this.modelPath = modelPath;
    }

    @Override
    public List<String> call(Object tokenIds) {
      if (tokenIds == null) {
        return null;
      }
      Vocabulary vocab = QueryModels.get(modelPath).vocabulary();
      List<?> ids = SqlValues.list(tokenIds, DECODE + " argument");
      List<String> out = new ArrayList<>(ids.size());
      for (Object id : ids) {
        out.add(id == null ? null : vocab.token(((Number) id).intValue()));
      }
      return out;
    }
  }

  /** {@code splade_dot(a, b)}. */
  static final class DotUdf implements UDF2<Row, Row, Float> {
    private static final long serialVersionUID = 1L;

    @Override
    public Float call(Row a, Row b) {
      if (a == null || b == null) {
        return null;
      }
      return SqlValues.vector(a, DOT + " first argument")
          .dot(SqlValues.vector(b, DOT + " second argument"));
    }
  }

  /** {@code splade_explain(query, doc)}. */
  static final class ExplainUdf implements UDF2<Row, Row, List<Row>> {
    private static final long serialVersionUID = 1L;
    private final String modelPath;

    /**
     * @param modelPath the model that spells the tokens, or null (tokens are then null)
     */
    ExplainUdf(String modelPath) {
      this.modelPath = modelPath;
    }

    @Override
    public List<Row> call(Row query, Row doc) {
      if (query == null || doc == null) {
        return null;
      }
      ScoreExplanation e =
          ScoreExplanation.of(
              SqlValues.vector(query, EXPLAIN + " first argument"),
              SqlValues.vector(doc, EXPLAIN + " second argument"));
      Vocabulary vocab = modelPath == null ? null : QueryModels.get(modelPath).vocabulary();
      List<Row> out = new ArrayList<>(e.terms().size());
      for (ScoreExplanation.Term t : e.terms()) {
        out.add(
            RowFactory.create(
                t.tokenId(),
                vocab == null ? null : vocab.token(t.tokenId()),
                t.queryWeight(),
                t.docWeight(),
                t.contribution()));
      }
      return out;
    }
  }
}
