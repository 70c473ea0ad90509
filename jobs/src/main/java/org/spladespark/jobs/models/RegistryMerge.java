package org.spladespark.jobs.models;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;

/**
 * The one Delta MERGE that writes a {@code models} row ({@link ModelRegistry#commit(ModelRow,
 * boolean, boolean)}): the stored rows are {@code t}, the committed row {@code s}. A new model is
 * inserted; a registered one gets the committed sync marker, keeping its stored source, checksums
 * and postings/token_stats versions where the committed row has none; with {@code activate} it
 * becomes the only active row. With {@code publish} the update applies only when the committed row
 * is newer ({@link #isNewer} is its complement, read back after the commit: the stored row was
 * newer).
 */
final class RegistryMerge {
  /** The columns a commit leaves as stored when the committed row has null there. */
  private static final List<String> KEPT_WHEN_NULL =
      List.of(
          ModelsTable.SOURCE,
          ModelsTable.QUERY_WEIGHTS_SHA256,
          ModelsTable.QUERY_FINGERPRINT,
          ModelsTable.GRAPH_SHA256,
          ModelsTable.POSTINGS_VERSION,
          ModelsTable.TOKEN_STATS_VERSION);

  private RegistryMerge() {}

  /** Merges the one-row {@code row} ({@link ModelsTable#SCHEMA}) into {@code table}. */
  static void execute(DeltaTable table, Dataset<Row> row, boolean activate, boolean publish) {
    Map<String, Column> update = new LinkedHashMap<>();
    for (String c : KEPT_WHEN_NULL) {
      update.put(c, coalesce(s(c), t(c)));
    }
    for (String c :
        List.of(ModelsTable.SYNCED_TABLE_ID, ModelsTable.SYNCED_VERSION, ModelsTable.UPDATED_AT)) {
      update.put(c, s(c));
    }
    // An active row keeps the time it became active.
    Map<String, Column> activation =
        Map.of(
            ModelsTable.ACTIVE,
            lit(true),
            ModelsTable.ACTIVATED_AT,
            when(t(ModelsTable.ACTIVE), t(ModelsTable.ACTIVATED_AT))
                .otherwise(s(ModelsTable.UPDATED_AT)));
    if (activate) {
      update.putAll(activation);
    }
    Map<String, Column> insert = new LinkedHashMap<>();
    for (String c : ModelsTable.SCHEMA.fieldNames()) {
      insert.put(c, s(c));
    }
    insert.put(ModelsTable.ACTIVE, lit(activate));
    insert.put(
        ModelsTable.ACTIVATED_AT,
        activate ? s(ModelsTable.UPDATED_AT) : lit(null).cast(DataTypes.TimestampType));
    Column newer = publish ? newer() : lit(true);
    DeltaMergeBuilder merge =
        table
            .as("t")
            .merge(row.as("s"), t(ModelsTable.MODEL_ID).equalTo(s(ModelsTable.MODEL_ID)))
            .whenMatched(newer)
            .update(update);
    if (activate) {
      merge = merge.whenMatched().update(activation);
    }
    merge = merge.whenNotMatched().insert(insert);
    if (activate) {
      merge =
          merge
              .whenNotMatchedBySource(t(ModelsTable.ACTIVE))
              .update(Map.of(ModelsTable.ACTIVE, lit(false)));
    }
    merge.execute();
  }

  /**
   * The update condition of a publishing commit (rows match on {@code model_id}): the row ({@code
   * s}) was published from another {@code doc_vectors} table, or from a later version of it, or
   * from the same version with a later or equal {@code postings} version than the stored row
   * ({@code t}).
   */
  private static Column newer() {
    Column sameVersion = t(ModelsTable.SYNCED_VERSION).equalTo(s(ModelsTable.SYNCED_VERSION));
    return not(t(ModelsTable.SYNCED_TABLE_ID).eqNullSafe(s(ModelsTable.SYNCED_TABLE_ID)))
        .or(coalesce(t(ModelsTable.SYNCED_VERSION), lit(-1L)).lt(s(ModelsTable.SYNCED_VERSION)))
        .or(
            sameVersion.and(
                coalesce(t(ModelsTable.POSTINGS_VERSION), lit(-1L))
                    .leq(s(ModelsTable.POSTINGS_VERSION))));
  }

  /** Column {@code c} of the stored row, in a merge. */
  private static Column t(String c) {
    return col("t." + c);
  }

  /** Column {@code c} of the row being committed, in a merge. */
  private static Column s(String c) {
    return col("s." + c);
  }

  /** Whether {@code stored} was published from a later state than {@code model}. */
  static boolean isNewer(ModelRow model, ModelRow stored) {
    if (!Objects.equals(stored.syncedTableId(), model.syncedTableId())) {
      return false;
    }
    long sv = stored.syncedVersion() == null ? -1 : stored.syncedVersion();
    long sp = stored.postingsVersion() == null ? -1 : stored.postingsVersion();
    return sv > model.syncedVersion()
        || sv == model.syncedVersion() && sp > model.postingsVersion();
  }
}
