package org.spladespark.jobs.stats;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.spladespark.schemas.StatsTables;

/**
 * The slices of the stats tables: every aggregate is computed per model for the whole corpus (slice
 * {@value StatsTables#ALL}) and, with {@code --group-by}, also per group value (slice {@code
 * <column>=<value>}, {@code (null)} for a missing value). Serializable state only.
 *
 * @param groupBy the corpus column grouped by, or null
 */
record Slices(String groupBy) {

  /** Marks the rows of a per-group aggregation in input datasets that have a group value. */
  static final String GROUP_VALUE = StatsTables.DocStats.GROUP_VALUE;

  /**
   * {@code rows} aggregated by {@code aggs} per model, slice and {@code keys}; the columns are
   * {@code model_id}, {@code slice}, the keys, then the aggregates.
   */
  Dataset<Row> aggregate(Dataset<Row> rows, List<String> keys, Column first, Column... more) {
    Dataset<Row> whole =
        rows.groupBy(columns(keys, false))
            .agg(first, more)
            .withColumn(StatsTables.SLICE, lit(StatsTables.ALL));
    List<Column> order = new ArrayList<>();
    order.add(col(StatsTables.MODEL_ID));
    order.add(col(StatsTables.SLICE));
    for (String c : whole.columns()) {
      if (!c.equals(StatsTables.MODEL_ID) && !c.equals(StatsTables.SLICE)) {
        order.add(col(c));
      }
    }
    if (groupBy != null) {
      Dataset<Row> perGroup =
          rows.groupBy(columns(keys, true))
              .agg(first, more)
              .withColumn(
                  StatsTables.SLICE,
                  concat(lit(groupBy + "="), coalesce(col(GROUP_VALUE), lit("(null)"))))
              .drop(GROUP_VALUE);
      whole = whole.unionByName(perGroup);
    }
    return whole.select(order.toArray(new Column[0]));
  }

  private static Column[] columns(List<String> keys, boolean perGroup) {
    List<Column> out = new ArrayList<>();
    out.add(col(StatsTables.MODEL_ID));
    if (perGroup) {
      out.add(col(GROUP_VALUE));
    }
    keys.forEach(k -> out.add(col(k)));
    return out.toArray(new Column[0]);
  }
}
