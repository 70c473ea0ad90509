package org.spladespark.sql;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.spladespark.encode.QueryEncoder;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.model.ModelBundle;
import org.spladespark.testing.Fixtures;
import org.spladespark.vector.SparseVector;

class SpladeFunctionsIT {
  private static final StructType TEXTS =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("text", DataTypes.StringType, true);

  private static ModelBundle model;
  private static QueryEncoder encoder;

  @BeforeAll
  static void load() {
    model = ModelBundle.load(Fixtures.tinyModel());
    encoder = QueryEncoder.create(model);
  }

  /** A session of its own whose functions come from {@link SpladeFunctions#register}. */
  private static SparkSession registered() {
    SparkSession s = SparkTestSession.get().newSession();
    SpladeFunctions.register(s, Fixtures.tinyModel().toString());
    return s;
  }

  /** A session of its own whose functions come from the extension, with the model conf set. */
  private static SparkSession extended() {
    SparkSession s = SparkTestSession.get().newSession();
    s.conf().set(SpladeFunctions.MODEL_CONF, Fixtures.tinyModel().toString());
    return s;
  }

  private static Dataset<Row> referenceQueries(SparkSession s) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode q : Fixtures.reference().get("queries")) {
      rows.add(RowFactory.create(q.get("id").asText(), q.get("text").asText()));
    }
    return s.createDataFrame(rows, TEXTS);
  }

  private static SparseVector vector(Row struct) {
    return vector(struct.getList(0), struct.getList(1));
  }

  private static SparseVector vector(List<Integer> ids, List<Float> ws) {
    int[] i = ids.stream().mapToInt(Integer::intValue).toArray();
    float[] w = new float[ws.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = ws.get(k);
    }
    return SparseVector.of(i, w);
  }

  private static void assertQueriesExact(SparkSession s) {
    referenceQueries(s).createOrReplaceTempView("q");
    List<Row> rows = s.sql("SELECT id, text, splade_query(text) AS v FROM q").collectAsList();
    assertEquals(53, rows.size());
    int i = 0;
    for (JsonNode q : Fixtures.reference().get("queries")) {
      Row r = rows.get(i++);
      assertEquals(q.get("id").asText(), r.getString(0));
      SparseVector got = vector(r.getStruct(2));
      SparseVector expected = encoder.encode(r.getString(1));
      assertArrayEquals(expected.indices(), got.indices(), "ids of query " + r.getString(0));
      assertArrayEquals(expected.values(), got.values(), "weights of query " + r.getString(0));
      assertArrayEquals(Fixtures.ints(q.get("indices")), got.indices());
      assertArrayEquals(Fixtures.floats(q.get("values")), got.values());
    }
  }

  @Test
  void registeredQueryEqualsQueryEncoderOnAllReferenceQueries() {
    assertQueriesExact(registered());
  }

  @Test
  void extensionQueryEqualsQueryEncoderOnAllReferenceQueries() {
    assertQueriesExact(extended());
  }

  @Test
  void udfObjectsWorkWithoutTheExtension() {
    // What register() adds as temporary functions, applied as columns (no function registry).
    String path = Fixtures.tinyModel().toString();
    Row r =
        referenceQueries(SparkTestSession.get())
            .limit(1)
            .select(
                SpladeFunctions.udf(SpladeFunctions.QUERY, path).apply(col("text")).as("v"),
                SpladeFunctions.udf(SpladeFunctions.DECODE, path)
                    .apply(
                        SpladeFunctions.udf(SpladeFunctions.QUERY, path)
                            .apply(col("text"))
                            .getField("token_ids")),
                SpladeFunctions.udf(SpladeFunctions.DOT, null)
                    .apply(
                        SpladeFunctions.udf(SpladeFunctions.QUERY, path).apply(col("text")),
                        SpladeFunctions.udf(SpladeFunctions.QUERY, path).apply(col("text"))))
            .first();
    SparseVector expected =
        encoder.encode(Fixtures.reference().get("queries").get(0).get("text").asText());
    assertEquals(expected, vector(r.getStruct(0)));
    assertEquals(model.vocabulary().token(expected.index(0)), r.getList(1).get(0));
    assertEquals(expected.dot(expected), r.getFloat(2));
  }

  @Test
  void queryResultType() {
    Dataset<Row> df = registered().sql("SELECT splade_query('a b') AS v");
    assertEquals(SpladeFunctions.VECTOR_TYPE, df.schema().apply("v").dataType());
  }

  @Test
  void nullTextIsNullAndBlankTextIsEmpty() {
    SparkSession s = extended();
    Row r =
        s.sql("SELECT splade_query(CAST(NULL AS STRING)), splade_query(''), splade_query('  \t')")
            .first();
    assertTrue(r.isNullAt(0));
    assertEquals(0, r.getStruct(1).getList(0).size());
    assertEquals(0, r.getStruct(1).getList(1).size());
    assertEquals(0, r.getStruct(2).getList(0).size());
  }

  @Test
  void decodeGivesVocabularyTokens() {
    SparkSession s = extended();
    Row r =
        s.sql(
                "SELECT splade_decode(array(2054, 2003, 1012)),"
                    + " splade_decode(splade_query('biomaterials show properties').token_ids),"
                    + " splade_query('biomaterials show properties').token_ids")
            .first();
    assertEquals(List.of("what", "is", "."), r.getList(0));
    List<Integer> ids = r.getList(2);
    List<String> expected = new ArrayList<>();
    for (int id : ids) {
      expected.add(model.vocabulary().token(id));
    }
    assertEquals(expected, r.getList(1));
    assertTrue(expected.contains("show"));
  }

  @Test
  void decodeNulls() {
    Row r =
        extended()
            .sql(
                "SELECT splade_decode(CAST(NULL AS ARRAY<INT>)), splade_decode(array(2054, NULL)),"
                    + " splade_decode(array(99999))")
            .first();
    assertTrue(r.isNullAt(0));
    List<String> withNull = r.getList(1);
    assertEquals("what", withNull.get(0));
    assertNull(withNull.get(1));
    assertEquals(List.of("[99999]"), r.getList(2));
  }

  @Test
  void dotEqualsSparseVectorDotOnReferenceDocuments() {
    SparkSession s = registered();
    StructType docSchema =
        new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("token_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    List<Row> docs = new ArrayList<>();
    List<SparseVector> docVectors = new ArrayList<>();
    for (JsonNode d : Fixtures.reference().get("documents")) {
      int[] ids = Fixtures.ints(d.get("indices"));
      float[] ws = Fixtures.floats(d.get("values"));
      docVectors.add(SparseVector.of(ids, ws));
      docs.add(RowFactory.create(d.get("id").asText(), ids, ws));
    }
    s.createDataFrame(docs, docSchema).createOrReplaceTempView("d");
    referenceQueries(s).createOrReplaceTempView("q");
    List<Row> rows =
        s.sql(
                "SELECT q.text, d.doc_id, splade_dot(splade_query(q.text), struct(d.token_ids,"
                    + " d.weights)) AS score, d.token_ids, d.weights FROM q CROSS JOIN d")
            .collectAsList();
    assertEquals(53 * 50, rows.size());
    int nonZero = 0;
    for (Row r : rows) {
      SparseVector doc = vector(r.getList(3), r.getList(4));
      float expected = encoder.encode(r.getString(0)).dot(doc);
      assertEquals(expected, r.getFloat(2), 0f, r.getString(0) + " x " + r.getString(1));
      nonZero += expected != 0f ? 1 : 0;
    }
    assertTrue(nonZero > 50, "some pairs overlap: " + nonZero);
  }

  @Test
  void dotTakesFieldsByNameOrPositionAndNullIsNull() {
    Row r =
        extended()
            .sql(
                "SELECT splade_dot(named_struct('weights', array(2.0f, 3.0f), 'token_ids',"
                    + " array(1, 5)), named_struct('token_ids', array(5, 7), 'weights', array(0.5f,"
                    + " 9.0f))), splade_dot(struct(array(1, 5), array(2.0D, 3.0D)), struct(array(5),"
                    + " array(2))), splade_dot(NULL, splade_query('x'))")
            .first();
    assertEquals(1.5f, r.getFloat(0));
    assertEquals(6f, r.getFloat(1));
    assertTrue(r.isNullAt(2));
  }

  @Test
  void dotRejectsUnsortedIds() {
    assertSqlFails(
        extended(),
        "SELECT splade_dot(struct(array(5, 1), array(1.0f, 1.0f)), struct(array(1), array(1.0f)))",
        "splade_dot first argument: indices must be strictly ascending");
  }

  @Test
  void dotRejectsMisalignedArrays() {
    assertSqlFails(
        extended(),
        "SELECT splade_dot(struct(array(1), array(1.0f)), struct(array(1, 2), array(1.0f)))",
        "splade_dot second argument: 2 token_ids but 1 weights");
  }

  @Test
  void extensionWithoutModelConfSaysHowToSetIt() {
    assertSqlFails(
        SparkTestSession.get().newSession(),
        "SELECT splade_query('x')",
        "spark.splade.model: is not set, and splade_query needs a model");
  }

  @Test
  void extensionChecksArity() {
    assertSqlFails(
        extended(), "SELECT splade_dot(splade_query('x'))", "splade_dot: takes 2 arguments, got 1");
  }

  @Test
  void registerFailsFastOnABadModelPath() {
    assertFailsWith(
        "/no/such/model: is not a folder",
        () -> SpladeFunctions.register(SparkTestSession.get().newSession(), "/no/such/model"));
  }

  /** {@code sql} on {@code s} fails, with {@code message} somewhere in the cause chain. */
  private static void assertSqlFails(SparkSession s, String sql, String message) {
    assertFailsWith(message, () -> s.sql(sql).collect());
  }

  private static void assertFailsWith(String message, Executable action) {
    Exception e = assertThrows(Exception.class, action);
    assertTrue(messages(e).contains(message), messages(e));
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  private static final StructType REFERENCE_DOCS =
      new StructType()
          .add("doc_id", DataTypes.StringType, false)
          .add("token_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add("weights", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** The 50 reference documents as rows of {@link #REFERENCE_DOCS}. */
  private static List<Row> referenceDocRows() {
    List<Row> docs = new ArrayList<>();
    for (JsonNode d : Fixtures.reference().get("documents")) {
      docs.add(
          RowFactory.create(
              d.get("id").asText(),
              Fixtures.ints(d.get("indices")),
              Fixtures.floats(d.get("values"))));
    }
    return docs;
  }

  @Test
  void explainSumsToTheDotProductBitForBitOnReferencePairs() {
    SparkSession s = registered();
    s.createDataFrame(referenceDocRows(), REFERENCE_DOCS).createOrReplaceTempView("d");
    referenceQueries(s).createOrReplaceTempView("q");
    List<Row> rows =
        s.sql(
                "SELECT score, aggregate(array_sort(e), CAST(0 AS FLOAT), (acc, x) -> acc +"
                    + " x.contribution) AS summed, e FROM (SELECT splade_dot(v, struct(d.token_ids,"
                    + " d.weights)) AS score, splade_explain(v, struct(d.token_ids, d.weights)) AS e"
                    + " FROM (SELECT splade_query(text) AS v FROM q) CROSS JOIN d)")
            .collectAsList();
    assertEquals(53 * 50, rows.size());
    int explained = 0;
    for (Row r : rows) {
      assertEquals(
          Float.floatToIntBits(r.getFloat(0)), Float.floatToIntBits(r.getFloat(1)), r.toString());
      List<Row> terms = r.getList(2);
      for (int i = 0; i < terms.size(); i++) {
        Row t = terms.get(i);
        assertEquals(model.vocabulary().token(t.getInt(0)), t.getString(1));
        assertEquals(t.getFloat(2) * t.getFloat(3), t.getFloat(4), 0f);
        if (i > 0) {
          assertTrue(terms.get(i - 1).getFloat(4) >= t.getFloat(4), "largest first");
        }
      }
      explained += terms.isEmpty() ? 0 : 1;
    }
    assertTrue(explained > 50, "pairs with shared tokens: " + explained);
  }

  @Test
  void explainWithoutAModelLeavesTokensNull() {
    SparkSession s = SparkTestSession.get().newSession();
    s.conf().unset(SpladeFunctions.MODEL_CONF);
    List<Row> terms =
        s.sql(
                "SELECT splade_explain(named_struct('token_ids', array(1, 5, 9), 'weights',"
                    + " array(2.0f, 3.0f, 1.0f)), named_struct('token_ids', array(5, 9), 'weights',"
                    + " array(0.5f, 4.0f))), splade_explain(NULL, NULL)")
            .first()
            .getList(0);
    assertEquals(2, terms.size());
    assertEquals(9, terms.get(0).getInt(0));
    assertNull(terms.get(0).get(1));
    assertEquals(4f, terms.get(0).getFloat(4));
    assertEquals(1.5f, terms.get(1).getFloat(4));
  }
}
