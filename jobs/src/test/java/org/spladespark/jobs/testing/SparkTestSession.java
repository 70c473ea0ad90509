package org.spladespark.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.jobs.spark.LocalSpark;

/**
 * The one local SparkSession shared by every {@code *IT} in a JVM (starting Spark and Delta costs
 * seconds; the integration tests run in one failsafe JVM). Tables go under per-test folders of a
 * temporary warehouse.
 */
public final class SparkTestSession {
  /**
   * Settings for tables of tens of rows, shared with the child JVMs of the crash tests: few shuffle
   * partitions, a table's Delta state rebuilt in one task, and expressions interpreted rather than
   * compiled (compiling each new plan's Java with Janino cost more than running it: a CLI encode of
   * the sample ~20% faster). Spark guarantees both modes the same results; the product keeps code
   * generation, which pays off at scale.
   */
  public static final Map<String, String> SMALL_TABLES =
      Map.of(
          "spark.sql.shuffle.partitions", "2",
          "spark.databricks.delta.snapshotPartitions", "1",
          "spark.sql.codegen.wholeStage", "false",
          "spark.sql.codegen.factoryMode", "NO_CODEGEN");

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
      SparkSession.Builder b = LocalSpark.configure(SparkSession.builder().appName("splade-it"));
      SMALL_TABLES.forEach(b::config);
      spark =
          b
              // local[N,F]: a task may fail once and be retried (crash-safety tests inject a
              // failure into the first attempt of encode tasks).
              .master("local[2,2]")
              .config("spark.ui.enabled", "false")
              .config("spark.default.parallelism", "2")
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

  /**
   * A fresh folder under the test warehouse holding a copy of {@code from} (Delta tables are plain
   * folders).
   */
  public static Path copyOf(Path from, String prefix) throws IOException {
    Path t = newDir(prefix);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = t.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return t;
  }

  /** The Delta table {@code name} under the folder {@code tables}. */
  public static Dataset<Row> table(Path tables, String name) {
    return get().read().format("delta").load(tables.resolve(name).toString());
  }

  /** The rows as strings, sorted, without the named columns: for whole-table comparisons. */
  public static List<String> content(Dataset<Row> table, String... drop) {
    List<String> out = new ArrayList<>();
    for (Row r : table.drop(drop).collectAsList()) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }
}
