package org.spladespark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.spark.Commands;
import org.spladespark.jobs.testing.SampleStats;
import org.spladespark.jobs.testing.SparkTestSession;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.TableRef;

/** The report of the sample index: charts are valid PNGs and the HTML shows the tables' numbers. */
class ReportJobIT {
  @Test
  void reportMatchesTheStatsTables() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String stats = SampleStats.stats();
    Path out = SparkTestSession.newDir("report");
    Path metrics = out.resolve("metrics.json");
    Files.writeString(metrics, "{\"scifact_dot_ndcg@10\": 0.5, \"scifact_avg_flops\": 2.25}");
    Path page =
        ReportJob.run(
            spark,
            Commands.parse(
                new ReportCommand(),
                "--stats",
                stats,
                "--metrics",
                metrics.toString(),
                "--out",
                out.toString()));
    String html = Files.readString(page);
    for (String png :
        List.of(
            "metrics_ndcg.png",
            "active_dims_0.png",
            "posting_lengths_0.png",
            "top_tokens_0.png",
            "pruning_0.png")) {
      HtmlReportTest.assertPng(out.resolve("charts").resolve(png));
    }
    // Summary rows in (model, slice) order: all, source=a, source=b.
    List<Row> summary =
        spark
            .read()
            .format("delta")
            .load(stats + "/" + StatsTables.SUMMARY)
            .orderBy("model_id", "slice")
            .collectAsList();
    for (String col :
        List.of("docs", "active_dims_mean", "active_dims_p90", "l1_mass_mean", "est_flops")) {
      List<String> expected = summary.stream().map(r -> HtmlReport.format(r.getAs(col))).toList();
      assertEquals(expected, HtmlReportTest.cells(html, col), col);
    }
    assertEquals("1.7500", HtmlReportTest.cells(html, "active_dims_mean").get(0)); // by hand: 7/4
    assertEquals("0.8125", HtmlReportTest.cells(html, "est_flops").get(0)); // 13/16
    assertEquals(List.of("0.5000", "2.2500"), HtmlReportTest.cells(html, "value"));
    assertTrue(html.contains("id=\"drift\""));
    assertEquals("-0.5000", HtmlReportTest.cells(html, "active_dims_delta_mean").get(0));
  }

  @Test
  void eachTableKeyNamesOneRowOfTheSampleStats() {
    SparkSession spark = SparkTestSession.get();
    String stats = SampleStats.stats();
    Map<String, List<String>> keys =
        Map.of(
            StatsTables.SUMMARY, StatsTables.Summary.KEY,
            StatsTables.ACTIVE_DIMS_HIST, StatsTables.Histogram.KEY,
            StatsTables.POSTING_LENGTHS, StatsTables.Histogram.KEY,
            StatsTables.TOP_TOKENS, StatsTables.Tokens.TOP_TOKENS_KEY,
            StatsTables.PRUNING, StatsTables.Pruning.KEY,
            StatsTables.DRIFT, StatsTables.Drift.KEY);
    keys.forEach(
        (table, key) -> {
          Dataset<Row> rows = TableRef.path(stats).child(table).read(spark);
          long n = rows.count();
          assertTrue(n > 1, table + " has " + n + " rows");
          assertEquals(
              n,
              rows.select(key.stream().map(functions::col).toArray(Column[]::new))
                  .distinct()
                  .count(),
              table + " by " + key);
        });
  }

  @Test
  void missingStatsIsAUserError() {
    Path empty = SparkTestSession.newDir("no-stats");
    ReportOptions options =
        Commands.parse(
            new ReportCommand(),
            "--index",
            empty.toString(),
            "--out",
            empty.resolve("r").toString());
    SpladeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SpladeException.class, () -> ReportJob.run(SparkTestSession.get(), options));
    assertEquals(
        empty + "/stats/summary: is not a Delta table. Fix: run splade stats first",
        e.getMessage());
  }
}
