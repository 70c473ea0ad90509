package org.spladespark.jobs.report;

import java.util.List;

/** HTML escaping and {@link Table} rendering shared by the report and the notebook runner. */
public final class HtmlTables {
  private HtmlTables() {}

  /**
   * Starts a page of the project's HTML outputs (report, notebook): doctype, title and the shared
   * style rules (page and table), then {@code css}, the page's own rules; the body is open.
   */
  public static void head(StringBuilder h, String title, String css) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
        .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}")
        .append(css)
        .append("</style></head><body>\n");
  }

  /** Escapes text for HTML content and double-quoted attributes. */
  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Appends {@code t} as a table whose cells carry their column: {@code <td data-col="c">}. */
  public static void table(StringBuilder h, Table t) {
    h.append("<table><tr>");
    for (String c : t.columns()) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr>\n");
    for (List<Object> r : t.rows()) {
      h.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        h.append("<td data-col=\"")
            .append(esc(t.columns().get(i)))
            .append("\">")
            .append(esc(HtmlReport.format(r.get(i))))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }
}
