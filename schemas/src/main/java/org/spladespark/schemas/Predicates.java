package org.spladespark.schemas;

/** SQL predicate strings for Delta {@code replaceWhere} and {@code where}, built from constants. */
public final class Predicates {
  private Predicates() {}

  /** {@code column = 'value'} with the value quoted as a Spark SQL string literal. */
  public static String equalTo(String column, String value) {
    return column + " = '" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** {@code model_id = 'modelId'}: the rows of one model in any of the index tables. */
  public static String modelIs(String modelId) {
    return equalTo(Columns.MODEL_ID, modelId);
  }

  /** {@code a.c1 = b.c1 AND a.c2 = b.c2 …}: a join or MERGE condition on equal columns. */
  public static String sameIn(String a, String b, String... columns) {
    StringBuilder sb = new StringBuilder();
    for (String c : columns) {
      sb.append(sb.length() == 0 ? "" : " AND ")
          .append(a)
          .append('.')
          .append(c)
          .append(" = ")
          .append(b)
          .append('.')
          .append(c);
    }
    return sb.toString();
  }
}
