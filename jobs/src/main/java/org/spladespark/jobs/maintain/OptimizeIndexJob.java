package org.spladespark.jobs.maintain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.encode.InvertedIndex;
import org.spladespark.jobs.models.ModelRegistry;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.schemas.ModelRow;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.PostingsTable;
import org.spladespark.schemas.Predicates;
import org.spladespark.schemas.TableRef;

/**
 * {@code splade optimize}: rewrites each published model's {@code postings} in the layout {@code
 * splade encode} writes (range-partitioned by token, sorted, files of about {@code
 * postingsFileRows} rows), undoing the small files incremental re-encodes append.
 *
 * <p>Per model: one commit replacing the model's postings with its published rows, then one commit
 * of {@code models} publishing the new postings version ({@link IndexCommits}): readers switch from
 * the old files to the new ones at that commit and see the same rows before and after. Commits of
 * the model's postings that no run published (a killed run) are dropped; the next re-encode syncs
 * from the published marker and redoes them. A run that changes the postings meanwhile makes this
 * one fail with "the index changed under this run"; rerun it.
 */
public final class OptimizeIndexJob {
  private OptimizeIndexJob() {}

  /** What was rewritten: one line per model. */
  public record Result(List<String> models, long postings) {}

  /**
   * @throws SpladeException when the folder has no published model
   */
  public static Result run(
      SparkSession spark, String folder, long postingsFileRows, PrintStream console) {
    TableRef tables = TableRef.path(folder);
    tables.child(PostingsTable.TABLE).checkFormatVersion(spark);
    tables.child(ModelsTable.TABLE).checkFormatVersion(spark);
    ModelRegistry registry = new ModelRegistry(spark, folder);
    List<String> done = new ArrayList<>();
    long total = 0;
    for (ModelRow m : registry.list()) {
      PublishedIndex p = PublishedIndex.of(folder, m);
      if (!p.published()) {
        continue;
      }
      IndexCommits commits = new IndexCommits(spark, tables);
      Dataset<Row> rows = p.read(spark, PostingsTable.TABLE);
      long n = rows.count();
      int files = InvertedIndex.files(n, postingsFileRows);
      commits.replace(
          PostingsTable.TABLE,
          PostingsTable.SCHEMA,
          InvertedIndex.layout(rows, files),
          Predicates.modelIs(m.modelId()));
      long v = commits.version(PostingsTable.TABLE);
      commits.publish(
          registry, m.withPostingsVersion(v, org.spladespark.jobs.encode.RunClock.now()), false);
      console.printf(
          "optimized postings of model %s: %,d rows in %d files (postings version %d)%n",
          m.modelId(), n, files, v);
      done.add(m.modelId());
      total += n;
    }
    if (done.isEmpty()) {
      throw SpladeException.of(
          folder,
          "has no published model to optimize",
          "point --index at an index written by splade encode or reencode");
    }
    return new Result(done, total);
  }
}
