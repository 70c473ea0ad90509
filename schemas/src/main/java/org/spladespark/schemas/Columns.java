package org.spladespark.schemas;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * Column names that several tables share, so that a join or filter across tables names one
 * constant, and the one type each has ({@link #field}). Each table class re-exports the ones it
 * has.
 */
public final class Columns {
  /** The fingerprint of the model whose vectors a row belongs to. */
  public static final String MODEL_ID = "model_id";

  /** The corpus id of a document. */
  public static final String DOC_ID = "doc_id";

  /** A vocabulary id. */
  public static final String TOKEN_ID = "token_id";

  /** The wordpiece string of a vocabulary id. */
  public static final String TOKEN = "token";

  /** Ascending vocabulary ids of a sparse vector's non-zeros. */
  public static final String TOKEN_IDS = "token_ids";

  /** float32 weights aligned with {@link #TOKEN_IDS}. */
  public static final String WEIGHTS = "weights";

  /** Number of non-zeros of a vector. */
  public static final String ACTIVE_DIMS = "active_dims";

  /** Largest weight. */
  public static final String MAX_WEIGHT = "max_weight";

  /** Document frequency: documents with a non-zero weight on a token. */
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
