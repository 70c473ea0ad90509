package org.spladespark.jobs.spark;

import org.apache.spark.sql.SparkSession;
import org.spladespark.runtime.Offline;
import org.spladespark.sql.SpladeSparkExtensions;

/**
 * Builds the SparkSession used by {@code bin/splade} on one machine ({@code local[*]}, Delta
 * enabled, tables under a local warehouse folder) and by the integration tests. Under spark-submit
 * the cluster's session is used instead ({@link #getOrCreate}).
 */
public final class LocalSpark {
  private LocalSpark() {}

  /** Delta, the SPLADE SQL functions and offline settings every session of this pipeline needs. */
  public static SparkSession.Builder configure(SparkSession.Builder b) {
    Offline.ensure();
    // The SPLADE SQL functions come with every session; they read their model from
    // spark.splade.model when a query uses them.
    return b.config(
            "spark.sql.extensions",
            "io.delta.sql.DeltaSparkSessionExtension," + SpladeSparkExtensions.class.getName())
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.executorEnv.DJL_OFFLINE", "true")
        .config("spark.executorEnv.OPT_OUT_TRACKING", "true")
        .config("spark.executorEnv.ORT_DISABLE_TELEMETRY", "1");
  }

  /** The active session (spark-submit) or a new local one. */
  public static SparkSession getOrCreate(String appName, String master, String warehouse) {
    SparkSession.Builder b = configure(SparkSession.builder().appName(appName));
    if (master != null) {
      // A local run talks to nobody: bind the driver to loopback.
      b.master(master)
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          // Rebuild a table's Delta state in one task, not 50: a local index has a short log,
          // and every command loads a few snapshots.
          .config("spark.databricks.delta.snapshotPartitions", "1");
    }
    if (warehouse != null) {
      b.config("spark.sql.warehouse.dir", warehouse);
    }
    return b.getOrCreate();
  }

  /**
   * Whether a command runs under spark-submit: no {@code --master} given and {@code spark.master}
   * set by the launcher. A command then uses the cluster's session and leaves it running ({@link
   * CommandSession}).
   */
  public static boolean underSubmit(String master) {
    return master == null && System.getProperty("spark.master") != null;
  }

  /** Whether a session is already active or the default in this JVM. */
  static boolean existingSession() {
    return SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
  }
}
