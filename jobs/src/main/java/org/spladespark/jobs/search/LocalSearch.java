package org.spladespark.jobs.search;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.exceptions.KernelException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spladespark.jobs.cli.options.Locations;
import org.spladespark.model.ModelBundle;

/**
 * {@code splade search} without Spark, for the runs Spark would serve on the driver anyway: a
 * handful of queries whose postings plan scores on the driver. Spark's fixed costs (session start,
 * Delta state reconstruction, code generation: tens of seconds) then dwarf the search itself, so
 * the index's tables are read with Delta Kernel instead ({@link KernelIndex}) and scored by the
 * same code ({@link LocalScoring}, {@link PlanChooser}): the same checks and messages, the same
 * plan choice, the same floats, the same files byte for byte.
 *
 * <p>It applies ({@link #eligible}) when everything is local: queries from a local JSON-lines or
 * TSV file, an index folder (not catalog tables), results only to local files (no {@code
 * --output-table}), no {@code --master} other than {@code local[...]}, and not under spark-submit.
 * {@link #run} then returns null, having written nothing, when Spark must answer after all: the
 * index has no published model row or misses a table, the plan is the scan or the distributed
 * postings plan, or Kernel cannot read a table. Stateless; each run uses its own Kernel engine.
 */
public final class LocalSearch {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSearch.class);

  private LocalSearch() {}

  /** The value of {@code f}, or what it threw. */
  private static <T> T joined(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Whether {@code options} may run without Spark (the plan is known only in {@link #run}).
   *
   * @param master the {@code --master} option, null when not given
   * @param underSubmit whether the command runs under spark-submit (the cluster's session exists)
   */
  public static boolean eligible(SearchOptions options, String master, boolean underSubmit) {
    return !underSubmit
        && (master == null || master.startsWith("local"))
        && options.outputTable() == null
        && options.plan() != Plan.SCAN
        && options.queries().file() != null
        && local(options.queries().file())
        && options.index().folder() != null
        && local(options.index().folder())
        && (options.outputJsonl() == null || local(options.outputJsonl()))
        && (options.outputTrec() == null || local(options.outputTrec()));
  }

  private static boolean local(String path) {
    return !Locations.isUri(path) || path.startsWith("file:");
  }

  /**
   * The search of {@code options} ({@link #eligible} ones) without Spark, or null when Spark must
   * run it (nothing is written then).
   */
  public static SearchReport run(SearchOptions options) {
    // The index's log and registry are read while the model loads and the queries are encoded;
    // the checks are then made in the Spark path's order.
    // One Hadoop configuration (loading its default resources is start-up time) for both.
    Configuration hadoop = new Configuration();
    CompletableFuture<KernelIndex.Head> head =
        CompletableFuture.supplyAsync(
            () -> KernelIndex.head(DefaultEngine.create(hadoop), options.index()));
    ModelBundle model = ModelBundle.load(Path.of(options.model()));
    SearchJob.checkFiles(hadoop, options);
    QueryBatch batch = SearchJob.batch(model, QueryReader.read(hadoop, options.queries()), options);
    KernelIndex index;
    IndexSearcher.PlanChoice choice;
    List<Row> ranked;
    try {
      index = KernelIndex.open(joined(head), options.index(), model, options.modelId());
      if (index == null) {
        LOG.info("the index has no published model row or misses a table: searching with Spark");
        return null;
      }
      choice =
          PlanChooser.choose(
              options.index(),
              true,
              true,
              index.tokenStats(),
              () -> {
                throw new IllegalStateException("token_stats gives the postings count");
              },
              batch,
              options.plan(),
              model.vocabulary());
      if (choice.plan() != Plan.POSTINGS
          || !PlanChooser.onDriver(
              index.tokenStats(), batch, IndexSearcher.DRIVER_POSTINGS_LIMIT)) {
        LOG.info(
            "plan {} ({}) is not scored on the driver: searching with Spark",
            choice.plan(),
            choice.reason());
        return null;
      }
      LOG.info("plan {}: {}; tables read with Delta Kernel", choice.plan(), choice.reason());
      ranked = index.rankPostings(batch, options.topK());
    } catch (KernelException | UncheckedIOException e) {
      LOG.warn("Delta Kernel cannot read the index ({}): searching with Spark", e.toString());
      return null;
    }
    SearchJob.writeFiles(hadoop, options, index.modelId(), ranked::iterator, batch);
    SearchReport report =
        new SearchReport(
            choice.plan(),
            choice.reason(),
            index.modelId(),
            batch.size(),
            batch.emptyQueries(),
            ranked.size());
    LOG.info("search done: {}", report);
    return report;
  }
}
