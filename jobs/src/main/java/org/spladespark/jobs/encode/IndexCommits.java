package org.spladespark.jobs.encode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * The commits of one encode or re-encode run, checked and then published.
 *
 * <h2>Publishing</h2>
 *
 * A run writes {@code doc_vectors}, {@code postings} and {@code token_stats} (each write one Delta
 * commit), then {@link #publish}es the version of each in the model's {@code models} row — one
 * commit. Readers read the tables at the published versions ({@link
 * org.spladespark.jobs.models.PublishedIndex}), so a run killed anywhere before that commit changes
 * nothing they see, and the commit itself switches them from the old tables to the new ones.
 *
 * <h2>Concurrent runs</h2>
 *
 * The run records each table's latest version when it starts ({@link #base}); every write must then
 * be the next commit of its table ({@link #write}): a commit of another writer in between (its diff
 * or sync would be stale) is a {@link IndexChanged}, and so is a Delta conflict. The publish only
 * moves a model's versions forward ({@link ModelRegistry#commit(ModelRow, boolean, boolean)}). So
 * two runs end with one applied after the other, or one fails (re-encode retries it) saying the
 * index changed; never with a run reported done whose changes are lost.
 *
 * <h2>Failures</h2>
 *
 * {@link #abandon} deletes the tables this run created and nobody else wrote to, so a failed run
 * leaves no table that did not exist before it. Commits to existing tables stay, unpublished: the
 * next run starts from them (encode replaces the model's rows, re-encode syncs every change since
 * the published marker, idempotently).
 *
 * <p>Not thread-safe: one instance per run attempt.
 */
public final class IndexCommits {
  /** The tables a run writes, in order. */
  public static final List<String> TABLES =
      List.of(
          RejectedRowsTable.TABLE,
          DocVectorsTable.TABLE,
          PostingsTable.TABLE,
          TokenStatsTable.TABLE);

  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  private final SparkSession spark;
  private final TableRef tables;
  private final Map<String, Long> base = new LinkedHashMap<>();
  private final Map<String, Long> last = new LinkedHashMap<>();
  private boolean published;

  /**
   * Refuses tables of a newer format version, then records the latest version of each table (-1 =
   * absent) as this run's starting point.
   */
  public IndexCommits(SparkSession spark, TableRef tables) {
    this.spark = spark;
    this.tables = tables;
    tables.child(ModelsTable.TABLE).checkFormatVersion(spark);
    for (String t : TABLES) {
      tables.child(t).checkFormatVersion(spark);
    }
    for (String t : TABLES) {
      long v = latest(t);
      base.put(t, v);
      last.put(t, v);
    }
  }

  public TableRef tables() {
    return tables;
  }

  /** The version {@code table} had when the run started; -1 when absent. */
  public long base(String table) {
    return base.get(table);
  }

  /** The version of this run's last commit to {@code table}, else {@link #base}. */
  public long version(String table) {
    return last.get(table);
  }

  /** The latest version of {@code table}; -1 when it does not exist. */
  public long latest(String table) {
    TableRef t = tables.child(table);
    return t.exists(spark) ? t.version(spark) : -1;
  }

  /**
   * One table write: the fault point {@code write:<table>} before it; Delta conflicts, and commits
   * of other writers since this run's previous commit to the table, raise {@link IndexChanged}.
   * {@code write} may make no commit, one, or two when it creates the table.
   */
  public <T> T write(String table, Supplier<T> write) {
    FaultPoints.reached(FaultPoints.beforeWrite(table));
    T out = guard(table, write);
    record(table);
    return out;
  }

  /**
   * A {@link #write} that replaces the rows of {@code table} matching {@code predicate} (one
   * model's) by {@code rows}: the one way the jobs rewrite a model's part of a table.
   */
  public void replace(String table, StructType schema, Dataset<Row> rows, String predicate) {
    write(
        table,
        () -> {
          tables.child(table).replace(spark, schema, rows, predicate);
          return null;
        });
  }

  /** Checks that the commits to {@code table} since this run's last one are this run's. */
  private void record(String table) {
    long before = last.get(table);
    long now = latest(table);
    long allowed = before < 0 ? 2 : 1;
    if (now < before || now - before > allowed) {
      throw new IndexChanged(
          tables.child(table).location(),
          "version " + now + " follows this run's version " + before + " by another job's commit",
          null);
    }
    last.put(table, now);
  }

  /** Delta conflicts of {@code write} raised as {@link IndexChanged} naming {@code table}. */
  public <T> T guard(String table, Supplier<T> write) {
    try {
      return write.get();
    } catch (RuntimeException ex) {
      ConcurrentModificationException c =
          Commands.causeOf(ex, ConcurrentModificationException.class);
      if (c != null) {
        throw new IndexChanged(tables.child(table).location(), c.getClass().getSimpleName(), c);
      }
      throw ex;
    }
  }

  /**
   * Turns on the change data feed of {@code doc_vectors} (creating the table with it when absent),
   * so re-encodes can sync postings incrementally from any published version.
   */
  public void enableChangeFeed(PrintStream console) {
    String dv = DocVectorsTable.TABLE;
    guard(
        dv,
        () -> {
          if (!tables.child(dv).exists(spark)) {
            tables.child(dv).create(spark, DocVectorsTable.SCHEMA, Map.of(CHANGE_FEED, "true"));
          } else if (!"true".equals(tables.child(dv).properties(spark).get(CHANGE_FEED))) {
            spark.sql(
                "ALTER TABLE delta.`"
                    + tables.child(dv).location().replace("`", "``")
                    + "` SET TBLPROPERTIES ('"
                    + CHANGE_FEED
                    + "' = 'true')");
            console.printf("enabled the change data feed of %s%n", tables.child(dv).location());
          }
          return null;
        });
    record(dv);
  }

  /**
   * Registers the model of an index written before models were registered (no {@code models} table,
   * one model in {@code doc_vectors} other than {@code modelId}) as the active one, so a switch
   * away from it can be rolled back.
   */
  public void registerExistingModel(ModelRegistry registry, String modelId, PrintStream console) {
    // An index that had no doc_vectors when the run started has no earlier model to register.
    if (base.get(DocVectorsTable.TABLE) < 0 || registry.exists()) {
      return;
    }
    List<org.apache.spark.sql.Row> ids =
        tables
            .child(DocVectorsTable.TABLE)
            .read(spark)
            .select(Columns.MODEL_ID)
            .distinct()
            .limit(2)
            .collectAsList();
    if (ids.size() == 1 && !ids.get(0).getString(0).equals(modelId)) {
      String existing = ids.get(0).getString(0);
      guard(
          ModelsTable.TABLE,
          () -> {
            registry.commit(ModelRows.unknown(existing, RunClock.now()), true);
            return null;
          });
      console.printf("registered the index's model %s as the active one%n", existing);
    }
  }

  /** The Delta table id of {@code doc_vectors}. */
  public String docVectorsId() {
    return tables.child(DocVectorsTable.TABLE).id(spark);
  }

  /**
   * Publishes {@code row} (whose {@code synced_version}, {@code postings_version} and {@code
   * token_stats_version} name this run's tables) in one commit of {@code models}, after the fault
   * point {@code write:models}.
   *
   * @throws IndexChanged when another run published a later state of the model meanwhile
   */
  public void publish(ModelRegistry registry, ModelRow row, boolean activate) {
    FaultPoints.reached(FaultPoints.beforeWrite(ModelsTable.TABLE));
    boolean applied = guard(ModelsTable.TABLE, () -> registry.commit(row, activate, true));
    published = applied;
    if (!applied) {
      throw new IndexChanged(
          registry.path(),
          "another run published a later state of model " + row.modelId() + " meanwhile",
          null);
    }
  }

  /**
   * After a failure before the publish: deletes each table this run created, unless another writer
   * committed to it too. Best effort; returns the tables deleted (none once published).
   */
  public List<String> abandon() {
    List<String> removed = new java.util.ArrayList<>();
    if (published) {
      return removed;
    }
    for (String t : TABLES) {
      if (base.get(t) >= 0 || last.get(t) < 0 || latest(t) != last.get(t)) {
        continue;
      }
      Path p = new Path(tables.child(t).location());
      try {
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.delete(p, true)) {
          removed.add(p.toString());
        }
      } catch (IOException e) {
        // Best effort: the table was never published, readers ignore it.
      }
    }
    return removed;
  }

  /**
   * Another job changed the index while this run wrote it: Delta refused a commit, or a table got
   * another writer's commit between two of this run's. Re-encode retries the run; when it cannot,
   * {@link #failure} says to rerun.
   */
  public static final class IndexChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final String why;

    public IndexChanged(String table, String why, Throwable cause) {
      super(table + ": " + why, cause);
      this.table = table;
      this.why = why;
    }

    /** The console line of retry {@code retry} of {@code retries}, after {@code waitMillis}. */
    public String retrying(long waitMillis, int retry, int retries) {
      return String.format(
          Locale.ROOT,
          "%s was changed by another job (%s); retrying in %.1f s (retry %d of %d)%n",
          table,
          why,
          waitMillis / 1000.0,
          retry,
          retries);
    }

    /** The error after {@code attempts} attempts of {@code command} ({@code splade reencode}). */
    public SpladeException failure(String command, int attempts) {
      return SpladeException.of(
          table,
          "the index changed under this run: it was changed by another job while this run wrote"
              + " it ("
              + why
              + "), "
              + attempts
              + (attempts == 1 ? " attempt" : " attempts")
              + "; nothing of this run was published",
          "rerun "
              + command
              + " when the other job has finished: it continues from what was committed, and"
              + " splade verify checks the tables",
          getCause());
    }
  }
}
