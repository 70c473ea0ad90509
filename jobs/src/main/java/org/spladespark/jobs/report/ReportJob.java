package org.spladespark.jobs.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.LocalSpark;
import org.spladespark.jobs.stats.StatsTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splade report}: renders the stats tables (and metrics JSON) as HTML with PNG charts. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "HTML report with charts of the stats tables and evaluation metrics.")
public final class ReportJob implements Callable<Integer> {
  /** Rows read from any one stats table (the report tables are small). */
  static final int MAX_ROWS = 10_000;

  @Option(names = "--index", description = "Index folder (stats under <index>/stats).")
  String index;

  @Option(names = "--stats", description = "Folder of the stats tables (default <index>/stats).")
  String stats;

  @Option(names = "--metrics", description = "metrics.json written by splade evaluate.")
  Path metrics;

  @Option(names = "--out", required = true, description = "Output folder (index.html, charts/).")
  Path out;

  @Option(names = "--title", defaultValue = "SPLADE index report", description = "Page title.")
  String title;

  @Option(names = "--master", description = "Spark master for a local run, e.g. local[*].")
  String master;

  @Override
  public Integer call() {
    SparkSession spark = LocalSpark.getOrCreate("splade-report", master, null);
    Path page = run(spark);
    System.out.println("report written to " + page);
    return 0;
  }

  /** Renders the report; returns the path of {@code index.html}. */
  public Path run(SparkSession spark) {
    if (stats == null && index == null) {
      throw SpladeException.of(
          "splade report", "needs the stats tables", "pass --index or --stats");
    }
    String dir = stats != null ? stats : index + "/stats";
    Table drift =
        DeltaTable.isDeltaTable(spark, dir + "/" + StatsTables.DRIFT)
            ? read(spark, dir, StatsTables.DRIFT)
            : null;
    ReportInput in =
        new ReportInput(
            title,
            read(spark, dir, StatsTables.SUMMARY),
            read(spark, dir, StatsTables.ACTIVE_DIMS_HIST),
            read(spark, dir, StatsTables.TOP_TOKENS),
            read(spark, dir, StatsTables.POSTING_LENGTHS),
            read(spark, dir, StatsTables.PRUNING),
            drift,
            metrics == null ? Map.of() : readMetrics(metrics));
    HtmlReport.write(in, out);
    return out.resolve("index.html");
  }

  private static Table read(SparkSession spark, String dir, String table) {
    String path = dir + "/" + table;
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw SpladeException.of(path, "is not a Delta table", "run splade stats first");
    }
    Dataset<Row> df = spark.read().format("delta").load(path);
    List<String> cols = List.of(df.columns());
    // A stable order: model, slice, then the table's natural key.
    String[] order =
        cols.contains("by")
            ? new String[] {"model_id", "slice", "by", "rank"}
            : cols.contains("bucket_start")
                ? new String[] {"model_id", "slice", "bucket_start"}
                : cols.contains("method")
                    ? new String[] {"model_id", "slice", "method", "param"}
                    : cols.contains("model_a")
                        ? new String[] {"slice"}
                        : new String[] {"model_id", "slice"};
    return SparkTables.collect(
        df.orderBy(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)), MAX_ROWS);
  }

  /** A flat JSON object of metric name → number, in file order. */
  public static Map<String, Double> readMetrics(Path file) {
    try {
      return new ObjectMapper()
          .readValue(
              Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, Double>>() {});
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(),
          "is not a metrics JSON object of numbers: " + e.getMessage(),
          "pass the metrics.json written by splade evaluate",
          e);
    }
  }
}
