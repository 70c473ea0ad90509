package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.util.function.Function;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.model.Vocabulary;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * Brings one model's {@code postings} and {@code token_stats} up to date with its {@code
 * doc_vectors} rows, incrementally, from Delta's change data feed.
 *
 * <h2>Why the change data feed</h2>
 *
 * {@code doc_vectors} is the source of truth and has {@code delta.enableChangeDataFeed} on: every
 * row any writer inserts, updates or deletes is in the feed, with its old and new images. The
 * model's {@link ModelRow#syncedVersion()} records the {@code doc_vectors} version the derived
 * tables reflect; a sync reads the feed after it, so it repairs whatever happened since — this
 * run's own MERGE, a run that died after committing {@code doc_vectors}, a {@code splade encode} —
 * and costs in proportion to the changes, not the corpus.
 *
 * <h2>The update, exact and idempotent</h2>
 *
 * For the documents in the feed (the affected documents): their postings become exactly the
 * non-zeros of their rows at the synced-to version (read by time travel, not from the feed), and
 * every token that appeared in any of their images and is not among those is deleted — one MERGE on
 * (model_id, token_id, doc_id), one commit. Then {@code token_stats} of every token of those images
 * is recomputed from the postings (df, max, the exact {@link InvertedIndex#sumWeight} sum) — one
 * MERGE, one commit; recomputing rather than adding deltas keeps the sums bit-identical to a full
 * build. Both steps only set rows to the values {@code doc_vectors} implies, so repeating them
 * (after a crash, or over a range already applied) changes nothing: the marker may lag, never lead.
 *
 * <p>The marker is written last, with the model's registry row ({@link
 * org.spladespark.jobs.models.ModelRegistry#commit}). Without a marker (first re-encode of tables
 * written by {@code splade encode}, a new model), with a marker of another {@code doc_vectors}
 * table (recreated), or when the feed of the range is gone ({@code VACUUM}, feed enabled later),
 * the model's postings and token_stats are rebuilt from {@code doc_vectors} instead, as {@code
 * splade encode} writes them (range-partitioned postings), one transaction per table.
 *
 * <h2>Layout</h2>
 *
 * Incremental MERGEs append small files to {@code postings}, outside the token-range layout the
 * full build writes; lookups stay correct and data skipping degrades slowly. {@code splade
 * optimize} rewrites the layout ({@link org.spladespark.jobs.maintain.OptimizeIndexJob}).
 */
final class IndexSync {
  private IndexSync() {}

  /**
   * Syncs the rows of {@code modelId}.
   *
   * <p>Syncs to this run's version of doc_vectors ({@link IndexCommits#version}), not the latest: a
   * concurrent run's later commit is not this run's to publish.
   *
   * @param marker the model's registry row, or null
   * @param writes this run's commits: each table write (conflict and order checks)
   */
  static IndexUpdate run(
      SparkSession spark,
      IndexCommits writes,
      String modelId,
      Vocabulary vocab,
      ModelRow marker,
      long postingsFileRows,
      PrintStream console) {
    TableRef tables = writes.tables();
    long v = writes.version(DocVectorsTable.TABLE);
    String tableId = writes.docVectorsId();
    Long from =
        marker != null && tableId.equals(marker.syncedTableId()) ? marker.syncedVersion() : null;
    Function<String, IndexUpdate> rebuild =
        reason -> rebuild(spark, writes, modelId, vocab, tableId, v, postingsFileRows, reason);
    if (from == null) {
      return rebuild.apply(
          marker == null || marker.syncedVersion() == null
              ? "no sync marker for the model"
              : "doc_vectors was recreated since the last sync");
    }
    if (from == v) {
      return new IndexUpdate(IndexUpdate.Mode.NONE, "", tableId, v, 0, 0, 0, 0, 0);
    }
    if (from > v) {
      return rebuild.apply("sync marker " + from + " is ahead of doc_vectors version " + v);
    }
    Changes changes;
    try {
      changes = readChanges(spark, tables.child(DocVectorsTable.TABLE), modelId, from + 1, v);
    } catch (Exception e) {
      if (!feedUnavailable(e)) {
        throw e;
      }
      console.printf(
          "change feed of doc_vectors versions %d-%d unavailable: %s%n", from + 1, v, firstLine(e));
      return rebuild.apply("change feed of versions " + (from + 1) + "-" + v + " unavailable");
    }
    try {
      if (changes.docs() == 0) {
        return new IndexUpdate(IndexUpdate.Mode.NONE, "", tableId, v, 0, 0, 0, 0, 0);
      }
      return incremental(
          spark, tables, modelId, vocab, tableId, v, changes.rows(), changes.docs(), writes);
    } finally {
      changes.rows().unpersist();
    }
  }

  /** The model's rows of the change feed (kept) and how many documents they touch. */
  private record Changes(Dataset<Row> rows, long docs) {}

  /**
   * The model's rows ({@code doc_id}, {@code token_ids}) in the change feed of versions {@code
   * from..to}, read and kept. Fails (at planning, or reading vacuumed files) when the feed of the
   * range is not there.
   */
  private static Changes readChanges(
      SparkSession spark, TableRef docVectors, String modelId, long from, long to) {
    Dataset<Row> changes =
        docVectors
            .readChanges(spark, from, to)
            .where(col(Columns.MODEL_ID).equalTo(lit(modelId)))
            .select(col(Columns.DOC_ID), col(Columns.TOKEN_IDS))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return new Changes(changes, changes.agg(countDistinct(Columns.DOC_ID)).first().getLong(0));
    } catch (RuntimeException e) {
      changes.unpersist();
      throw e;
    }
  }

  private static IndexUpdate incremental(
      SparkSession spark,
      TableRef tables,
      String modelId,
      Vocabulary vocab,
      String tableId,
      long v,
      Dataset<Row> changes,
      long docs,
      IndexCommits writes) {
    Dataset<Row> affected = changes.select(Columns.DOC_ID).distinct();
    Dataset<Row> now =
        tables
            .child(DocVectorsTable.TABLE)
            .read(spark, v)
            .where(col(Columns.MODEL_ID).equalTo(lit(modelId)))
            .join(affected, Columns.DOC_ID, "left_semi");
    Dataset<Row> upserts = InvertedIndex.postings(now);
    Dataset<Row> seen =
        changes
            .select(col(Columns.DOC_ID), explode(col(Columns.TOKEN_IDS)).as(Columns.TOKEN_ID))
            .distinct();
    Dataset<Row> deletes =
        seen.join(
            upserts.select(Columns.DOC_ID, Columns.TOKEN_ID),
            new String[] {Columns.DOC_ID, Columns.TOKEN_ID},
            "left_anti");
    UpsertColumns columns =
        UpsertColumns.of(PostingsTable.SCHEMA, PostingsTable.TOKEN_ID, PostingsTable.DOC_ID);
    Dataset<Row> source =
        UpsertColumns.upserts(upserts)
            .unionByName(columns.deletes(deletes, modelId))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> tokens =
        seen.select(Columns.TOKEN_ID)
            .union(upserts.select(Columns.TOKEN_ID))
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row m =
          writes.write(
              PostingsTable.TABLE,
              () ->
                  columns
                      .merge(
                          tables.child(PostingsTable.TABLE).delta(spark),
                          FaultPoints.tap(source, FaultPoints.duringWrite(PostingsTable.TABLE)),
                          modelId,
                          columns.changed())
                      .first());
      long tokenCount = tokens.count();
      if (tokenCount > 0) {
        syncTokenStats(spark, tables, modelId, vocab, tokens, writes);
      }
      return new IndexUpdate(
          IndexUpdate.Mode.INCREMENTAL,
          "",
          tableId,
          v,
          docs,
          metric(m, "num_inserted_rows"),
          metric(m, "num_updated_rows"),
          metric(m, "num_deleted_rows"),
          tokenCount);
    } finally {
      source.unpersist();
      tokens.unpersist();
    }
  }

  /** Recomputes the statistics of {@code tokens} from the model's current postings. */
  private static void syncTokenStats(
      SparkSession spark,
      TableRef tables,
      String modelId,
      Vocabulary vocab,
      Dataset<Row> tokens,
      IndexCommits writes) {
    Dataset<Row> postings =
        tables
            .child(PostingsTable.TABLE)
            .read(spark, writes.version(PostingsTable.TABLE))
            .where(col(Columns.MODEL_ID).equalTo(lit(modelId)))
            .join(broadcast(tokens), Columns.TOKEN_ID, "left_semi");
    Dataset<Row> stats = InvertedIndex.tokenStats(spark, postings, vocab, modelId);
    Dataset<Row> gone = tokens.join(stats.select(Columns.TOKEN_ID), Columns.TOKEN_ID, "left_anti");
    UpsertColumns columns = UpsertColumns.of(TokenStatsTable.SCHEMA, TokenStatsTable.TOKEN_ID);
    Dataset<Row> source = UpsertColumns.upserts(stats).unionByName(columns.deletes(gone, modelId));
    writes.write(
        TokenStatsTable.TABLE,
        () ->
            columns.merge(
                tables.child(TokenStatsTable.TABLE).delta(spark),
                FaultPoints.tap(source, FaultPoints.duringWrite(TokenStatsTable.TABLE)),
                modelId,
                columns.changed()));
  }

  /** Rewrites the model's postings and token_stats from its doc_vectors rows at version v. */
  private static IndexUpdate rebuild(
      SparkSession spark,
      IndexCommits writes,
      String modelId,
      Vocabulary vocab,
      String tableId,
      long v,
      long postingsFileRows,
      String reason) {
    TableRef tables = writes.tables();
    String byModel = Predicates.modelIs(modelId);
    Dataset<Row> stored = tables.child(DocVectorsTable.TABLE).read(spark, v).where(byModel);
    Row n =
        stored
            .agg(
                org.apache.spark.sql.functions.count(lit(1)),
                coalesce(sum(Columns.ACTIVE_DIMS), lit(0L)))
            .first();
    long docs = n.getLong(0);
    long postings = n.getLong(1);
    int files = InvertedIndex.files(postings, postingsFileRows);
    Dataset<Row> postingRows = InvertedIndex.postings(stored);
    writes.replace(
        PostingsTable.TABLE,
        PostingsTable.SCHEMA,
        FaultPoints.tap(
            InvertedIndex.layout(postingRows, files), FaultPoints.duringWrite(PostingsTable.TABLE)),
        byModel);
    writes.replace(
        TokenStatsTable.TABLE,
        TokenStatsTable.SCHEMA,
        InvertedIndex.tokenStats(spark, postingRows, vocab, modelId),
        byModel);
    long tokens =
        tables
            .child(TokenStatsTable.TABLE)
            .read(spark, writes.version(TokenStatsTable.TABLE))
            .where(byModel)
            .count();
    return new IndexUpdate(
        IndexUpdate.Mode.REBUILT, reason, tableId, v, docs, postings, 0, 0, tokens);
  }

  private static long metric(Row r, String name) {
    return r.schema().getFieldIndex(name).isDefined() ? r.<Long>getAs(name) : 0;
  }

  /** The feed of a range cannot be read: not recorded (enabled later) or its files vacuumed. */
  private static boolean feedUnavailable(Throwable e) {
    return Commands.causeOf(e, AnalysisException.class) != null
        || Commands.missingFile(e)
        || Commands.firstCause(
                e,
                t ->
                    t instanceof SparkException
                        && t.getMessage() != null
                        && t.getMessage().contains("FileNotFound"))
            != null;
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
