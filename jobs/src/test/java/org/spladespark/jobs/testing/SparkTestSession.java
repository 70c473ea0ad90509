package org.spladespark.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.spark.LocalSpark;

/**
 * The one local SparkSession shared by every {@code *IT} in a JVM (starting Spark and Delta costs
 * seconds; the integration tests run in one failsafe JVM). Tables go under per-test folders of a
 * temporary warehouse.
 */
public final class SparkTestSession {
  private static SparkSession spark;
  private static Path warehouse;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      try {
        warehouse = Files.createTempDirectory("splade-it-warehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spark =
          LocalSpark.configure(SparkSession.builder().appName("splade-it"))
              // local[N,F]: a task may fail once and be retried (crash-safety tests inject a
              // failure into the first attempt of encode tasks).
              .master("local[2,2]")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.databricks.delta.snapshotPartitions", "1")
              .config("spark.sql.warehouse.dir", warehouse.toString())
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /** A fresh folder under the test warehouse. */
  public static Path newDir(String prefix) {
    get();
    try {
      return Files.createTempDirectory(warehouse, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
