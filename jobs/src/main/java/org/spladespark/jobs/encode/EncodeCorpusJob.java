package org.spladespark.jobs.encode;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
import org.spladespark.jobs.spark.Commands;
import org.spladespark.schemas.DocVectorsTable;
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
 *       ({@link InvertedIndex}), each in one transaction; write the run metrics ({@link
 *       EncodeMetrics}).
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
 * to pin it and get identical tables. If a run dies between the table writes, the tables of that
 * model may disagree until the next run, which rewrites all of them.
 */
public final class EncodeCorpusJob {
  private static final DateTimeFormatter RUN_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private EncodeCorpusJob() {}

  /** spark-submit entry point: the {@code splade encode} options. */
  public static void main(String[] args) {
    SpladeCli.main("encode", args);
  }

  /** Runs the job, printing progress to stdout. */
  public static EncodeMetrics run(SparkSession spark, EncodeCorpusOptions options) {
    return run(spark, options, System.out);
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
      // A task's SpladeException arrives wrapped by Spark: rethrow it as the user's error; any
      // other failure propagates as it is (the CLI prints its root cause and the log file).
      SpladeException s = Commands.spladeCause(e);
      throw s != null ? s : e;
    }
  }

  /** The state of one run. */
  private static final class Run {
    private final SparkSession spark;
    private final EncodeCorpusOptions o;
    private final PrintStream console;
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();

    Run(SparkSession spark, EncodeCorpusOptions o, PrintStream console) {
      this.spark = spark;
      this.o = o;
      this.console = console;
    }

    EncodeMetrics execute() {
      EncoderSpec spec = o.encoder();
      ExecutorEncoders.ResolvedModel model = ExecutorEncoders.resolve(spec);
      String modelId = model.modelId();
      String byModel = Predicates.modelIs(modelId);
      Timestamp at =
          Timestamp.from(
              o.encodedAt() != null ? o.encodedAt() : started.truncatedTo(ChronoUnit.MICROS));
      int maxSeq = model.bundle().maxSeqLength();
      int maxWordpieces = o.maxDocWordpieces(maxSeq);

      TableRef tables = TableRef.path(o.tables());
      for (String t :
          List.of(
              DocVectorsTable.TABLE,
              PostingsTable.TABLE,
              TokenStatsTable.TABLE,
              RejectedRowsTable.TABLE)) {
        tables.child(t).checkFormatVersion(spark);
      }
      InputFormat format = CorpusReader.detect(spark, o.input());
      console.printf(
          "splade encode: %s (%s) with model %s (%s) into %s%n",
          o.input().location(), format, modelId, model.bundle().root(), tables.location());

      try (CheckedCorpus corpus =
          CheckedCorpus.read(spark, o.input(), format, spec, maxWordpieces, maxSeq)) {
        return encode(spec, model, modelId, byModel, at, tables, corpus);
      }
    }

    private EncodeMetrics encode(
        EncoderSpec spec,
        ExecutorEncoders.ResolvedModel model,
        String modelId,
        String byModel,
        Timestamp at,
        TableRef tables,
        CheckedCorpus corpus) {
      InputFormat format = corpus.format();
      long rows = corpus.rows();
      long bad = corpus.bad();
      long tokens = corpus.tokens();
      long truncated = corpus.truncated();
      corpus.handleBadRows(spark, o.onBadRows(), tables, at, console);

      double validateSeconds = (System.nanoTime() - t0) / 1e9;
      long docs = rows - bad;
      int partitions = o.tuning().encodeTasks(docs, spark.sparkContext().defaultParallelism());
      console.printf(
          "encoding %,d documents (%,d rows read, %,d rejected) in %d tasks%n",
          docs, rows, bad, partitions);
      LongAccumulator progress = spark.sparkContext().longAccumulator("splade encoded documents");
      Dataset<Row> vectors =
          DocVectorEncoding.encode(
              corpus.good(), spec, modelId, at, docs, o.tuning().chunkSize(), partitions, progress);
      long e0 = System.nanoTime();
      EncodeProgress shown =
          EncodeProgress.start(
              spark.sparkContext(), progress, docs, o.tuning().progressSeconds(), console);
      try {
        tables
            .child(DocVectorsTable.TABLE)
            .replace(spark, DocVectorsTable.SCHEMA, vectors, byModel);
      } finally {
        shown.close();
      }
      if (o.tuning().progressSeconds() > 0) {
        console.println(EncodeProgress.line(docs, docs, (System.nanoTime() - e0) / 1e9));
      }
      double encodeSeconds = (System.nanoTime() - e0) / 1e9;

      long i0 = System.nanoTime();
      Dataset<Row> stored = tables.child(DocVectorsTable.TABLE).read(spark).where(byModel);
      Row vs =
          stored.agg(count(lit(1)), coalesce(sum(DocVectorsTable.ACTIVE_DIMS), lit(0L))).first();
      long written = vs.getLong(0);
      long postings = vs.getLong(1);
      if (written != docs) {
        throw new IllegalStateException(
            "doc_vectors holds " + written + " rows of model " + modelId + ", expected " + docs);
      }
      int files = (int) Math.max(1L, ceilDiv(postings, o.tuning().postingsFileRows()));
      Dataset<Row> postingRows = InvertedIndex.postings(stored);
      tables
          .child(PostingsTable.TABLE)
          .replace(spark, PostingsTable.SCHEMA, InvertedIndex.layout(postingRows, files), byModel);
      tables
          .child(TokenStatsTable.TABLE)
          .replace(
              spark,
              TokenStatsTable.SCHEMA,
              InvertedIndex.tokenStats(spark, postingRows, model.bundle().vocabulary(), modelId),
              byModel);
      console.printf(
          "wrote %,d doc_vectors, %,d postings in %d files, token_stats under %s%n",
          docs, postings, files, tables.location());

      double indexSeconds = (System.nanoTime() - i0) / 1e9;
      double seconds = (System.nanoTime() - t0) / 1e9;
      EncodeMetrics m =
          new EncodeMetrics(
              modelId,
              o.input().location(),
              format.toString(),
              tables.location(),
              started.toString(),
              at.toInstant().toString(),
              rows,
              bad,
              docs,
              tokens,
              truncated,
              postings,
              files,
              docs == 0 ? 0 : (double) postings / docs,
              partitions,
              round(seconds),
              round(validateSeconds),
              round(encodeSeconds),
              round(indexSeconds),
              encodeSeconds > 0 ? round(docs / encodeSeconds) : 0,
              tables.location()
                  + "/_runs/encode-"
                  + RUN_NAME.format(started)
                  + "-"
                  + modelId
                  + ".json");
      m.write(spark.sparkContext().hadoopConfiguration());
      console.printf(
          Locale.ROOT,
          "done: %,d docs in %.1f s (encode %.1f s, %.1f docs/s), %.1f active dims/doc,"
              + " metrics %s%n",
          docs,
          seconds,
          encodeSeconds,
          m.docsPerSecond(),
          m.meanActiveDims(),
          m.path());
      return m;
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
