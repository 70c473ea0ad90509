package org.spladespark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collects small Spark results into {@link Table}s (driver memory: use a limit). */
public final class SparkTables {
  private SparkTables() {}

  /** The first {@code limit} rows of {@code df}; nested values (arrays, structs) as text. */
  public static Table collect(Dataset<Row> df, int limit) {
    List<String> cols = List.of(df.columns());
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : df.limit(limit).collectAsList()) {
      List<Object> row = new ArrayList<>(cols.size());
      for (int i = 0; i < cols.size(); i++) {
        Object v = r.get(i);
        row.add(
            v == null || v instanceof Number || v instanceof String || v instanceof Boolean
                ? v
                : String.valueOf(v));
      }
      rows.add(row);
    }
    return new Table(cols, rows);
  }
}
