package org.spladespark.jobs.reencode;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.encode.EncoderSpec;
import org.spladespark.encode.ExecutorEncoders;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.CheckedCorpus;
import org.spladespark.jobs.encode.EncodeCorpusOptions;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.encode.InputFormat;
import org.spladespark.jobs.encode.ModelRows;
import org.spladespark.jobs.encode.RunClock;
import org.spladespark.jobs.encode.RunTimings;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.model.ModelBundle;
import org.spladespark.schemas.DocVectorsTable;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.RejectedRowsTable;
import org.spladespark.schemas.TableRef;
import org.spladespark.schemas.TokenStatsTable;

/** One attempt of a {@link ReencodeJob}: its state, from reading the corpus to publishing. */
final class ReencodeRun {
  private final SparkSession spark;
  private final ReencodeOptions o;
  private final EncodeCorpusOptions e;
  private final PrintStream console;
  private final int attempt;
  private final RunClock clock;
  private TableRef tables;
  private IndexCommits commits;

  ReencodeRun(SparkSession spark, ReencodeOptions o, PrintStream console, int attempt) {
    this.spark = spark;
    this.o = o;
    this.e = o.encode();
    this.console = console;
    this.attempt = attempt;
    this.clock = new RunClock(e.encodedAt());
  }

  ReencodeMetrics execute() {
    EncoderSpec spec = e.encoder();
    ExecutorEncoders.ResolvedModel model = ExecutorEncoders.resolve(spec);
    ModelBundle bundle = model.bundle();
    String modelId = model.modelId();
    int maxSeq = bundle.maxSeqLength();
    tables = TableRef.path(e.tables());
    commits = new IndexCommits(spark, tables);
    ModelRegistry registry = new ModelRegistry(spark, e.tables());
    InputFormat format = CheckedCorpus.detect(spark, e.input());
    console.printf(
        "splade reencode: %s (%s) with model %s (%s) into %s%n",
        e.input().location(), format, modelId, bundle.root(), tables.location());
    boolean activate = activation(registry, modelId);
    try (CheckedCorpus corpus =
        CheckedCorpus.read(spark, e.input(), format, spec, e.maxDocWordpieces(maxSeq), maxSeq)) {
      commits.write(
          RejectedRowsTable.TABLE,
          () -> {
            corpus.handleBadRows(spark, e.onBadRows(), tables, clock.encodedAt(), console);
            return null;
          });
      prepare(registry, modelId);
      return reencode(spec, model, registry, corpus, activate);
    } catch (RuntimeException ex) {
      for (String t : commits.abandon()) {
        console.printf("removed %s, created by this failed run%n", t);
      }
      throw ex;
    }
  }

  /**
   * Whether to activate the model: as asked; by default yes, unless the index was rolled back away
   * from this model to the active one (then an explicit choice is needed).
   */
  private boolean activation(ModelRegistry registry, String modelId) {
    if (o.activationExplicit() || !registry.exists()) {
      return o.activate();
    }
    List<ModelRow> active = registry.active();
    if (active.size() != 1 || active.get(0).modelId().equals(modelId)) {
      return true;
    }
    Long restored = registry.rollbackInEffect();
    if (restored != null) {
      throw SpladeException.of(
          registry.path(),
          "was rolled back (version "
              + restored
              + ") to model "
              + active.get(0).modelId()
              + "; re-encoding with model "
              + modelId
              + " would make it active again",
          "pass --activate to switch the index to "
              + modelId
              + " again, or --no-activate to update its rows without activating it");
    }
    return true;
  }

  /**
   * Turns on the change data feed of doc_vectors (creating it), and registers the model of an index
   * written before {@code splade encode} registered models (no models table) as the active one, so
   * a switch away from it can be rolled back.
   */
  private void prepare(ModelRegistry registry, String modelId) {
    commits.enableChangeFeed(console);
    commits.registerExistingModel(registry, modelId, console);
  }

  private ReencodeMetrics reencode(
      EncoderSpec spec,
      ExecutorEncoders.ResolvedModel model,
      ModelRegistry registry,
      CheckedCorpus corpus,
      boolean activate) {
    String modelId = model.modelId();
    String byModel = Predicates.modelIs(modelId);
    List<ModelRow> registered = registry.list();
    List<ModelRow> active = registered.stream().filter(ModelRow::active).toList();
    String previous = active.size() == 1 ? active.get(0).modelId() : null;
    ModelRow marker =
        registered.stream().filter(r -> r.modelId().equals(modelId)).findFirst().orElse(null);
    long v0 = commits.version(DocVectorsTable.TABLE);
    Dataset<Row> rows = tables.child(DocVectorsTable.TABLE).read(spark, v0).where(byModel);
    try (CorpusDiff diff = CorpusDiff.compute(corpus.good(), rows, spec.pruning().toString())) {
      DocCounts c = diff.counts();
      long deleting = o.deleteMissing() ? c.missing() : 0;
      checkDeletions(modelId, c, deleting);
      console.printf(
          "%,d documents: %,d new, %,d changed, %,d unchanged, %,d missing from the corpus (%s)%n",
          c.corpus() + c.missing(),
          c.added(),
          c.changed(),
          c.unchanged(),
          c.missing(),
          o.deleteMissing() ? "deleted" : "kept");
      double validateSeconds = clock.seconds();
      long e0 = System.nanoTime();
      DocVectorsUpdate.write(
          spark, commits, spec, modelId, clock.encodedAt(), diff, c, deleting, e.tuning(), console);
      double encodeSeconds = RunClock.since(e0);

      long i0 = System.nanoTime();
      IndexUpdate index =
          IndexSync.run(
              spark,
              commits,
              modelId,
              model.bundle().vocabulary(),
              marker,
              e.tuning().postingsFileRows(),
              console);
      console.printf(
          "postings and token_stats: %s%s (doc_vectors version %d, %,d documents, %,d tokens)%n",
          index.mode(),
          index.reason().isEmpty() ? "" : ": " + index.reason(),
          index.version(),
          index.docs(),
          index.tokens());

      PublishedIndex kept = marker == null ? null : PublishedIndex.of(tables.location(), marker);
      boolean unchanged = index.mode() == IndexUpdate.Mode.NONE && kept != null && kept.published();
      ModelRow row =
          ModelRows.published(
              model,
              spec.model(),
              activate,
              index.tableId(),
              index.version(),
              unchanged ? kept.postings() : commits.version(PostingsTable.TABLE),
              unchanged ? kept.tokenStats() : commits.version(TokenStatsTable.TABLE));
      commits.publish(registry, row, activate);
      double indexSeconds = RunClock.since(i0);
      boolean activated = activate && !modelId.equals(previous);
      if (activated) {
        console.printf(
            "active model: %s (was %s)%n", modelId, previous == null ? "none" : previous);
      }
      ReencodeMetrics m =
          new ReencodeMetrics(
              clock.info("reencode", modelId, corpus, tables.location()),
              new ReencodeMetrics.Corpus(corpus.rows(), corpus.bad(), c, deleting, c.toEncode()),
              index,
              new ReencodeMetrics.Outcome(previous, activated, attempt),
              new RunTimings(clock.seconds(), validateSeconds, encodeSeconds, indexSeconds));
      m.write(spark.sparkContext().hadoopConfiguration());
      console.printf(
          Locale.ROOT,
          "done: %,d encoded, %,d deleted in %.1f s, metrics %s%n",
          m.corpus().encodedDocs(),
          m.corpus().deletedDocs(),
          m.timings().seconds(),
          m.path());
      return m;
    }
  }

  /** Refuses, before encoding, to delete more than --max-delete-fraction of the documents. */
  private void checkDeletions(String modelId, DocCounts c, long deleting) {
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
  }
}
