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
  /** Tokens in the top-tokens chart (the table lists them all). */
  static final int CHART_TOKENS = 20;

  /** Longest token label in a chart, in characters (longer ones end in an ellipsis). */
  static final int CHART_LABEL_CHARS = 18;

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
    return render(in, outDir).stream().map(Charts.ChartInfo::png).toList();
  }

  /** Writes the report into {@code outDir}; returns what each chart shows. */
  public static List<Charts.ChartInfo> render(ReportInput in, Path outDir) {
    List<Charts.ChartInfo> charts = new ArrayList<>();
    try {
      Files.createDirectories(outDir.resolve("charts"));
      StringBuilder h = new StringBuilder();
      HtmlTables.head(
          h,
          in.title(),
          "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
              + "th{background:#eee}td:first-child{text-align:left}"
              + "img{display:block;margin:1em 0;max-width:100%;height:auto}");
      h.append("<h1>").append(HtmlTables.esc(in.title())).append("</h1>\n");
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
      if (!in.bench().isEmpty()) {
        h.append("<section id=\"bench\"><h2>Scale and benchmark runs</h2>\n");
        in.bench()
            .forEach(
                (file, values) -> {
                  h.append("<h3>").append(HtmlTables.esc(file)).append("</h3>\n");
                  keyValues(h, values);
                });
        h.append("</section>\n");
      }
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

  /** A two-column table of key → value rows ({@code <tr data-key="...">}). */
  private static void keyValues(StringBuilder h, Map<String, ?> values) {
    h.append("<table class=\"metrics\"><tr><th>key</th><th>value</th></tr>\n");
    values.forEach(
        (k, v) ->
            h.append("<tr data-key=\"")
                .append(HtmlTables.esc(k))
                .append("\"><td>")
                .append(HtmlTables.esc(k))
                .append("</td><td data-col=\"value\">")
                .append(HtmlTables.esc(format(v)))
                .append("</td></tr>\n"));
    h.append("</table>\n");
  }

  private static void metrics(
      StringBuilder h, Map<String, Double> metrics, Path out, List<Charts.ChartInfo> charts) {
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
      chart(
          h,
          charts,
          Charts.bars(
              out.resolve("charts/metrics_ndcg.png"), "NDCG@10", "dataset", "ndcg@10", ndcg),
          "NDCG@10 per dataset");
    }
    h.append("</section>\n");
  }

  /** The rows of {@code model} over the whole corpus (slice {@value StatsTables#ALL}). */
  private static Table wholeCorpus(Table t, String model) {
    return t.where(StatsTables.MODEL_ID, model).where(StatsTables.SLICE, StatsTables.ALL);
  }

  /** A chart file of the report and its title. */
  private record Chart(Path out, List<Charts.ChartInfo> charts, String file, String title) {}

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
    chart(
        h,
        c.charts(),
        Charts.bars(
            c.out().resolve("charts").resolve(c.file()),
            c.title(),
            categoryAxis,
            valueAxis,
            buckets(buckets, valueColumn)),
        c.title());
  }

  private static void model(
      StringBuilder h,
      ReportInput in,
      String model,
      int m,
      Path out,
      List<Charts.ChartInfo> charts) {
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
      int n = Math.min(CHART_TOKENS, top.rows().size());
      for (int i = 0; i < n; i++) {
        Object token = top.get(i, Tokens.TOKEN);
        Object id = top.get(i, Tokens.TOKEN_ID);
        String label =
            ChartFonts.tokenLabel(token == null ? null : token.toString(), id, CHART_LABEL_CHARS);
        // Two long tokens may shorten to the same label: the id tells them apart.
        v.put(v.containsKey(label) ? label + " #" + id : label, top.number(i, Tokens.MASS));
      }
      String f = "top_tokens_" + m + ".png";
      chart(
          h,
          charts,
          Charts.horizontalBars(
              out.resolve("charts").resolve(f), "Top " + n + " tokens by mass", "token", "mass", v),
          "Top tokens by mass (full tokens in the table below)");
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
      chart(
          h,
          charts,
          Charts.lines(
              out.resolve("charts").resolve(f),
              "Pruning what-if",
              "share of postings saved",
              "share of mass retained",
              series),
          "Pruning what-if");
    }
    h.append("</section>\n");
  }

  /** "start–end" (or "start" for a one-value bucket) → value, ordered by bucket start. */
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
      String start = format(t.get(i, Histogram.BUCKET_START));
      String end = format(t.get(i, Histogram.BUCKET_END));
      // A bucket of one value is labelled by it ("1", not "1–1").
      v.put(start.equals(end) ? start : start + "–" + end, (Number) t.get(i, valueColumn));
    }
    return v;
  }

  private static void chart(
      StringBuilder h, List<Charts.ChartInfo> charts, Charts.ChartInfo chart, String alt) {
    charts.add(chart);
    h.append("<img src=\"charts/")
        .append(chart.png().getFileName())
        .append("\" width=\"")
        .append(chart.width())
        .append("\" height=\"")
        .append(chart.height())
        .append("\" alt=\"")
        .append(HtmlTables.esc(alt))
        .append("\">\n");
  }
}
