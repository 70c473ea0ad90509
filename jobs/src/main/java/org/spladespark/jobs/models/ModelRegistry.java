package org.spladespark.jobs.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.TableRef;

/**
 * The {@code models} table of an index folder: which models' vectors the index holds and which one
 * is active ({@link ModelRow}).
 *
 * <h2>One commit per change</h2>
 *
 * Every change is a single Delta transaction on {@code models}: {@link #commit} (register or update
 * a model and, when activating, deactivate every other one — one MERGE), {@link #activate} (one
 * UPDATE), {@link #rollback} (one RESTORE). Readers resolve the active model from the latest
 * version ({@link ActiveModel}), so they see the old model or the new one, never none or both. A
 * model's rows in {@code doc_vectors}, {@code postings} and {@code token_stats} are keyed by {@code
 * model_id} and written before its row here, so switching is instant and the previous model's rows
 * stay beside the new ones for a rollback.
 *
 * <h2>Rollback</h2>
 *
 * {@link #rollback} restores {@code models} (Delta {@code RESTORE}, time travel) to the newest
 * earlier version whose active model differs from the current one, as a new version: readers use
 * the previous model again at once, its rows having been left untouched by the newer model's runs.
 * The newer model's rows stay in the data tables (its registry row is gone with the restore); a
 * later re-encode with it re-registers it, encoding only what changed. Restoring an older version
 * needs that version's log entries (kept {@code delta.logRetentionDuration}, 30 days by default);
 * the data files of the active model are never removed by a rollback.
 *
 * <p>Not thread-safe for one instance (no state, but callers serialize their commits); concurrent
 * writers in other jobs are detected by Delta (a {@code ConcurrentModificationException}).
 */
public final class ModelRegistry {
  private final SparkSession spark;
  private final TableRef table;

  /** Registry rows by table path, id and version; the most recently used {@value #CACHED}. */
  private static final int CACHED = 64;

  private static final Map<String, List<ModelRow>> ROWS =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ModelRow>> eldest) {
          return size() > CACHED;
        }
      };

  /** The registry of the index under {@code folder} (the folder of doc_vectors etc.). */
  public ModelRegistry(SparkSession spark, String folder) {
    this.spark = spark;
    this.table = TableRef.path(folder).child(ModelsTable.TABLE);
  }

  public String path() {
    return table.location();
  }

  public boolean exists() {
    return table.exists(spark);
  }

  /**
   * Creates the (empty) table if it does not exist, and adds the manifest columns ({@code
   * postings_version}, {@code token_stats_version}) to a table written before them; refuses one of
   * a newer format version.
   */
  public void create() {
    table.checkFormatVersion(spark);
    table.create(spark, ModelsTable.SCHEMA, Map.of());
    List<String> have = List.of(table.read(spark).columns());
    List<String> missing = new ArrayList<>();
    for (String c : ModelsTable.SCHEMA.fieldNames()) {
      if (!have.contains(c)) {
        missing.add(c + " " + ModelsTable.SCHEMA.apply(c).dataType().sql());
      }
    }
    if (!missing.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta.`"
              + path().replace("`", "``")
              + "` ADD COLUMNS ("
              + String.join(", ", missing)
              + ")");
    }
  }

  /** The latest version of the table; -1 when it does not exist. */
  public long version() {
    if (!exists()) {
      return -1;
    }
    return table.version(spark);
  }

  /** Every registered model, by creation time then id; empty when the table does not exist. */
  public List<ModelRow> list() {
    return registered().orElse(List.of());
  }

  /**
   * Every registered model, as {@link #list}; empty when the table does not exist. For callers that
   * tell "no registry" from "no rows": one existence check, where {@code exists() ? list()} makes
   * two.
   */
  public Optional<List<ModelRow>> registered() {
    if (!exists()) {
      return Optional.empty();
    }
    TableRef.Head head = table.head(spark);
    return Optional.of(rows(head.id(), head.version()));
  }

  /** The rows of {@code version} (time travel). */
  public List<ModelRow> listAt(long version) {
    return rows(table.id(spark), version);
  }

  /**
   * The rows of version {@code version} of the table {@code tableId}. A version's rows never
   * change, so each is read once per JVM: search, verify and a run consult the registry several
   * times, and each read would otherwise be a Delta scan with its own Spark jobs.
   */
  private List<ModelRow> rows(String tableId, long version) {
    String key = path() + "\n" + tableId + "\n" + version;
    synchronized (ROWS) {
      List<ModelRow> cached = ROWS.get(key);
      if (cached != null) {
        return cached;
      }
    }
    List<ModelRow> read = List.copyOf(collect(table.read(spark, version)));
    synchronized (ROWS) {
      ROWS.put(key, read);
    }
    return read;
  }

  public Optional<ModelRow> find(String modelId) {
    return list().stream().filter(m -> m.modelId().equals(modelId)).findFirst();
  }

  /** The active rows: one in a valid registry. */
  public List<ModelRow> active() {
    return list().stream().filter(ModelRow::active).toList();
  }

  private static List<ModelRow> collect(Dataset<Row> rows) {
    List<ModelRow> out = new ArrayList<>();
    for (Row r :
        rows.orderBy(col(ModelsTable.CREATED_AT), col(ModelsTable.MODEL_ID)).collectAsList()) {
      out.add(ModelsTable.fromRow(r));
    }
    return out;
  }

  /**
   * Writes {@code model}'s row in one transaction (creating the table first if needed): inserted if
   * new, else its source, checksums and sync marker updated (null source and checksums keep the
   * stored ones; created_at is kept). With {@code activate} the row becomes the only active one in
   * the same transaction; without, its active flag is kept (a new row is inactive).
   */
  public void commit(ModelRow model, boolean activate) {
    commit(model, activate, false);
  }

  /**
   * {@link #commit(ModelRow, boolean)}, and when {@code publish} only forward: the row's source,
   * marker and published versions are written only if they are newer than the stored ones (a later
   * {@code doc_vectors} version, or the same with a later or equal {@code postings} version, or
   * another {@code doc_vectors} table). The comparison runs inside the MERGE, against the snapshot
   * it commits on, so a run that publishes late can never put an older index back; activation is
   * applied either way.
   *
   * @return false when the stored row was newer than {@code model} (its versions were kept)
   */
  public boolean commit(ModelRow model, boolean activate, boolean publish) {
    create();
    Dataset<Row> src = spark.createDataFrame(List.of(ModelsTable.toRow(model)), ModelsTable.SCHEMA);
    RegistryMerge.execute(table.delta(spark), src, activate, publish);
    return !publish
        || find(model.modelId()).map(r -> !RegistryMerge.isNewer(model, r)).orElse(false);
  }

  /**
   * Makes {@code modelId} the only active model, in one transaction.
   *
   * @throws SpladeException when it is not registered
   */
  public void activate(String modelId, Timestamp at) {
    if (find(modelId).isEmpty()) {
      throw SpladeException.of(
          path(),
          "has no model '" + modelId + "' (registered: " + ids(list()) + ")",
          "pass a registered model id (splade models list), or re-encode with the model first");
    }
    // Both expressions see the row before the update.
    Column chosen = col(ModelsTable.MODEL_ID).equalTo(lit(modelId));
    Map<String, Column> set = new LinkedHashMap<>();
    set.put(
        ModelsTable.ACTIVATED_AT,
        when(chosen.and(not(col(ModelsTable.ACTIVE))), lit(at))
            .otherwise(col(ModelsTable.ACTIVATED_AT)));
    set.put(ModelsTable.ACTIVE, chosen);
    table.delta(spark).update(set);
  }

  /**
   * What a rollback did.
   *
   * @param fromVersion the version that was current
   * @param restoredVersion the version restored
   * @param newVersion the version the restore committed
   * @param fromModel the model that was active
   * @param toModel the model active now
   */
  public record Rollback(
      long fromVersion, long restoredVersion, long newVersion, String fromModel, String toModel) {}

  /**
   * Restores the table to {@code toVersion}, or when null to the newest earlier version whose
   * active model differs from the current one (Delta RESTORE: one new version).
   *
   * @throws SpladeException when there is no table or no such version
   */
  public Rollback rollback(Long toVersion) {
    if (!exists()) {
      throw SpladeException.of(
          path(), "does not exist", "there is nothing to roll back: no model switch happened here");
    }
    long current = version();
    String from = activeId(listAt(current));
    long target;
    if (toVersion != null) {
      if (toVersion < 0 || toVersion >= current) {
        throw SpladeException.of(
            path(),
            "has versions 0 to " + current + "; cannot restore version " + toVersion,
            "pass an earlier version (DESCRIBE HISTORY shows them)");
      }
      target = toVersion;
    } else {
      target = -1;
      for (long v = current - 1; v >= 0 && target < 0; v--) {
        String a = activeId(listAt(v));
        if (a != null && !a.equals(from)) {
          target = v;
        }
      }
      if (target < 0) {
        throw SpladeException.of(
            path(),
            "has no earlier version with another active model than " + from,
            "nothing to roll back to; splade models list shows the registered models");
      }
    }
    table.delta(spark).restoreToVersion(target);
    return new Rollback(current, target, version(), from, activeId(list()));
  }

  /**
   * The version a rollback restored, when it is still in effect: the newest {@code RESTORE} of the
   * table left the active model it made active (nobody switched since). Null otherwise.
   */
  public Long rollbackInEffect() {
    if (!exists()) {
      return null;
    }
    List<Row> restores =
        table
            .delta(spark)
            .history()
            .where(col("operation").equalTo(lit("RESTORE")))
            .orderBy(col("version").desc())
            .select("version")
            .limit(1)
            .collectAsList();
    if (restores.isEmpty()) {
      return null;
    }
    long r = restores.get(0).getLong(0);
    String then = activeId(listAt(r));
    return then != null && then.equals(activeId(list())) ? r : null;
  }

  private static String activeId(List<ModelRow> rows) {
    List<ModelRow> a = rows.stream().filter(ModelRow::active).toList();
    return a.size() == 1 ? a.get(0).modelId() : null;
  }

  static String ids(List<ModelRow> rows) {
    List<String> out = new ArrayList<>();
    for (ModelRow m : rows) {
      out.add("'" + m.modelId() + "'" + (m.active() ? " (active)" : ""));
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }
}
