package org.spladespark.jobs.maintain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.encode.IndexCommits;
import org.spladespark.jobs.models.PublishedIndex;
import org.spladespark.schemas.ModelsTable;
import org.spladespark.schemas.TableRef;

/**
 * {@code splade vacuum}: deletes the files no longer referenced by the index's tables and older
 * than the retention (Delta {@code VACUUM}), table by table.
 *
 * <p>Two guards. A retention below Delta's default of {@value #DEFAULT_RETAIN_HOURS} hours is
 * refused unless forced: readers read the published versions by time travel, and a search or run in
 * progress may still need files an eager vacuum deletes. And a table with commits after the newest
 * published version (a run in progress, or a killed one) is refused: those commits may have removed
 * files the published index still reads, and vacuum would delete them; a completed run (or {@code
 * splade optimize}) publishes them first.
 */
public final class VacuumIndexJob {
  /** Delta's default {@code delta.deletedFileRetentionDuration}: 7 days. */
  public static final double DEFAULT_RETAIN_HOURS = 168;

  private static final String CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * Delta's VACUUM lists and groups a table's files in this many tasks (Spark's default: 10,000,
   * sized for partition discovery over thousands of folders). The index tables are not partitioned
   * into folders, so the cluster's parallelism is enough; 10,000 tasks per table made a vacuum of a
   * small index on a local master take minutes. A value the user set is kept.
   */
  private static final String LISTING = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private VacuumIndexJob() {}

  /**
   * @return the tables vacuumed
   * @throws SpladeException when a guard refuses, or the folder holds no table
   */
  public static List<String> run(
      SparkSession spark, String folder, double retainHours, boolean force, PrintStream console) {
    checkRetention(retainHours, force);
    TableRef tables = TableRef.path(folder);
    List<String> all = new ArrayList<>(IndexCommits.TABLES);
    all.add(ModelsTable.TABLE);
    for (String t : all) {
      tables.child(t).checkFormatVersion(spark);
    }
    List<PublishedIndex> models = PublishedIndex.all(spark, folder);
    for (String t : IndexCommits.TABLES) {
      Long newest = null;
      for (PublishedIndex p : models) {
        Long v = p.version(t);
        if (v != null && (newest == null || v > newest)) {
          newest = v;
        }
      }
      if (newest == null) {
        continue;
      }
      long latest = tables.child(t).version(spark);
      if (latest > newest) {
        throw SpladeException.of(
            tables.child(t).location(),
            "has commits after the newest published version "
                + newest
                + " (version "
                + latest
                + "): a run is in progress or was interrupted, and vacuum could delete files"
                + " the published index reads",
            "let the run finish, or rerun splade encode / reencode, then vacuum");
      }
    }
    List<String> out = new ArrayList<>();
    String previous = spark.conf().get(CHECK, "true");
    if (force) {
      spark.conf().set(CHECK, "false");
    }
    boolean listingSet = spark.conf().contains(LISTING);
    if (!listingSet) {
      spark.conf().set(LISTING, Math.max(1, spark.sparkContext().defaultParallelism()));
    }
    try {
      for (String t : all) {
        if (!tables.child(t).exists(spark)) {
          continue;
        }
        tables.child(t).delta(spark).vacuum(retainHours);
        console.printf(
            "vacuumed %s (files unreferenced for over %s hours)%n",
            tables.child(t).location(), fmt(retainHours));
        out.add(tables.child(t).location());
      }
    } finally {
      spark.conf().set(CHECK, previous);
      if (!listingSet) {
        spark.conf().unset(LISTING);
      }
    }
    if (out.isEmpty()) {
      throw SpladeException.of(
          folder, "holds no index table", "point --index at the folder of an index");
    }
    return out;
  }

  /**
   * Refuses a negative retention, and one below {@value #DEFAULT_RETAIN_HOURS} hours unless {@code
   * force}, naming the flag.
   */
  public static void checkRetention(double retainHours, boolean force) {
    if (!(retainHours >= 0)) {
      throw SpladeException.of(
          "--retain-hours", "is " + retainHours, "pass a number of hours, 168 or more");
    }
    if (retainHours < DEFAULT_RETAIN_HOURS && !force) {
      throw SpladeException.of(
          "--retain-hours " + fmt(retainHours),
          "is below Delta's default retention of 168 hours: searches and runs in progress, and"
              + " readers of the published versions, may still need the files it would delete",
          "pass --retain-hours 168 or more, or add --force to vacuum anyway");
    }
  }

  private static String fmt(double h) {
    return h == Math.rint(h) ? Long.toString((long) h) : String.format(Locale.ROOT, "%s", h);
  }
}
