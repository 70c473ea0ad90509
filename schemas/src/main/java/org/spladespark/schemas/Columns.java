package org.spladespark.schemas;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * Column names that several tables share, so that a join or filter across tables names one
 * constant, and the one type each has ({@link #field}). Each table class re-exports the ones it
 * has. None is nullable.
 *
 * <table>
 *   <caption>The shared columns</caption>
 *   <tr><th>constant</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@link #MODEL_ID}</td><td>string</td><td>the fingerprint of the model whose vectors a
 *       row belongs to</td></tr>
 *   <tr><td>{@link #DOC_ID}</td><td>string</td><td>the corpus id of a document</td></tr>
 *   <tr><td>{@link #TOKEN_ID}</td><td>int</td><td>a vocabulary id</td></tr>
 *   <tr><td>{@link #TOKEN}</td><td>string</td><td>the wordpiece string of a vocabulary id</td></tr>
 *   <tr><td>{@link #TOKEN_IDS}</td><td>array&lt;int&gt;</td><td>ascending vocabulary ids of a
 *       sparse vector's non-zeros</td></tr>
 *   <tr><td>{@link #WEIGHTS}</td><td>array&lt;float&gt;</td><td>float32 weights aligned with
 *       {@link #TOKEN_IDS}</td></tr>
 *   <tr><td>{@link #ACTIVE_DIMS}</td><td>int</td><td>number of non-zeros of a vector</td></tr>
 *   <tr><td>{@link #MAX_WEIGHT}</td><td>float</td><td>largest weight</td></tr>
 *   <tr><td>{@link #DF}</td><td>long</td><td>document frequency: documents with a non-zero weight
 *       on a token</td></tr>
 * </table>
 */
public final class Columns {
  public static final String MODEL_ID = "model_id";
  public static final String DOC_ID = "doc_id";
  public static final String TOKEN_ID = "token_id";
  public static final String TOKEN = "token";
  public static final String TOKEN_IDS = "token_ids";
  public static final String WEIGHTS = "weights";
  public static final String ACTIVE_DIMS = "active_dims";
  public static final String MAX_WEIGHT = "max_weight";
  public static final String DF = "df";

  private Columns() {}

  /**
   * The shared column {@code name} as a schema field: the same type in every table that has it, so
   * that joins across tables line up; never null.
   *
   * @throws IllegalArgumentException if {@code name} is not one of this class's columns
   */
  public static StructField field(String name) {
    DataType type =
        switch (name) {
          case MODEL_ID, DOC_ID, TOKEN -> DataTypes.StringType;
          case TOKEN_ID, ACTIVE_DIMS -> DataTypes.IntegerType;
          case TOKEN_IDS -> DataTypes.createArrayType(DataTypes.IntegerType, false);
          case WEIGHTS -> DataTypes.createArrayType(DataTypes.FloatType, false);
          case MAX_WEIGHT -> DataTypes.FloatType;
          case DF -> DataTypes.LongType;
          default -> throw new IllegalArgumentException("not a shared column: " + name);
        };
    return new StructField(name, type, false, Metadata.empty());
  }
}
