package org.spladespark.jobs.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.Drift;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Summary;
import org.spladespark.schemas.StatsTables.Tokens;
import org.spladespark.schemas.TableRef;

/**
 * {@code splade report}: renders the stats tables (and metrics JSON) as HTML with PNG charts. For
 * spark-submit ({@link #main}, the options of {@link ReportCommand}) and for code ({@link #run}).
 */
public final class ReportJob {
  /** Rows read from any one stats table (the report tables are small). */
  static final int MAX_ROWS = 10_000;

  private ReportJob() {}

  /** spark-submit entry point: the {@code splade report} options. */
  public static void main(String[] args) {
    SpladeCli.main("report", args);
  }

  /** Renders the report; returns the path of {@code index.html}. */
  public static Path run(SparkSession spark, ReportOptions options) {
    String dir = options.stats();
    Table drift = readIfPresent(spark, dir, StatsTables.DRIFT, Drift.KEY);
    ReportInput in =
        new ReportInput(
            options.title(),
            read(spark, dir, StatsTables.SUMMARY, Summary.KEY),
            read(spark, dir, StatsTables.ACTIVE_DIMS_HIST, Histogram.KEY),
            read(spark, dir, StatsTables.TOP_TOKENS, Tokens.TOP_TOKENS_KEY),
            read(spark, dir, StatsTables.POSTING_LENGTHS, Histogram.KEY),
            read(spark, dir, StatsTables.PRUNING, Pruning.KEY),
            drift,
            options.metrics() == null ? Map.of() : readMetrics(options.metrics()),
            bench(options.bench()));
    HtmlReport.write(in, options.out());
    return options.out().resolve("index.html");
  }

  /** The rows of stats table {@code table}, in the order of its key. */
  private static Table read(SparkSession spark, String dir, String table, List<String> key) {
    Table rows = readIfPresent(spark, dir, table, key);
    if (rows == null) {
      throw SpladeException.of(
          TableRef.path(dir).child(table).location(),
          "is not a Delta table",
          "run splade stats first");
    }
    return rows;
  }

  /** {@link #read}, or null when the table does not exist (drift is written only on request). */
  private static Table readIfPresent(
      SparkSession spark, String dir, String table, List<String> key) {
    TableRef ref = TableRef.path(dir).child(table);
    if (!ref.exists(spark)) {
      return null;
    }
    Dataset<Row> df = ref.read(spark);
    return SparkTables.collect(
        df.orderBy(key.get(0), key.subList(1, key.size()).toArray(String[]::new)), MAX_ROWS);
  }

  private static Map<String, Map<String, Object>> bench(List<Path> files) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Path f : files) {
      out.put(f.getFileName().toString(), readFlat(f));
    }
    return out;
  }

  /**
   * Any JSON object flattened to key → value in file order: nested object keys joined by {@code .},
   * array elements as {@code key[i]}; numbers as Long or Double, other scalars as text.
   */
  public static Map<String, Object> readFlat(Path file) {
    try {
      JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
      if (root == null || !root.isObject()) {
        throw new IOException("not a JSON object");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      flatten("", root, out);
      return out;
    } catch (IOException e) {
      throw SpladeException.failed(
          file, "is not a JSON object", "pass the JSON file a splade bench or scale run wrote", e);
    }
  }

  private static void flatten(String key, JsonNode n, Map<String, Object> out) {
    if (n.isObject()) {
      n.properties()
          .forEach(
              e -> flatten(key.isEmpty() ? e.getKey() : key + "." + e.getKey(), e.getValue(), out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        flatten(key + "[" + i + "]", n.get(i), out);
      }
    } else if (n.isIntegralNumber()) {
      out.put(key, n.longValue());
    } else if (n.isNumber()) {
      out.put(key, n.doubleValue());
    } else {
      out.put(key, n.isNull() ? null : n.asText());
    }
  }

  /** A flat JSON object of metric name → number, in file order. */
  public static Map<String, Double> readMetrics(Path file) {
    try {
      return new ObjectMapper()
          .readValue(
              Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, Double>>() {});
    } catch (IOException e) {
      throw SpladeException.failed(
          file,
          "is not a metrics JSON object of numbers",
          "pass the metrics.json written by splade evaluate",
          e);
    }
  }
}
