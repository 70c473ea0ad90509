package org.spladespark.schemas;

/**
 * Column names that several tables share, so that a join or filter across tables names one
 * constant. Each table class re-exports the ones it has.
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
}
