package org.spladespark.jobs.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.spladespark.errors.SpladeException;
import org.spladespark.jobs.cli.SpladeCli;
import org.spladespark.jobs.report.HtmlTables;
import org.spladespark.jobs.report.SparkTables;
import org.spladespark.jobs.report.Table;

/**
 * {@code splade notebook FILE --index PATH --out report.html}: runs a Databricks SQL notebook
 * locally. Widgets take their defaults, {@code index_path} is {@code --index}, {@code --param}
 * overrides any widget; {@code CREATE WIDGET} statements are skipped (they only exist on
 * Databricks); every other statement runs with {@code spark.sql} in cell order, and the result of
 * each cell's last statement is rendered (up to {@code --max-rows} rows). For spark-submit ({@link
 * #main}, the options of {@link NotebookCommand}) and for code ({@link #run}).
 */
public final class NotebookJob {
  private NotebookJob() {}

  /** One executed cell: markdown, or SQL with the result of its last statement. */
  public record CellResult(Notebook.Cell cell, String sql, Table result) {}

  /** spark-submit entry point: the {@code splade notebook} options. */
  public static void main(String[] args) {
    SpladeCli.main("notebook", args);
  }

  /** Runs the notebook and writes the HTML; returns the executed cells. */
  public static List<CellResult> run(SparkSession spark, NotebookOptions options) {
    Path file = options.file();
    Notebook nb;
    try {
      nb = Notebook.parse(file.getFileName().toString(), Files.readString(file));
    } catch (IOException e) {
      throw SpladeException.of(
          file.toString(), "cannot be read: " + e.getMessage(), "check the path", e);
    }
    Map<String, String> values = new LinkedHashMap<>(nb.widgets());
    if (options.index() != null) {
      values.put("index_path", options.index());
    }
    values.putAll(options.params());
    List<CellResult> results = new ArrayList<>();
    for (Notebook.Cell c : nb.cells()) {
      if (c.markdown()) {
        results.add(new CellResult(c, null, null));
        continue;
      }
      String sql = nb.substitute(c.number(), c.text(), values);
      Table last = null;
      for (String statement : Notebook.statements(sql)) {
        if (Notebook.isWidget(statement)) {
          continue;
        }
        try {
          last = SparkTables.collect(spark.sql(statement), options.maxRows());
        } catch (Exception e) { // AnalysisException is checked in Scala's eyes, not javac's
          // Analysis errors surface in spark.sql, missing files only when rows are read.
          throw SpladeException.of(
              nb.name() + " cell " + c.number(),
              "statement failed: " + firstLine(e.getMessage()),
              "check the tables under the index path and the widget values",
              e);
        }
      }
      results.add(new CellResult(c, sql, last));
    }
    write(nb, values, results, options.out());
    return results;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void write(
      Notebook nb, Map<String, String> values, List<CellResult> results, Path out) {
    StringBuilder h = new StringBuilder();
    HtmlTables.head(
        h,
        nb.name(),
        "td,th{border:1px solid #ccc;padding:3px 6px}th{background:#eee}"
            + "pre{background:#f6f6f6;padding:.5em;overflow:auto}");
    h.append("<p class=\"params\">");
    values.forEach(
        (k, v) ->
            h.append("<code>")
                .append(HtmlTables.esc(k))
                .append(" = ")
                .append(HtmlTables.esc(v))
                .append("</code> "));
    h.append("</p>\n");
    for (CellResult r : results) {
      h.append("<div class=\"cell\" data-cell=\"").append(r.cell().number()).append("\">\n");
      if (r.cell().markdown()) {
        h.append(Markdown.toHtml(r.cell().text()));
      } else {
        h.append("<pre>").append(HtmlTables.esc(r.sql())).append("</pre>\n");
        if (r.result() != null) {
          HtmlTables.table(h, r.result());
        }
      }
      h.append("</div>\n");
    }
    h.append("</body></html>\n");
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, h.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw SpladeException.of(
          out.toString(), "cannot be written: " + e.getMessage(), "check the path", e);
    }
  }
}
