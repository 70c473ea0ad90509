package org.spladespark.jobs.reencode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.encode.ModelFingerprint;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.encode.CheckedCorpus;
import org.spladespark.jobs.encode.DocVectorEncoding;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.EncodeProgress;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.faults.FaultPoints;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * Brings an index up to date with its corpus and model, encoding only what changed: for a schedule
 * (nightly, hourly), and for switching models.
 *
 * <ol>
 *   <li>Resolve the model on the driver; read and check the corpus as {@code splade encode} does
 *       ({@link CheckedCorpus}: fail on bad rows or quarantine them).
 *   <li>Compare the corpus with the model's {@code doc_vectors} rows by {@code doc_id}, {@code
 *       text_sha256} and {@code pruning} ({@link CorpusDiff}): new, changed, unchanged, missing. A
 *       model the index does not hold yet has no rows, so every document is new.
 *   <li>Refuse, before encoding, to delete more than {@code --max-delete-fraction} of the model's
 *       documents ({@link ReencodeOptions}).
 *   <li>Encode the new and changed documents on the executors ({@link DocVectorEncoding}) and write
 *       them and the deletions to {@code doc_vectors} in one transaction (a MERGE; for a model new
 *       to the index, a plain write of its rows).
 *   <li>Update the model's {@code postings} and {@code token_stats} from the change data feed of
 *       {@code doc_vectors} ({@link IndexSync}): one transaction per table.
 *   <li>Register the model in {@code models} with the {@code doc_vectors} version now reflected,
 *       and (by default) make it the active one — one transaction ({@link ModelRegistry#commit}).
 * </ol>
 *
 * <h2>Model switch</h2>
 *
 * A run with another model writes that model's rows beside the current ones (all tables carry
 * {@code model_id}); readers keep using the active model until the final {@code models} commit
 * flips it. {@code --no-activate} stages the model without flipping. See {@link ModelRegistry} for
 * rollback.
 *
 * <h2>Crash safety</h2>
 *
 * Each table write is one Delta transaction, so a run killed at any point leaves each table at its
 * old or new version; nothing is half-written. The tables can disagree between transactions (the
 * new vectors committed, the postings not yet); the next run repairs that first, because {@link
 * IndexSync} applies every change since the model's recorded {@code doc_vectors} version, whichever
 * run made it, and its updates are idempotent. Encoding is deterministic ({@link
 * DocVectorEncoding}), so a rerun after a crash gives the tables a clean run gives.
 *
 * <h2>Concurrency</h2>
 *
 * Two runs on the same tables are serialized by Delta's optimistic concurrency: a transaction that
 * conflicts with one committed meanwhile fails ({@code ConcurrentAppendException}, {@code
 * ConcurrentDeleteReadException}, …). The run is then retried from the start, up to {@code
 * --conflict-retries} times with exponential backoff; the retry compares against the committed
 * state, so it redoes only what is still missing. When retries run out it fails with a message
 * naming the table and saying to rerun. Either way the tables stay consistent. {@link #run} may be
 * called from several threads of one session at once.
 */
public final class ReencodeJob {
  private static final DateTimeFormatter RUN_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  private ReencodeJob() {}

  /** spark-submit entry point: the {@code splade reencode} options. */
  public static void main(String[] args) {
    SpladeCli.main("reencode", args);
  }

  /** Runs the job, printing progress to stdout. */
  public static ReencodeMetrics run(SparkSession spark, ReencodeOptions options) {
    return run(spark, options, System.out);
  }

  /**
   * Runs the job, retrying it when another job's commit conflicts with one of its own.
   *
   * @param console where phase and progress lines go
   * @throws SpladeException for bad input (fail mode), a bad model or tables, too many deletions,
   *     conflicts beyond the retries, or a task that failed with a SpladeException
   */
  public static ReencodeMetrics run(
      SparkSession spark, ReencodeOptions options, PrintStream console) {
    for (int attempt = 0; ; attempt++) {
      try {
        return new Run(spark, options, console, attempt).execute();
      } catch (TableConflict c) {
        if (attempt >= options.conflictRetries()) {
          throw c.failure(attempt + 1);
        }
        long wait = backoffMillis(options.retryBackoff(), attempt);
        console.printf(
            Locale.ROOT,
            "%s was changed by another job (%s); retrying in %.1f s (retry %d of %d)%n",
            c.table,
            c.getCause().getClass().getSimpleName(),
            wait / 1000.0,
            attempt + 1,
            options.conflictRetries());
        sleep(wait);
      } catch (SpladeException e) {
        throw e;
      } catch (RuntimeException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
          if (t instanceof SpladeException s) {
            throw s;
          }
        }
        throw e;
      }
    }
  }

  /** {@code base × 2^attempt}, plus up to 50% random jitter. */
  static long backoffMillis(Duration base, int attempt) {
    long b = base.toMillis() << Math.min(attempt, 20);
    return b + (long) (b * 0.5 * ThreadLocalRandom.current().nextDouble());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  /** A Delta conflict on one table; the run is retried. */
  private static final class TableConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String table;

    TableConflict(String table, ConcurrentModificationException cause) {
      super(table + ": " + cause.getMessage(), cause);
      this.table = table;
    }

    SpladeException failure(int attempts) {
      return SpladeException.of(
          table,
          "was changed by another job while this re-encode wrote it ("
              + getCause().getClass().getSimpleName()
              + "), "
              + attempts
              + (attempts == 1 ? " attempt" : " attempts"),
          "rerun splade reencode when the other job has finished: it continues from what was"
              + " committed, and splade verify checks the tables",
          getCause());
    }
  }

  /** The state of one attempt. */
  private static final class Run {
    private final SparkSession spark;
    private final ReencodeOptions o;
    private final EncodeCorpusOptions e;
    private final PrintStream console;
    private final int attempt;
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private TableRef tables;

    Run(SparkSession spark, ReencodeOptions o, PrintStream console, int attempt) {
      this.spark = spark;
      this.o = o;
      this.e = o.encode();
      this.console = console;
      this.attempt = attempt;
    }

    /** One table write: a test point before it, and Delta conflicts mapped to a retry. */
    <T> T write(String table, Supplier<T> write) {
      FaultPoints.reached(FaultPoints.beforeWrite(table));
      return guard(table, write);
    }

    /** Delta conflicts of {@code write} mapped to a retry naming {@code table}. */
    private <T> T guard(String table, Supplier<T> write) {
      try {
        return write.get();
      } catch (RuntimeException ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
          if (t instanceof ConcurrentModificationException c) {
            throw new TableConflict(tables.child(table).location(), c);
          }
        }
        throw ex;
      }
    }

    ReencodeMetrics execute() {
      EncoderSpec spec = e.encoder();
      ExecutorEncoders.ResolvedModel model = ExecutorEncoders.resolve(spec);
      ModelBundle bundle = model.bundle();
      String modelId = model.modelId();
      Timestamp at =
          Timestamp.from(
              e.encodedAt() != null ? e.encodedAt() : started.truncatedTo(ChronoUnit.MICROS));
      int maxSeq = bundle.maxSeqLength();
      tables = TableRef.path(e.tables());
      for (String t :
          List.of(
              DocVectorsTable.TABLE,
              PostingsTable.TABLE,
              TokenStatsTable.TABLE,
              RejectedRowsTable.TABLE,
              ModelsTable.TABLE)) {
        tables.child(t).checkFormatVersion(spark);
      }
      ModelRegistry registry = new ModelRegistry(spark, e.tables());
      InputFormat format = CheckedCorpus.detect(spark, e.input());
      console.printf(
          "splade reencode: %s (%s) with model %s (%s) into %s%n",
          e.input().location(), format, modelId, bundle.root(), tables.location());
      try (CheckedCorpus corpus =
          CheckedCorpus.read(spark, e.input(), format, spec, e.maxDocWordpieces(maxSeq), maxSeq)) {
        guard(
            RejectedRowsTable.TABLE,
            () -> {
              corpus.handleBadRows(spark, e.onBadRows(), tables, at, console);
              return null;
            });
        prepare(registry, modelId);
        return reencode(spec, model, at, registry, corpus);
      }
    }

    /**
     * Creates missing tables, turns on the change data feed of doc_vectors, and registers the model
     * of an index written by {@code splade encode} alone (no models table) as the active one, so a
     * switch away from it can be rolled back.
     */
    private void prepare(ModelRegistry registry, String modelId) {
      guard(
          DocVectorsTable.TABLE,
          () -> {
            TableRef docVectors = tables.child(DocVectorsTable.TABLE);
            if (!docVectors.exists(spark)) {
              docVectors.create(spark, DocVectorsTable.SCHEMA, Map.of(CHANGE_FEED, "true"));
            } else if (!"true".equals(docVectors.properties(spark).get(CHANGE_FEED))) {
              String path = docVectors.location();
              spark.sql(
                  "ALTER TABLE delta.`"
                      + path.replace("`", "``")
                      + "` SET TBLPROPERTIES ('"
                      + CHANGE_FEED
                      + "' = 'true')");
              console.printf("enabled the change data feed of %s%n", path);
            }
            return null;
          });
      for (String t : List.of(PostingsTable.TABLE, TokenStatsTable.TABLE)) {
        guard(
            t,
            () -> {
              tables
                  .child(t)
                  .create(
                      spark,
                      t.equals(PostingsTable.TABLE) ? PostingsTable.SCHEMA : TokenStatsTable.SCHEMA,
                      Map.of());
              return null;
            });
      }
      if (!registry.exists()) {
        List<Row> ids =
            tables
                .child(DocVectorsTable.TABLE)
                .read(spark)
                .select(DocVectorsTable.MODEL_ID)
                .distinct()
                .limit(2)
                .collectAsList();
        if (ids.size() == 1 && !ids.get(0).getString(0).equals(modelId)) {
          Timestamp now = now();
          String existing = ids.get(0).getString(0);
          guard(
              ModelsTable.TABLE,
              () -> {
                registry.commit(
                    new ModelRow(existing, null, null, null, null, now, true, now, null, null, now),
                    true);
                return null;
              });
          console.printf("registered the index's model %s as the active one%n", existing);
        }
      }
    }

    private ReencodeMetrics reencode(
        EncoderSpec spec,
        ExecutorEncoders.ResolvedModel model,
        Timestamp at,
        ModelRegistry registry,
        CheckedCorpus corpus) {
      String modelId = model.modelId();
      String byModel = Predicates.modelIs(modelId);
      List<ModelRow> registered = registry.list();
      List<ModelRow> active = registered.stream().filter(ModelRow::active).toList();
      String previous = active.size() == 1 ? active.get(0).modelId() : null;
      ModelRow marker =
          registered.stream().filter(r -> r.modelId().equals(modelId)).findFirst().orElse(null);
      TableRef docVectors = tables.child(DocVectorsTable.TABLE);
      long v0 = docVectors.version(spark);
      Dataset<Row> rows = docVectors.read(spark, v0).where(byModel);
      try (CorpusDiff diff = CorpusDiff.compute(corpus.good(), rows, spec.pruning().toString())) {
        DocCounts c = diff.counts();
        long deleting = o.deleteMissing() ? c.missing() : 0;
        if (deleting > 0 && deleting > o.maxDeleteFraction() * c.existing()) {
          throw SpladeException.of(
              e.input().location(),
              String.format(
                  Locale.ROOT,
                  "lacks %,d of the %,d documents of model %s in %s (%.1f%%, more than"
                      + " --max-delete-fraction %s): re-encoding would delete their vectors",
                  deleting,
                  c.existing(),
                  modelId,
                  tables.location(),
                  100.0 * deleting / c.existing(),
                  o.maxDeleteFraction()),
              "check that the input is the whole corpus; if the deletions are intended pass"
                  + " --max-delete-fraction 1, to keep the vectors pass --no-delete-missing");
        }
        console.printf(
            "%,d documents: %,d new, %,d changed, %,d unchanged, %,d missing from the corpus (%s)%n",
            c.corpus() + c.missing(),
            c.added(),
            c.changed(),
            c.unchanged(),
            c.missing(),
            o.deleteMissing() ? "deleted" : "kept");
        long e0 = System.nanoTime();
        writeDocVectors(spec, modelId, at, diff, c, deleting);
        double encodeSeconds = (System.nanoTime() - e0) / 1e9;

        long i0 = System.nanoTime();
        IndexUpdate index =
            IndexSync.run(
                spark,
                tables,
                modelId,
                model.bundle().vocabulary(),
                marker,
                e.tuning().postingsFileRows(),
                this::write,
                console);
        double indexSeconds = (System.nanoTime() - i0) / 1e9;
        console.printf(
            "postings and token_stats: %s%s (doc_vectors version %d, %,d documents, %,d tokens)%n",
            index.mode(),
            index.reason().isEmpty() ? "" : ": " + index.reason(),
            index.version(),
            index.docs(),
            index.tokens());

        Timestamp now = now();
        ModelBundle b = model.bundle();
        ModelRow row =
            new ModelRow(
                modelId,
                spec.model(),
                b.queryWeights().sha256(),
                b.queryAndTokenizerFingerprint(),
                ModelFingerprint.sha256(model.pooledGraph()),
                now,
                o.activate(),
                null,
                index.tableId(),
                index.version(),
                now);
        write(
            ModelsTable.TABLE,
            () -> {
              registry.commit(row, o.activate());
              return null;
            });
        boolean activated = o.activate() && !modelId.equals(previous);
        if (activated) {
          console.printf(
              "active model: %s (was %s)%n", modelId, previous == null ? "none" : previous);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ReencodeMetrics m =
            new ReencodeMetrics(
                modelId,
                previous,
                activated,
                e.input().location(),
                corpus.format().toString(),
                tables.location(),
                started.toString(),
                at.toInstant().toString(),
                corpus.rows(),
                corpus.bad(),
                c,
                deleting,
                c.toEncode(),
                index,
                attempt,
                round(seconds),
                round(encodeSeconds),
                round(indexSeconds),
                tables.location()
                    + "/_runs/reencode-"
                    + RUN_NAME.format(started)
                    + "-"
                    + modelId
                    + ".json");
        m.write(spark.sparkContext().hadoopConfiguration());
        console.printf(
            Locale.ROOT,
            "done: %,d encoded, %,d deleted in %.1f s, metrics %s%n",
            m.encodedDocs(),
            m.deletedDocs(),
            seconds,
            m.path());
        return m;
      }
    }

    /** Encodes the new and changed documents; writes them and the deletions in one commit. */
    private void writeDocVectors(
        EncoderSpec spec,
        String modelId,
        Timestamp at,
        CorpusDiff diff,
        DocCounts c,
        long deleting) {
      long n = c.toEncode();
      if (n == 0 && deleting == 0) {
        return;
      }
      int partitions = e.tuning().encodeTasks(n, spark.sparkContext().defaultParallelism());
      console.printf("encoding %,d documents in %d tasks%n", n, partitions);
      LongAccumulator progress = spark.sparkContext().longAccumulator("splade encoded documents");
      Dataset<Row> vectors =
          DocVectorEncoding.encode(
              diff.toEncode(), spec, modelId, at, n, e.tuning().chunkSize(), partitions, progress);
      long e0 = System.nanoTime();
      if (c.existing() == 0) {
        // A model new to the index: its rows are appended by a plain write that encodes as it
        // goes (nothing to match, nothing kept in memory).
        String byModel = Predicates.modelIs(modelId);
        EncodeProgress shown = showProgress(progress, n);
        try {
          write(
              DocVectorsTable.TABLE,
              () -> {
                tables
                    .child(DocVectorsTable.TABLE)
                    .replace(
                        spark,
                        DocVectorsTable.SCHEMA,
                        FaultPoints.tap(vectors, FaultPoints.duringWrite(DocVectorsTable.TABLE)),
                        byModel);
                return null;
              });
        } finally {
          shown.close();
        }
      } else {
        // Encoded once and kept: MERGE reads its source more than once.
        vectors.persist(StorageLevel.MEMORY_AND_DISK());
        try {
          EncodeProgress shown = showProgress(progress, n);
          try {
            vectors.count();
          } finally {
            shown.close();
          }
          write(DocVectorsTable.TABLE, () -> merge(modelId, vectors, diff, deleting));
        } finally {
          vectors.unpersist();
        }
      }
      if (n > 0 && e.tuning().progressSeconds() > 0) {
        console.println(EncodeProgress.line(n, n, (System.nanoTime() - e0) / 1e9));
      }
    }

    private EncodeProgress showProgress(LongAccumulator progress, long n) {
      return EncodeProgress.start(
          spark.sparkContext(), progress, n, e.tuning().progressSeconds(), console);
    }

    private Dataset<Row> merge(
        String modelId, Dataset<Row> vectors, CorpusDiff diff, long deleting) {
      Dataset<Row> source = vectors.withColumn("op", lit("upsert"));
      if (deleting > 0) {
        source =
            source.unionByName(
                diff.missing()
                    .select(
                        col(DocVectorsTable.DOC_ID),
                        lit(null)
                            .cast(DataTypes.createArrayType(DataTypes.IntegerType, false))
                            .as(DocVectorsTable.TOKEN_IDS),
                        lit(null)
                            .cast(DataTypes.createArrayType(DataTypes.FloatType, false))
                            .as(DocVectorsTable.WEIGHTS),
                        lit(null).cast(DataTypes.IntegerType).as(DocVectorsTable.ACTIVE_DIMS),
                        lit(null).cast(DataTypes.StringType).as(DocVectorsTable.TEXT_SHA256),
                        lit(modelId).as(DocVectorsTable.MODEL_ID),
                        lit(null).cast(DataTypes.StringType).as(DocVectorsTable.PRUNING),
                        lit(null).cast(DataTypes.TimestampType).as(DocVectorsTable.ENCODED_AT),
                        lit("delete").as("op")));
      }
      Map<String, String> insert = new LinkedHashMap<>();
      Map<String, String> update = new LinkedHashMap<>();
      for (String col : DocVectorsTable.SCHEMA.fieldNames()) {
        insert.put(col, "s." + col);
        if (!col.equals(DocVectorsTable.DOC_ID) && !col.equals(DocVectorsTable.MODEL_ID)) {
          update.put(col, "s." + col);
        }
      }
      return tables
          .child(DocVectorsTable.TABLE)
          .delta(spark)
          .as("t")
          .merge(
              FaultPoints.tap(source, FaultPoints.duringWrite(DocVectorsTable.TABLE)).as("s"),
              "t."
                  + Predicates.modelIs(modelId)
                  + " AND "
                  + Predicates.sameIn("t", "s", DocVectorsTable.MODEL_ID, DocVectorsTable.DOC_ID))
          .whenMatched("s.op = 'delete'")
          .delete()
          .whenMatched("s.op = 'upsert'")
          .updateExpr(update)
          .whenNotMatched("s.op = 'upsert'")
          .insertExpr(insert)
          .execute();
    }
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
