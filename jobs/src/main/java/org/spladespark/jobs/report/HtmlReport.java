package org.spladespark.jobs.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spladespark.schemas.StatsTables;
import org.spladespark.schemas.StatsTables.Histogram;
import org.spladespark.schemas.StatsTables.Pruning;
import org.spladespark.schemas.StatsTables.Tokens;

/**
 * Renders a {@link ReportInput} as {@code index.html} plus {@code charts/*.png}.
 *
 * <p>Every table cell carries its column ({@code <td data-col="active_dims_mean">}) and numbers are
 * written by {@link #format}: integers as is, other numbers with 4 decimals, null as an em dash.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** The text of a value in the report. */
  public static String format(Object v) {
    if (v == null) {
      return "—";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return v.toString();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%.4f", d);
    }
    return v.toString();
  }

  /** Writes the report into {@code outDir}; returns the chart files written. */
  public static List<Path> write(ReportInput in, Path outDir) {
    List<Path> charts = new ArrayList<>();
    try {
      Files.createDirectories(outDir.resolve("charts"));
      StringBuilder h = new StringBuilder();
      h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .append(HtmlTables.esc(in.title()))
          .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
          .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}")
          .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}")
          .append(
              "th{background:#eee}td:first-child{text-align:left}img{display:block;margin:1em 0}")
          .append("</style></head><body>\n<h1>")
          .append(HtmlTables.esc(in.title()))
          .append("</h1>\n");
      if (in.metrics() != null && !in.metrics().isEmpty()) {
        metrics(h, in.metrics(), outDir, charts);
      }
      h.append("<section id=\"summary\"><h2>Sparsity summary</h2>\n");
      HtmlTables.table(h, in.summary());
      h.append("</section>\n");
      List<Object> models = in.summary().distinct(StatsTables.MODEL_ID);
      for (int m = 0; m < models.size(); m++) {
        model(h, in, String.valueOf(models.get(m)), m, outDir, charts);
      }
      h.append("<section id=\"top-tokens\"><h2>Top tokens</h2>\n");
      HtmlTables.table(h, in.topTokens());
      h.append("</section>\n<section id=\"pruning\"><h2>Pruning what-if</h2>\n");
      HtmlTables.table(h, in.pruning());
      h.append("</section>\n");
      if (in.drift() != null) {
        h.append("<section id=\"drift\"><h2>Model drift</h2>\n");
        HtmlTables.table(h, in.drift());
        h.append("</section>\n");
      }
      h.append("</body></html>\n");
      Files.writeString(outDir.resolve("index.html"), h.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report under " + outDir, e);
    }
    return charts;
  }

  private static void metrics(
      StringBuilder h, Map<String, Double> metrics, Path out, List<Path> charts) {
    h.append("<section id=\"metrics\"><h2>Evaluation</h2>\n<table class=\"metrics\">")
        .append("<tr><th>metric</th><th>value</th></tr>\n");
    Map<String, Double> ndcg = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> {
          h.append("<tr data-key=\"")
              .append(HtmlTables.esc(k))
              .append("\"><td>")
              .append(HtmlTables.esc(k))
              .append("</td><td data-col=\"value\">")
              .append(format(v))
              .append("</td></tr>\n");
          if (k.endsWith("dot_ndcg@10")) {
            String name = k.substring(0, k.length() - "dot_ndcg@10".length());
            ndcg.put(name.isEmpty() ? "(dataset)" : name.substring(0, name.length() - 1), v);
          }
        });
    h.append("</table>\n");
    if (!ndcg.isEmpty()) {
      chart(h, out, charts, "metrics_ndcg.png", "NDCG@10 per dataset");
      Charts.bars(out.resolve("charts/metrics_ndcg.png"), "NDCG@10", "dataset", "ndcg@10", ndcg);
    }
    h.append("</section>\n");
  }

  /** The rows of {@code model} over the whole corpus (slice {@value StatsTables#ALL}). */
  private static Table wholeCorpus(Table t, String model) {
    return t.where(StatsTables.MODEL_ID, model).where(StatsTables.SLICE, StatsTables.ALL);
  }

  /** A chart file of the report and its title. */
  private record Chart(Path out, List<Path> charts, String file, String title) {}

  /** A bar chart of a bucketed table's {@code valueColumn}, when the table has rows. */
  private static void histogram(
      StringBuilder h,
      Table buckets,
      String valueColumn,
      Chart c,
      String categoryAxis,
      String valueAxis) {
    if (buckets.isEmpty()) {
      return;
    }
    Charts.bars(
        c.out().resolve("charts").resolve(c.file()),
        c.title(),
        categoryAxis,
        valueAxis,
        buckets(buckets, valueColumn));
    chart(h, c.out(), c.charts(), c.file(), c.title());
  }

  private static void model(
      StringBuilder h, ReportInput in, String model, int m, Path out, List<Path> charts) {
    h.append("<section class=\"model\" data-model=\"")
        .append(HtmlTables.esc(model))
        .append("\"><h2>Model ")
        .append(HtmlTables.esc(model))
        .append(" (whole corpus)</h2>\n");
    histogram(
        h,
        wholeCorpus(in.activeDimsHist(), model),
        Histogram.DOCS,
        new Chart(out, charts, "active_dims_" + m + ".png", "Active dimensions per document"),
        "active dims",
        "documents");
    histogram(
        h,
        wholeCorpus(in.postingLengths(), model),
        Histogram.TOKENS,
        new Chart(out, charts, "posting_lengths_" + m + ".png", "Posting-list lengths"),
        "postings per token",
        "tokens");
    Table top = wholeCorpus(in.topTokens(), model).where(Tokens.BY, Tokens.MASS);
    if (!top.isEmpty()) {
      Map<String, Number> v = new LinkedHashMap<>();
      for (int i = 0; i < top.rows().size(); i++) {
        Object token = top.get(i, Tokens.TOKEN);
        v.put(
            token != null ? token.toString() : "#" + top.get(i, Tokens.TOKEN_ID),
            top.number(i, Tokens.MASS));
      }
      String f = "top_tokens_" + m + ".png";
      Charts.horizontalBars(
          out.resolve("charts").resolve(f), "Top tokens by mass", "token", "mass", v);
      chart(h, out, charts, f, "Top tokens by mass");
    }
    Table pr = wholeCorpus(in.pruning(), model);
    if (!pr.isEmpty()) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (int i = 0; i < pr.rows().size(); i++) {
        series
            .computeIfAbsent(String.valueOf(pr.get(i, Pruning.METHOD)), k -> new ArrayList<>())
            .add(
                new double[] {
                  pr.number(i, Pruning.POSTINGS_SAVED_SHARE),
                  pr.number(i, Pruning.MASS_RETAINED_SHARE)
                });
      }
      String f = "pruning_" + m + ".png";
      Charts.lines(
          out.resolve("charts").resolve(f),
          "Pruning what-if",
          "share of postings saved",
          "share of mass retained",
          series);
      chart(h, out, charts, f, "Pruning what-if");
    }
    h.append("</section>\n");
  }

  /** "start–end" → value, ordered by bucket start. */
  private static Map<String, Number> buckets(Table t, String valueColumn) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < t.rows().size(); i++) {
      order.add(i);
    }
    order.sort(
        (a, b) ->
            Double.compare(
                t.number(a, Histogram.BUCKET_START), t.number(b, Histogram.BUCKET_START)));
    Map<String, Number> v = new LinkedHashMap<>();
    for (int i : order) {
      v.put(
          format(t.get(i, Histogram.BUCKET_START)) + "–" + format(t.get(i, Histogram.BUCKET_END)),
          (Number) t.get(i, valueColumn));
    }
    return v;
  }

  private static void chart(StringBuilder h, Path out, List<Path> charts, String file, String alt) {
    charts.add(out.resolve("charts").resolve(file));
    h.append("<img src=\"charts/")
        .append(file)
        .append("\" alt=\"")
        .append(HtmlTables.esc(alt))
        .append("\">\n");
  }
}
