package org.spladespark.jobs.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The session of one command-line run: under spark-submit ({@code spark.master} set and no {@code
 * --master}) the cluster's, left running; a session this JVM already has (a test, a notebook, an
 * application calling the CLI), left running; otherwise a new local one ({@link LocalSpark}),
 * stopped by {@link #close}.
 */
public final class CommandSession implements AutoCloseable {
  private final SparkSession spark;
  private final boolean owned;

  private CommandSession(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  /**
   * @param master the {@code --master} option, null = local[*] (or the cluster's under
   *     spark-submit)
   * @param warehouse local warehouse folder, or null
   */
  public static CommandSession start(String appName, String master, String warehouse) {
    boolean underSubmit = LocalSpark.underSubmit(master);
    // A session already running in this JVM (a notebook's, a test suite's) is not ours to stop.
    boolean existed = LocalSpark.existingSession();
    SparkSession s =
        LocalSpark.getOrCreate(
            appName,
            underSubmit ? null : (master != null ? master : "local[*]"),
            underSubmit ? null : warehouse);
    // bin/splade's log configuration keeps the console at WARN and the full log in a file; without
    // it, Spark's INFO lines would flood the console.
    if (!underSubmit && !existed && System.getProperty("splade.log.file") == null) {
      s.sparkContext().setLogLevel("WARN");
    }
    return new CommandSession(s, !underSubmit && !existed);
  }

  public SparkSession spark() {
    return spark;
  }

  @Override
  public void close() {
    if (owned) {
      spark.stop();
    }
  }
}
