package org.spladespark.jobs.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.stats.SparsityStatsJob;
import org.spladespark.jobs.stats.StatsCommand;

/**
 * {@code splade stats} run once per JVM on {@link SampleIndex} (grouped by source, m1 vs m2 drift),
 * shared by the stats, report and notebook integration tests.
 */
public final class SampleStats {
  private static Path index;
  private static String statsDir;

  private SampleStats() {}

  /** A run of the job on a session. */
  public interface Run {
    /** Runs the job; returns the folder of the stats tables. */
    String run(SparkSession spark);
  }

  /**
   * The job with {@code args} parsed as on the command line; parsing happens in {@link Run#run}, so
   * an invalid option is thrown there.
   */
  public static Run job(String... args) {
    return spark -> SparsityStatsJob.run(spark, Commands.parse(new StatsCommand(), args));
  }

  public static synchronized Path index() {
    stats();
    return index;
  }

  /** The folder of the stats tables ({@code <index>/stats}). */
  public static synchronized String stats() {
    if (statsDir == null) {
      SparkSession spark = SparkTestSession.get();
      index = SampleIndex.write(spark, SparkTestSession.newDir("sample-index"));
      statsDir =
          job(
                  "--index", index.toString(),
                  "--corpus", index.resolve("corpus").toString(),
                  "--id-col", "doc_id",
                  "--group-by", "source",
                  "--hist-width", "2",
                  "--top-k-grid", "2",
                  "--max-ratio-grid", "0.3,0.5",
                  "--top-tokens", "3",
                  "--model-id", "m1",
                  "--compare-model-id", "m2")
              .run(spark);
    }
    return statsDir;
  }
}
