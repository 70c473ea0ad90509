package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.schemas.Columns;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/**
 * Encodes a corpus into the Delta tables {@code doc_vectors}, {@code postings} and {@code
 * token_stats} (and {@code rejected_rows}), for spark-submit ({@link #main}) and for code ({@link
 * #run}).
 *
 * <ol>
 *   <li>Resolve the model on the driver (fails before any task if the folder or graph is wrong) and
 *       refuse tables of a newer format version.
 *   <li>Read the input ({@link CorpusReader}) and decide every bad row ({@link CorpusValidator});
 *       the result is persisted, read once. With {@code --on-bad-rows=fail} the job stops here if
 *       any row is bad, naming the first ones; nothing is written. With {@code quarantine} the bad
 *       rows replace this input's earlier rows in {@code rejected_rows}.
 *   <li>Encode the good rows on the executors ({@link DocVectorEncoding}) with progress on the
 *       console ({@link EncodeProgress}); write {@code doc_vectors} in one transaction.
 *   <li>Derive {@code postings} and {@code token_stats} from the committed {@code doc_vectors}
 *       ({@link InvertedIndex}), each in one transaction.
 *   <li>Publish the three tables' versions in the model's {@code models} row, one transaction
 *       ({@link IndexCommits}): readers switch to the new tables at that commit. The model becomes
 *       the active one unless another model is active (then it is registered beside it). Write the
 *       run metrics ({@link EncodeMetrics}).
 * </ol>
 *
 * <h2>Reruns</h2>
 *
 * Each table write replaces the rows of this model ({@code model_id = '…'}; {@code rejected_rows}:
 * of this input) and leaves other models' rows alone, so a table holds the latest encoding of each
 * model. A rerun on the same input and model produces the same rows: the same documents, bit-
 * identical vectors ({@link DocVectorEncoding} makes batching independent of partitioning), the
 * same postings and statistics. The one column that differs is {@code encoded_at} (and {@code
 * rejected_at}): the run's start time, the same for every row of a run; pass {@code --encoded-at}
 * to pin it and get identical tables. A run that dies before the publish commit changes nothing
 * readers see; a run that fails deletes the tables it created ({@link IndexCommits#abandon}).
 */
public final class EncodeCorpusJob {
  private EncodeCorpusJob() {}

  /** spark-submit entry point: the {@code splade encode} options. */
  public static void main(String[] args) {
    SpladeCli.main("encode", args);
  }

  /**
   * Runs the job.
   *
   * @param console where phase and progress lines go
   * @throws SpladeException for bad input (fail mode), a bad model or tables, or a task that failed
   *     with a SpladeException
   */
  public static EncodeMetrics run(
      SparkSession spark, EncodeCorpusOptions options, PrintStream console) {
    try {
      return new Run(spark, options, console).execute();
    } catch (RuntimeException e) {
      throw Commands.unwrapped(e);
    }
  }

  /** The state of one run: its session, options, console and clock. */
  private record Run(
      SparkSession spark, EncodeCorpusOptions o, PrintStream console, RunClock clock) {
    Run(SparkSession spark, EncodeCorpusOptions o, PrintStream console) {
      this(spark, o, console, new RunClock(o.encodedAt()));
    }

    EncodeMetrics execute() {
      EncoderSpec spec = o.encoder();
      ExecutorEncoders.ResolvedModel model = ExecutorEncoders.resolve(spec);
      String modelId = model.modelId();
      int maxSeq = model.bundle().maxSeqLength();
      int maxWordpieces = o.maxDocWordpieces(maxSeq);

      TableRef tables = TableRef.path(o.tables());
      IndexCommits commits = new IndexCommits(spark, tables);
      InputFormat format = CorpusReader.detect(spark, o.input());
      console.printf(
          "splade encode: %s (%s) with model %s (%s) into %s%n",
          o.input().location(), format, modelId, model.bundle().root(), tables.location());

      try (CheckedCorpus corpus =
          CheckedCorpus.read(spark, o.input(), format, spec, maxWordpieces, maxSeq)) {
        return encode(spec, model, commits, corpus);
      } catch (IndexCommits.IndexChanged c) {
        commits.abandon();
        throw c.failure("splade encode", 1);
      } catch (RuntimeException e) {
        for (String t : commits.abandon()) {
          console.printf("removed %s, created by this failed run%n", t);
        }
        throw e;
      }
    }

    private EncodeMetrics encode(
        EncoderSpec spec,
        ExecutorEncoders.ResolvedModel model,
        IndexCommits commits,
        CheckedCorpus corpus) {
      String modelId = model.modelId();
      String byModel = Predicates.modelIs(modelId);
      TableRef tables = commits.tables();
      Timestamp at = clock.encodedAt();
      long rows = corpus.rows();
      long bad = corpus.bad();
      commits.write(
          RejectedRowsTable.TABLE,
          () -> {
            corpus.handleBadRows(spark, o.onBadRows(), tables, at, console);
            return null;
          });

      long docs = rows - bad;
      int partitions = o.tuning().encodeTasks(docs, spark.sparkContext().defaultParallelism());
      console.printf(
          "encoding %,d documents (%,d rows read, %,d rejected) in %d tasks%n",
          docs, rows, bad, partitions);
      ModelRegistry registry = new ModelRegistry(spark, tables.location());
      boolean activate = register(registry, commits, modelId);
      LongAccumulator progress = spark.sparkContext().longAccumulator("splade encoded documents");
      Dataset<Row> vectors =
          DocVectorEncoding.encode(
              corpus.good(), spec, modelId, at, docs, o.tuning().chunkSize(), partitions, progress);
      double validateSeconds = clock.seconds();
      long e0 = System.nanoTime();
      RunClock.encoding(
          spark.sparkContext(),
          progress,
          docs,
          o.tuning(),
          console,
          () -> {
            commits.replace(DocVectorsTable.TABLE, DocVectorsTable.SCHEMA, vectors, byModel);
            return null;
          });
      double encodeSeconds = RunClock.since(e0);

      long i0 = System.nanoTime();
      long dv = commits.version(DocVectorsTable.TABLE);
      Dataset<Row> stored = tables.child(DocVectorsTable.TABLE).read(spark, dv).where(byModel);
      Row vs = stored.agg(count(lit(1)), coalesce(sum(Columns.ACTIVE_DIMS), lit(0L))).first();
      long written = vs.getLong(0);
      long postings = vs.getLong(1);
      if (written != docs) {
        throw new IllegalStateException(
            "doc_vectors holds " + written + " rows of model " + modelId + ", expected " + docs);
      }
      int files = InvertedIndex.files(postings, o.tuning().postingsFileRows());
      Dataset<Row> postingRows = InvertedIndex.postings(stored);
      commits.replace(
          PostingsTable.TABLE,
          PostingsTable.SCHEMA,
          InvertedIndex.layout(postingRows, files),
          byModel);
      commits.replace(
          TokenStatsTable.TABLE,
          TokenStatsTable.SCHEMA,
          InvertedIndex.tokenStats(spark, postingRows, model.bundle().vocabulary(), modelId),
          byModel);
      commits.publish(
          registry,
          ModelRows.published(
              model,
              spec.model(),
              activate,
              commits.docVectorsId(),
              dv,
              commits.version(PostingsTable.TABLE),
              commits.version(TokenStatsTable.TABLE)),
          activate);
      console.printf(
          "wrote %,d doc_vectors, %,d postings in %d files, token_stats under %s%s%n",
          docs,
          postings,
          files,
          tables.location(),
          activate
              ? ""
              : "; model "
                  + modelId
                  + " is registered but not active (splade models"
                  + " activate)");

      double indexSeconds = RunClock.since(i0);
      double seconds = clock.seconds();
      EncodeMetrics m =
          new EncodeMetrics(
              clock.info("encode", modelId, corpus, tables.location()),
              new EncodeMetrics.Counts(
                  rows,
                  bad,
                  docs,
                  corpus.tokens(),
                  corpus.truncated(),
                  postings,
                  files,
                  partitions),
              new RunTimings(seconds, validateSeconds, encodeSeconds, indexSeconds));
      m.write(spark.sparkContext().hadoopConfiguration());
      console.printf(
          Locale.ROOT,
          "done: %,d docs in %.1f s (encode %.1f s, %.1f docs/s), %.1f active dims/doc,"
              + " metrics %s%n",
          docs,
          seconds,
          encodeSeconds,
          m.docsPerSecond(),
          m.counts().meanActiveDims(),
          m.path());
      return m;
    }

    /**
     * Turns on doc_vectors' change data feed and decides whether the model becomes the active one:
     * yes when the index has no active model or it is this one; otherwise it is registered beside
     * the active model (an index encoded before models were registered has its model registered as
     * the active one first).
     */
    private boolean register(ModelRegistry registry, IndexCommits commits, String modelId) {
      commits.enableChangeFeed(console);
      commits.registerExistingModel(registry, modelId, console);
      if (!registry.exists()) {
        return true;
      }
      List<ModelRow> active = registry.active();
      return active.isEmpty() || active.get(0).modelId().equals(modelId);
    }
  }
}
