package org.spladespark.jobs.reencode;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.spladespark.schemas.Columns;

/**
 * The column expressions of an upsert {@code MERGE} from source {@code s} into a table of {@code
 * schema} keyed by {@code model_id} and one more column: an insert sets every column, an update
 * every column but the keys.
 */
record UpsertColumns(Map<String, String> insert, Map<String, String> update) {
  static UpsertColumns of(StructType schema, String key) {
    Map<String, String> insert = new LinkedHashMap<>();
    Map<String, String> update = new LinkedHashMap<>();
    for (String c : schema.fieldNames()) {
      insert.put(c, "s." + c);
      if (!c.equals(key) && !c.equals(Columns.MODEL_ID)) {
        update.put(c, "s." + c);
      }
    }
    return new UpsertColumns(insert, update);
  }
}
