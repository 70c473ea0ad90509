package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.Predicates;

/**
 * The expressions of an upsert {@code MERGE} of source {@code s} into target {@code t}, a table of
 * {@code schema} whose rows are keyed by {@code model_id} and {@code keys}. The source has the
 * table's columns plus {@link #OP}: {@link #UPSERT} rows carry the new values, {@link #DELETE} rows
 * ({@link #deletes}) only their keys. An insert sets every column, an update every column but the
 * keys.
 *
 * @param schema the table's columns
 * @param keys the key columns besides {@code model_id}
 */
record UpsertColumns(StructType schema, List<String> keys) {
  /** The source column that says what a row does. */
  static final String OP = "op";

  static final String UPSERT = "upsert";
  static final String DELETE = "delete";

  /** The source row deletes its target row. */
  static final String IS_DELETE = "s." + OP + " = '" + DELETE + "'";

  /** The source row inserts or updates its target row. */
  static final String IS_UPSERT = "s." + OP + " = '" + UPSERT + "'";

  UpsertColumns {
    keys = List.copyOf(keys);
  }

  static UpsertColumns of(StructType schema, String... keys) {
    return new UpsertColumns(schema, List.of(keys));
  }

  /** Every column from the source. */
  Map<String, String> insert() {
    Map<String, String> insert = new LinkedHashMap<>();
    for (String c : schema.fieldNames()) {
      insert.put(c, "s." + c);
    }
    return insert;
  }

  /** Every column but the keys from the source. */
  Map<String, String> update() {
    Map<String, String> update = new LinkedHashMap<>();
    for (String c : values()) {
      update.put(c, "s." + c);
    }
    return update;
  }

  /** The merge condition: the target rows of {@code modelId} with the source row's keys. */
  String matches(String modelId) {
    List<String> same = new ArrayList<>(keys);
    same.add(0, Columns.MODEL_ID);
    return "t."
        + Predicates.modelIs(modelId)
        + " AND "
        + Predicates.sameIn("t", "s", same.toArray(new String[0]));
  }

  /** A matched row whose values differ from the source's (a null on either side never differs). */
  String changed() {
    List<String> differs = new ArrayList<>();
    for (String c : values()) {
      differs.add("t." + c + " <> s." + c);
    }
    return String.join(" OR ", differs);
  }

  /**
   * Merges {@code source} into {@code table} in one Delta commit: deletes the rows of {@link
   * #DELETE} source rows, updates matched rows where {@code updateWhen} holds ({@link #changed}, or
   * {@link #IS_UPSERT} for every upserted row), inserts the new ones.
   *
   * @return Delta's one row of merge metrics ({@code num_inserted_rows}, ...)
   */
  Dataset<Row> merge(DeltaTable table, Dataset<Row> source, String modelId, String updateWhen) {
    return table
        .as("t")
        .merge(source.as("s"), matches(modelId))
        .whenMatched(IS_DELETE)
        .delete()
        .whenMatched(updateWhen)
        .updateExpr(update())
        .whenNotMatched(IS_UPSERT)
        .insertExpr(insert())
        .execute();
  }

  /** Source rows that upsert {@code rows} (the table's columns). */
  static Dataset<Row> upserts(Dataset<Row> rows) {
    return rows.withColumn(OP, lit(UPSERT));
  }

  /**
   * Source rows that delete the rows of {@code modelId} with the keys of {@code keyRows}: every
   * other column null, of the table's type.
   */
  Dataset<Row> deletes(Dataset<Row> keyRows, String modelId) {
    List<Column> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equals(Columns.MODEL_ID)) {
        out.add(lit(modelId).as(f.name()));
      } else if (keys.contains(f.name())) {
        out.add(col(f.name()));
      } else {
        out.add(lit(null).cast(f.dataType()).as(f.name()));
      }
    }
    out.add(lit(DELETE).as(OP));
    return keyRows.select(out.toArray(new Column[0]));
  }

  private List<String> values() {
    List<String> values = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      if (!keys.contains(c) && !c.equals(Columns.MODEL_ID)) {
        values.add(c);
      }
    }
    return values;
  }
}
